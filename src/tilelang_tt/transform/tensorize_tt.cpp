// tensorize_tt (see the header for the contract). One Tensorizer per Kernel: a pre-scan classifies the
// kernel's buffers (vector orientation, who reads them), then statements are rewritten into TT tile ops
// with CBs assigned on first use, and finally tt.pop is placed where each version stops being live.
#include "tilelang_tt/transform/tensorize_tt.h"

#include <limits>
#include <optional>
#include <set>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_cumsum_lowering.h"
#include "tilelang_tt/transform/tt_dst_spill.h"
#include "tilelang_tt/transform/tt_float8.h"
#include "tilelang_tt/transform/tt_fp32_exact.h"
#include "tilelang_tt/transform/tt_int_reduce.h"
#include "tilelang_tt/transform/tt_gather_lowering.h"
#include "tilelang_tt/transform/tt_int_tiles.h"
#include "tilelang_tt/transform/tt_im2col_lowering.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_padded_blocks.h"
#include "tilelang_tt/transform/tt_parallel_match.h"
#include "tilelang_tt/transform/tt_permutation.h"
#include "tilelang_tt/transform/tt_pop_insertion.h"
#include "tilelang_tt/transform/tt_print_lowering.h"
#include "tilelang_tt/transform/tt_range_fold.h"
#include "tilelang_tt/transform/tt_reduce_lowering.h"
#include "tilelang_tt/transform/tt_scalar_check.h"
#include "tilelang_tt/transform/tt_tensor_layout.h"

namespace tl::tt {

namespace {

Expr i32(int64_t v) { return make_int(v); }

class Tensorizer : public IRMutator {
 public:
  Tensorizer(const PrimFunc& f, std::map<std::string, std::string>& func_attrs, const DeviceParams& dev,
             bool fp32_dest, bool fp32_exact, bool fp32_exact_broadcast)
      : func_attrs_(func_attrs), dev_(dev), fp32_dest_(fp32_dest), fp32_exact_(fp32_exact),
        fp32_exact_broadcast_(fp32_exact_broadcast) {
    fp32_acc_ = fp32_dest;
    const std::vector<Buffer> tensors = tt_global_tensors(f);
    for (size_t i = 0; i < tensors.size(); ++i) param_index_[tensors[i].get()] = static_cast<int>(i);
  }

  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    check_tt_scalar_scopes(n);
    scan_ = scan_kernel(n);
    padded_ = scan_padded_blocks(n.body);
    block_vars_.clear();
    for (auto& v : n.block_vars) block_vars_.insert(v.get());
    auto ng = n.attrs.find("tt.not_grouped");  // why sub-tile blocks were not grouped (tt_block_grouping.h)
    not_grouped_ = ng == n.attrs.end() ? "" : ng->second;
    if (n.attrs.count("tt.fp32_acc")) fp32_acc_ = true;  // set by lower_tt_float8
    check_gemm_dtypes(n.body);
    Stmt body = mutate(fold_tt_ranges(n.body));  // decided masks, matmuls onto zero fills (tt_range_fold.h)
    if (scaler_)  // the reductions' scaler: one tile of 1.0, made once per kernel, read by every tt.reduce
      body = make_seq({make_tt_op("tt.scaler", {i32(scaler_->index)}, n.span), body}, n.span);
    body = exact_broadcasts(body, !fp32_exact_broadcast_);  // comparisons read vectors exactly by default
    body = spill(body);
    body = insert_pops(body, cbs_);
    scaler_.reset();
    scratch_.clear();
    auto attrs = n.attrs;
    attrs["tt.cbs"] = encode_cbs(cbs_);
    attrs.merge(print_attrs_);  // tt.print.<id> (tt_print_lowering.h)
    print_attrs_.clear();
    if (fp32_acc_) attrs["tt.fp32_acc"] = "1";
    verify_cb_count(n);
    cbs_.clear();
    cb_of_.clear();
    split_cbs_.clear();
    vector_cbs_.clear();
    return make_kernel(n.grid, n.block_vars, n.threads, tt_kept_scalars(n, body), attrs, body, n.span);
  }

  Stmt mutate_Copy(const CopyNode& n, const Stmt& s) override {
    bool src_global = n.src.buffer->scope == Scope::Global, dst_global = n.dst.buffer->scope == Scope::Global;
    if (src_global && dst_global) return copy_global(n);
    if (src_global) return copy_in(n.src, n.dst.buffer, n.span);
    if (dst_global) return copy_out(n.src.buffer, n.dst, n.span);
    tt_check_whole(n.src, "T.copy", n.span);
    tt_check_whole(n.dst, "T.copy", n.span);
    const CBInfo src = cb(n.src.buffer, n.span);
    compute_writes(n.dst.buffer, n.span);
    const CBInfo dst = cb(n.dst.buffer, n.span);
    return copy_tiles(src, dst, n.span);
  }

  Stmt mutate_Fill(const FillNode& n, const Stmt& s) override {
    if (n.dst.buffer->scope == Scope::Global)
      throw UserError("T.fill", "filling a global tensor is not supported on tenstorrent; fill a fragment and "
                                "T.copy it out", n.span);
    if (is_scalar_buffer(n.dst.buffer))  // T.clear(x) of a T.alloc_var: scalar code, x = 0
      return mutate(make_store(n.dst.buffer, {i32(0)}, make_cast(n.dst.buffer->dtype, n.value), n.span));
    tt_check_whole(n.dst, "T.fill", n.span);
    compute_writes(n.dst.buffer, n.span);
    const CBInfo c = cb(n.dst.buffer, n.span);
    // A constant value is the interpreter's, converted to the buffer's dtype (T.fill(int_buf, 1.5) fills 1;
    // T.fill(f32_buf, T.cast(x, "float16")) the float16 value): both targets fill the same numbers.
    const DType bt = n.dst.buffer->dtype;
    if (auto k = interp::eval_closed(n.value)) {
      const interp::Value x = interp::convert(n.value->dtype, bt, *k);
      if (c.format == "Int32") {
        fp32_acc_ = true;  // int32 tiles need the 32-bit DST
        return make_tt_op("tt.fill_tiles", {i32(c.index), i32(c.tiles), make_int(x.i)}, n.span);
      }
      const double f = dtype_is_float(bt) ? x.f : static_cast<double>(x.i);  // bool: a 0/1 float tile
      return make_tt_op("tt.fill_tiles", {i32(c.index), i32(c.tiles), make_cast(DType::Float32, make_float(f))},
                        n.span);
    }
    Expr v = n.value;
    while (auto* cst = v->as<CastNode>()) v = cst->value;
    if (c.format == "Int32")
      throw UserError("T.fill", "filling int32 buffer " + n.dst.buffer->name + " needs a constant value, got " +
                                print_expr(n.value), n.span);
    return make_tt_op("tt.fill_tiles", {i32(c.index), i32(c.tiles), make_cast(DType::Float32, v)}, n.span);
  }

  // The matrix engine multiplies float tiles only. Checked for the whole kernel first, so that an integer operand
  // is reported at its T.gemm rather than where its buffer is first loaded.
  static void check_gemm_dtypes(const Stmt& body) {
    struct Gemms : IRVisitor {
      void visit_Gemm(const GemmNode& n, const Stmt&) override {
        for (const BufferRegion* r : {&n.a, &n.b, &n.c})
          if (!dtype_is_float(r->buffer->dtype))
            throw UserError("T.gemm", "operand " + r->buffer->name + " has dtype " + dtype_name(r->buffer->dtype) +
                                      ": the tenstorrent matrix engine multiplies and accumulates float tiles only "
                                      "(the SDK's matmul has no int8 x int8 -> int32 or int32 path, and float "
                                      "products of int32 values are not exact); use float32, bfloat16 or float16 "
                                      "operands and accumulator", n.span);
      }
    } g;
    g.visit(body);
  }

  Stmt mutate_Gemm(const GemmNode& n, const Stmt& s) override {
    for (const BufferRegion* r : {&n.a, &n.b, &n.c}) {
      if (r->buffer->scope == Scope::Global)
        throw UserError("T.gemm", "operand " + r->buffer->name + " is a global tensor: on tenstorrent T.gemm "
                                  "takes shared or fragment buffers; T.copy it into one first", n.span);
      tt_check_whole(*r, "T.gemm", n.span);
      if (r->buffer->shape.size() != 2)
        throw UserError("T.gemm", "operand " + r->buffer->name + " must be 2-D on tenstorrent", n.span);
    }
    // Tiles along dimension d: a padded block's cover (tt_padded_blocks.h).
    auto dim = [](const BufferRegion& r, int d) { return (*as_const_int(r.buffer->shape[d]) + 31) / 32; };
    int64_t mt = dim(n.a, n.transpose_a), kt = dim(n.a, !n.transpose_a), nt = n.transpose_b ? dim(n.b, 0) : dim(n.b, 1);
    CBInfo a = cb(n.a.buffer, n.span);
    std::vector<Stmt> out;
    if (n.transpose_a) {  // Aᵀ (M×K) into a staging CB: the matrix engine transposes B only
      CBInfo at = fresh_cb(n.a.buffer->dtype, a.tiles, false, n.span);
      out.push_back(transpose_tiles(a, at, kt, mt, n.span));
      a = at;
    }
    const CBInfo b = cb(n.b.buffer, n.span);
    bool clear = n.clear_accum || !initialised_.count(n.c.buffer.get());
    if (!n.clear_accum && !initialised_.count(n.c.buffer.get()))
      throw UserError("T.gemm", "accumulator " + n.c.buffer->name + " is used before it is initialised: add "
                                "T.clear(" + n.c.buffer->name + ") before the loop, or pass clear_accum=True", n.span);
    compute_writes(n.c.buffer, n.span);
    const CBInfo c = cb(n.c.buffer, n.span, /*rmw=*/true);
    if (n.c.buffer->dtype == DType::Float32) fp32_acc_ = true;
    out.push_back(make_tt_op("tt.matmul", {i32(a.index), i32(b.index), i32(c.index), i32(mt), i32(nt), i32(kt),
                                           i32(n.transpose_b), i32(clear)}, n.span));
    return make_seq(out, n.span);
  }

  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind == ForKind::Parallel) return parallel(s);
    const bool staged = n.for_kind == ForKind::Pipelined && n.num_stages > 0;
    if (staged) pipelined_.push_back(&n);
    Stmt out = IRMutator::mutate_For(n, s);
    if (staged) pipelined_.pop_back();
    return out;
  }

  // Lets in scope, so that block offsets named by the user (`start_y = by * block_M`, as upstream's
  // element-wise examples do) can be seen to be tile-aligned.
  Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    lets_[n.var.get()] = n.value;
    Stmt out = IRMutator::mutate_LetStmt(n, s);
    lets_.erase(n.var.get());
    return out;
  }

  // A store into a scalar outside T.Parallel is scalar code the kernels run on their RISC-V cores
  // (is_scalar_buffer); its value may read constants, block and loop variables and other scalars only.
  Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    check_tt_scalar_store(n);
    return s;
  }
  Stmt mutate_Reduce(const ReduceNode& n, const Stmt& s) override {
    const std::string opname = std::string("T.reduce_") + reduce_kind_name(n.reduce_kind);
    ReduceLowering r = plan_reduce(n, opname);
    int dim = n.dim;
    if (r.to_scalar) {  // the vector's tiles reduced along its orientation: the value lands at [0, 0]
      const bool col = scan_.col_vectors.count(n.src.buffer.get()) > 0;
      dim = col ? 0 : 1;
      if (!col) std::swap(r.rows, r.cols);
    }
    if (n.dim == 0 && scan_.col_vectors.count(n.dst.buffer.get()))
      throw UserError(opname, n.dst.buffer->name + " holds one value per column (dim=0) but is also used per row "
                              "(indexed by a row index); tenstorrent keeps one orientation per vector", n.span);
    std::vector<Stmt> out;
    const CBInfo src = cb(n.src.buffer, n.span);
    uint32_t in = src.index;
    const DType sdt = n.src.buffer->dtype;
    // A max or min whose result a comparison reads selects elements (top-k, arg-max: `m[i] == x[i, j]`): exact.
    const bool selects = r.kind != TTReduce::Sum && scan_.compared.count(n.dst.buffer.get());
    const bool exact = (fp32_exact_ || selects) && (sdt == DType::Float32 || sdt == DType::Float16);
    const bool int32 = sdt == DType::Int32;  // tt_int_reduce.h
    if (r.valid && (exact || int32))
      throw UserError(opname, "the source " + n.src.buffer->name + " has " + std::to_string(r.valid) + " elements "
                              "along the reduced dimension, not a multiple of 32: on tenstorrent its pad is masked "
                              "for float reductions on the FPU only, not yet for exact (float32 selecting, "
                              "tt.fp32_exact) or int32 ones", n.span);
    if ((r.pre || r.valid) && !exact && !int32) {  // |x| or -x first, into a staging CB of the source's format
      Expr leaf = make_extern("tt.tile", DType::Float32, {i32(src.index)});
      const double identity = r.kind == TTReduce::Sum ? 0.0 : -std::numeric_limits<double>::infinity();
      in = staged(n.src.buffer->dtype, r.pre ? r.pre(leaf) : leaf, r.rows, r.cols, n.dim, r.valid, identity, out,
                  n.span);
    }
    if (!n.clear && !initialised_.count(n.dst.buffer.get()))
      throw UserError(opname, "clear=False folds into " + n.dst.buffer->name + ", which is used before it is "
                              "initialised: T.fill it first, or pass clear=True", n.span);
    if (!scaler_) scaler_ = fresh_cb(DType::BFloat16, 1, false, n.span);
    compute_writes(n.dst.buffer, n.span);
    const CBInfo dst = cb(n.dst.buffer, n.span, /*rmw=*/!n.clear);
    if (n.dst.buffer->dtype == DType::Float32 || n.src.buffer->dtype == DType::Float32) fp32_acc_ = true;
    if (exact || int32) {  // tt_fp32_exact.h, tt_int_reduce.h; part and vector CBs shared by the kernel's reductions
      fp32_acc_ = true;
      auto shared = [&](uint32_t tiles, int k, std::vector<uint32_t>& set, DType t = DType::BFloat16) {
        return shared_cb(tiles, k, set, *tt_format(t));
      };
      const uint32_t outer = static_cast<uint32_t>(dim == 1 ? r.rows : r.cols);
      const ExactReduce er{r, src.index, dst.index, scaler_->index, dim, n.clear};
      auto part = [&](int k) { return shared(src.tiles, k, split_cbs_[src.tiles]); };
      auto more = int32 ? lower_int_reduce(er, part, [&](int k, bool fp32) {
                            return fp32 ? shared(outer, k, sum_vector_cbs_[outer], DType::Float32)
                                        : shared(outer, k, vector_cbs_[outer]);
                          }, shared(src.tiles, 0, lo_cbs_[src.tiles], DType::Float32), n.span)
                        : lower_exact_reduce(er, part, [&](int k) { return shared(outer, k, vector_cbs_[outer]); },
                                             n.span);
      out.insert(out.end(), more.begin(), more.end());
      return make_seq(out, n.span);
    }
    out.push_back(make_tt_op("tt.reduce", {i32(in), i32(dst.index), i32(static_cast<int>(r.kind)), i32(dim),
                                           i32(r.rows), i32(r.cols), i32(n.clear), i32(scaler_->index)}, n.span));
    return make_seq(out, n.span);
  }
  // The reader gathers the block row-major from the image's sticks; compute tilizes it (tt_gather_lowering.h).
  Stmt mutate_Im2Col(const Im2ColNode& n, const Stmt& s) override {
    tt_check_whole(n.dst, "T.im2col", n.span);
    cb(n.dst.buffer, n.span);  // first: a block that is not whole tiles is reported at its alloc
    return row_gather(plan_im2col(n), "T.im2col", n.span);
  }

  Stmt row_gather(const RowGather& g, const char* opname, const Span& sp) {
    const CBInfo dst = cb(g.dst, sp);
    if (tt_tensor_format(func_attrs_, g.src) != tt_format(g.src->dtype))
      throw UserError(opname, "tensor " + g.src->name + " is stored as " + *tt_tensor_format(func_attrs_, g.src) +
                              ", but an im2col gather reads it row-major in its dtype: drop its format annotation",
                      sp);
    tt_set_layout(func_attrs_, g.src, "tt.sticks.", sticks_of(g), opname, sp);
    compute_writes(g.dst, sp);
    CBInfo rows = fresh_cb(g.src->dtype, dst.tiles, true, sp);
    return make_seq({lower_row_gather(g, tensor_of(g.src), rows.index, sp),
                     make_tt_op("tt.tilize", {i32(rows.index), i32(dst.index), i32(g.rows / 32), i32(g.cols / 32)},
                                sp)}, sp);
  }

  // The block's tiles, converted to the tensor's format, untilized by compute into row-major pages that the writer
  // stores row by row (tt_gather_lowering.h, match_scatter).
  Stmt row_scatter(RowGather sc, const Span& sp) {
    Stmt first;
    if (sc.value) {  // a computed value: element-wise code into a block of the tensor's dtype first
      const int64_t rc[2] = {sc.rows, sc.cols};
      sc.dst = make_buffer(sc.src->name + "_rows", sc.src->dtype, {i32(rc[0]), i32(rc[1])}, Scope::Fragment, sp);
      Stmt st = make_store(sc.dst, {sc.i, sc.j}, make_cast(sc.src->dtype, sc.value), sp);
      for (auto it = sc.lets.rbegin(); it != sc.lets.rend(); ++it) st = make_let(it->first, it->second, st, sp);
      first = parallel(make_for(sc.i, i32(0), i32(rc[0]), ForKind::Parallel,
                                make_for(sc.j, i32(0), i32(rc[1]), ForKind::Parallel, st, sp), sp));
    }
    const CBInfo blk = cb(sc.dst, sp);
    if (tt_tensor_format(func_attrs_, sc.src) != tt_format(sc.src->dtype))
      throw UserError("T.Parallel", "tensor " + sc.src->name + " is stored as " + *tt_tensor_format(func_attrs_, sc.src) +
                                    ", but rows stored at a row read at run time are written row-major in its dtype: "
                                    "drop its format annotation", sp);
    tt_set_layout(func_attrs_, sc.src, "tt.sticks.", sticks_of(sc), "T.Parallel", sp);
    const CBInfo stage = fresh_cb(sc.src->dtype, blk.tiles, false, sp);
    const CBInfo rows = fresh_cb(sc.src->dtype, blk.tiles, false, sp, /*to_writer=*/true);
    return make_seq({first ? first : make_evaluate(i32(0), sp), copy_tiles(blk, stage, sp),
                     make_tt_op("tt.untilize", {i32(stage.index), i32(rows.index), i32(sc.rows / 32), i32(sc.cols / 32)}, sp),
                     lower_row_scatter(sc, tensor_of(sc.src), rows.index, sp)}, sp);
  }

  Stmt mutate_Print(const PrintNode& n, const Stmt& s) override {
    PrintContext ctx{[&](const Buffer& b) { return cb(b, n.span); },
                     [&](const Buffer& b) { return initialised_.count(b.get()) > 0; },
                     [&](const Buffer& b) { return scan_.col_vectors.count(b.get()) > 0; },
                     [&](uint32_t tiles) { return fresh_cb("Float32", tiles, false, false); }, &print_attrs_};
    return lower_print(n, ctx);
  }

  // A product with a triangular matrix of ones on the matrix engine (tt_cumsum_lowering.h).
  Stmt mutate_CumSum(const CumSumNode& n, const Stmt& s) override {
    const CumSumPlan p = plan_cumsum(n);
    CBInfo src = cb(n.src.buffer, n.span);
    if (!initialised_.count(n.src.buffer.get()))
      throw UserError("T.cumsum", "buffer " + n.src.buffer->name + " is read before anything is stored into it", n.span);
    std::vector<Stmt> out;
    if (p.valid) {  // a padded block: its pad along dim zeroed first
      src.index = staged(n.src.buffer->dtype, make_extern("tt.tile", DType::Float32, {i32(src.index)}), p.rows,
                         p.cols, p.dim, p.valid, 0.0, out, n.span);
      src.format = *tt_format(n.src.buffer->dtype);
    }
    compute_writes(n.dst.buffer, n.span);
    const CBInfo dst = cb(n.dst.buffer, n.span, /*rmw=*/n.dst.buffer == n.src.buffer);
    fp32_acc_ = true;  // the sums accumulate in an fp32 DST
    auto fresh = [&](const std::string& fmt, uint32_t tiles, bool from_reader) {
      return fresh_cb(fmt, tiles, from_reader, false).index;
    };
    auto sums = lower_cumsum(p, src.index, src.format, dst.index, fresh, n.span);
    out.insert(out.end(), sums.begin(), sums.end());
    return make_seq(out, n.span);
  }

  // A staging CB of dtype t holding rows×cols tiles of value; when valid > 0, the elements at index >= valid along
  // dim (1: columns, 0: rows) — a padded block's pad (tt_padded_blocks.h) — hold `pad` instead (index tiles from
  // tt.iota). Returns the CB's index.
  uint32_t staged(DType t, Expr value, int64_t rows, int64_t cols, int dim, int64_t valid, double pad,
                  std::vector<Stmt>& out, const Span& sp) {
    if (valid) {
      const int64_t n_tiles = dim == 1 ? cols : rows;
      const CBInfo idx = fresh_cb("Float32", static_cast<uint32_t>(n_tiles), true, false);
      out.push_back(make_tt_op("tt.iota", {i32(idx.index), i32(n_tiles), i32(dim == 0)}, sp));
      Expr index = make_extern(dim == 1 ? "tt.row_vec" : "tt.col_vec", DType::Float32, {i32(idx.index)});
      value = make_select(make_binary(BinaryOp::LT, index, make_float(static_cast<double>(valid))), value,
                          make_float(pad));
    }
    const CBInfo tmp = fresh_cb(t, static_cast<uint32_t>(rows * cols), false, sp);
    out.push_back(make_tt_op("tt.eltwise", {i32(tmp.index), i32(rows), i32(cols), value}, sp));
    return tmp.index;
  }

 private:
  // ---- CBs
  // The CB of local buffer b (a copy: later CBs do not change it), assigned on first use.
  CBInfo cb(const Buffer& b, const Span& sp, bool rmw = false) {
    auto it = cb_of_.find(b.get());
    if (it != cb_of_.end()) {
      if (rmw) cbs_[it->second].depth = std::max(cbs_[it->second].depth, 2 * cbs_[it->second].tiles);
      return cbs_[it->second];
    }
    auto fmt = tt_format(b->dtype);
    if (!fmt)
      throw UserError("alloc", std::string("buffer ") + b->name + " has dtype " + dtype_name(b->dtype) +
                                   ", which tenstorrent tiles do not support; use float32, bfloat16, float16, int32 or bool",
                      b->span.known() ? b->span : sp);
    uint32_t tiles = buffer_tiles(b, sp);
    CBInfo info{next_index(b), *fmt, 2 * tiles, tiles, b->name};
    if (scan_.reader_produced.count(b.get())) pipeline(info);
    cb_of_[b.get()] = cbs_.size();
    cbs_.push_back(info);
    return cbs_.back();
  }

  // An anonymous CB (implicit staging of global tensors in Parallel nests, format changes on copy-out).
  // to_writer: the writer drains it (it carries data out of compute to a global tensor).
  CBInfo fresh_cb(DType t, uint32_t tiles, bool from_reader, const Span& sp, bool to_writer = false) {
    auto fmt = tt_format(t);
    if (!fmt) throw UserError("T.copy", std::string("dtype ") + dtype_name(t) + " is not supported on tenstorrent", sp);
    return fresh_cb(*fmt, tiles, from_reader, to_writer);
  }
  // A staging CB in the storage format of global tensor g (its dtype's, or the annotated bfp8_b).
  CBInfo staging_cb(const Buffer& g, uint32_t tiles, bool from_reader, const Span& sp) {
    auto fmt = tt_tensor_format(func_attrs_, g);
    if (!fmt) return fresh_cb(g->dtype, tiles, from_reader, sp, !from_reader);  // reports the dtype
    return fresh_cb(*fmt, tiles, from_reader, !from_reader);
  }
  CBInfo fresh_cb(const std::string& fmt, uint32_t tiles, bool from_reader, bool to_writer) {
    CBInfo info{take_index(from_reader), fmt, 2 * tiles, tiles};
    if (from_reader || to_writer) pipeline(info);
    cbs_.push_back(info);
    return info;
  }

  // A CB between the reader (or writer) and compute, fed (drained) inside a T.Pipelined loop with
  // num_stages = n > 0, holds n versions: the reader can run n - 1 blocks ahead of compute (n = 1: none).
  // Elsewhere, and for CBs compute both fills and drains, the depth stays 2 versions.
  void pipeline(CBInfo& info) const {
    if (pipelined_.empty()) return;
    const ForNode* loop = pipelined_.back();
    info.stages = static_cast<uint32_t>(loop->num_stages);
    info.depth = info.stages * info.tiles;
    info.loop = loop->span;
  }

  // A CB has one producer: a buffer loaded by the reader cannot also be written by compute.
  void compute_writes(const Buffer& b, const Span& sp) {
    if (scan_.reader_produced.count(b.get()))
      throw UserError("store", "buffer " + b->name + " is loaded from a global tensor and also written by a "
                               "computation; on tenstorrent write the result to a separate buffer", sp);
    initialised_.insert(b.get());
  }

  uint32_t next_index(const Buffer& b) { return take_index(scan_.reader_produced.count(b.get()) > 0); }
  // CB indices: the reader's from 0 up; the others from 16 up to 31, then from 15 down (the SDK's c_0 … c_31 are
  // all alike; verify_cb_count checks that the two ranges do not meet).
  uint32_t take_index(bool from_reader) {
    if (from_reader) return reader_cbs_.insert(next_in_).first, next_in_++;
    return next_out_ < 32 ? next_out_++ : --out_low_;
  }

  uint32_t buffer_tiles(const Buffer& b, const Span& sp) {
    std::vector<int64_t> dims;
    for (auto& e : b->shape) dims.push_back(*as_const_int(e));
    auto bad = [&](const std::string& why) {
      throw UserError("alloc", "buffer " + b->name + " " + why, b->span.known() ? b->span : sp);
    };
    if (dims.size() == 1) {
      if (dims[0] == 1 && scan_.scalar_tiles.count(b.get())) return 1;  // a scalar tile (tt_reduce_lowering.h)
      if (dims[0] % 32 && padded_.padded.count(b.get())) return static_cast<uint32_t>((dims[0] + 31) / 32);
      if (dims[0] % 32) bad("has " + std::to_string(dims[0]) + " elements: on tenstorrent a 1-D block must be a "
                            "multiple of 32 (tile size)");
      return static_cast<uint32_t>(dims[0] / 32);
    }
    if (dims.size() != 2)
      bad("has rank " + std::to_string(dims.size()) + ": local buffers of rank 3 or more are not supported on "
          "tenstorrent yet; use 1-D or 2-D blocks");
    if ((dims[0] % 32 || dims[1] % 32) && padded_.padded.count(b.get()))  // the tiles that cover it
      return static_cast<uint32_t>((dims[0] + 31) / 32 * ((dims[1] + 31) / 32));
    auto blocked = padded_.blocked.find(b.get());
    if (dims[0] % 32 || dims[1] % 32)
      bad("has shape (" + std::to_string(dims[0]) + ", " + std::to_string(dims[1]) + "): on tenstorrent block "
          "sizes must be multiples of 32 (the tile size); round them up to multiples of 32" +
          (not_grouped_.empty() ? "" : " (blocks are not grouped into whole tiles: " + not_grouped_ + ")") +
          (blocked == padded_.blocked.end() ? "" : "; a block that is not whole tiles is padded into the tiles "
                                                   "that cover it for copies, fills, T.gemm, element-wise nests, "
                                                   "reductions and T.cumsum, but not for " + blocked->second));
    return static_cast<uint32_t>(dims[0] / 32 * (dims[1] / 32));
  }

  void verify_cb_count(const KernelNode& n) {
    if (cbs_.size() > 32 || next_in_ > 16 || next_in_ > out_low_)
      throw UserError("T.Kernel", "this kernel needs " + std::to_string(cbs_.size()) + " circular buffers (" +
                                  std::to_string(next_in_) + " filled by the reader); the device has 32 (at most 16 "
                                  "filled by the reader): use fewer shared/fragment buffers", n.span);
  }

  // ---- copies between global tensors and CBs
  int tensor_of(const Buffer& g) { return param_index_.at(g.get()); }
  std::vector<Expr> tile_box(const BufferRegion& g, bool col, const Span& sp, const char* opname,
                             std::vector<Expr>* shifted = nullptr, bool padded = false) {
    return tt_tile_box(g, col, lets_, func_attrs_, sp, opname, shifted, padded);
  }
  // A padded block's element extents {R, C} (tt_padded_blocks.h), appended to its shifted read or store; none
  // for whole tiles.
  std::vector<Expr> padded_extents(const Buffer& local) const {
    if (!padded_.padded.count(local.get())) return {};
    return {local->shape[0], local->shape[1]};
  }

  // tt.read_tiles of `box` of tensor g into `read`, a CB in g's storage format, then, when `dst` is another CB,
  // a compute copy into it: the reader cannot convert formats (bfp8_b storage is unpacked by compute). A shifted
  // box (element offsets, tt_tile_box) is a tt.read_shifted through the reader's scratch page of that format.
  void read_tiles(const Buffer& g, const std::vector<Expr>& box, const CBInfo& read, const CBInfo& dst,
                  std::vector<Stmt>& out, const Span& sp, bool shifted = false,
                  const std::vector<Expr>& extents = {}) {
    std::vector<Expr> args{i32(tensor_of(g)), i32(read.index), box[0], box[1], box[2], box[3], box[4]};
    if (shifted) args.push_back(i32(scratch_page(g, read.format, true, sp)));
    args.insert(args.end(), extents.begin(), extents.end());
    out.push_back(make_tt_op(shifted ? "tt.read_shifted" : "tt.read_tiles", std::move(args), sp));
    if (dst.index != read.index) out.push_back(copy_tiles(read, dst, sp));
  }

  // The one-page CB in `format` that the reader (or writer) moves the elements of a shifted box through.
  uint32_t scratch_page(const Buffer& g, const std::string& format, bool reader, const Span& sp) {
    if (format == "Bfp8_b")
      throw UserError("T.copy", "the region of " + g->name + " starts off a tile boundary and " + g->name +
                                " is stored as bfp8_b, whose tiles share exponents per row of 16: tenstorrent "
                                "cannot move its elements between tiles; start the region at a multiple of 32", sp);
    auto [it, fresh] = scratch_.try_emplace((reader ? "reader:" : "writer:") + format, 0);
    if (fresh) {
      it->second = reader ? next_in_++ : next_out_++;
      cbs_.push_back(CBInfo{it->second, format, 1, 1});
    }
    return it->second;
  }

  // tt.copy_tiles of src's tiles into dst, in dst's format. Float formats are converted by the packer; between
  // int32 and a float format it is a typecast in DST (tt_int_tiles.h: truncation toward zero into int32).
  Stmt copy_tiles(const CBInfo& src, const CBInfo& dst, const Span& sp) {
    if (src.format != dst.format && (src.format == "Int32" || dst.format == "Int32")) {
      fp32_acc_ = true;
      const bool to_int = dst.format == "Int32";
      Expr leaf = make_extern("tt.tile", to_int ? DType::Float32 : DType::Int32, {i32(src.index)});
      return make_tt_op("tt.eltwise", {i32(dst.index), i32(src.tiles), i32(1),
                                       make_cast(to_int ? DType::Int32 : DType::Float32, leaf)}, sp);
    }
    return make_tt_op("tt.copy_tiles", {i32(src.index), i32(dst.index), i32(src.tiles)}, sp);
  }

  // B[j, i] = A[i, j] between whole local blocks (tt_permutation.h).
  Stmt transpose_copy(const Transpose& t, const Span& sp) {
    for (const Buffer& b : {t.src, t.dst})
      if (!dtype_is_float(b->dtype))
        throw UserError("T.Parallel", "transposing " + std::string(dtype_name(b->dtype)) + " buffer " + b->name +
                                      " is not supported on tenstorrent yet (tiles are transposed through float "
                                      "DST registers); use float32, bfloat16 or float16", sp);
    if (t.global.buffer) return transpose_global(t, sp);
    const CBInfo src = cb(t.src, sp);
    if (!initialised_.count(t.src.get()))
      throw UserError("T.Parallel", "buffer " + t.src->name + " is read before anything is stored into it", sp);
    compute_writes(t.dst, sp);
    const CBInfo dst = cb(t.dst, sp);
    return transpose_tiles(src, dst, t.rows / 32, t.cols / 32, sp);
  }

  // A global block read into a local one transposed (the reader's tiles, then transposed into the buffer's CB), or
  // a local block transposed into a staging CB the writer stores.
  Stmt transpose_global(const Transpose& t, const Span& sp) {
    const bool in = t.src->scope == Scope::Global;
    const Buffer& g = in ? t.src : t.dst;
    const Buffer& local = in ? t.dst : t.src;
    const CBInfo l = cb(local, sp);
    auto box = tile_box(t.global, false, sp, "T.Parallel");
    std::vector<Stmt> out;
    if (in) {
      const CBInfo read = staging_cb(g, l.tiles, true, sp);
      out.push_back(make_tt_op("tt.read_tiles", {i32(tensor_of(g)), i32(read.index), box[0], box[1], box[2], box[3],
                                                 box[4]}, sp));
      compute_writes(local, sp);
      out.push_back(transpose_tiles(read, cb(local, sp), t.rows / 32, t.cols / 32, sp));
      initialised_.insert(local.get());
    } else {
      if (!initialised_.count(local.get()))
        throw UserError("T.Parallel", "buffer " + local->name + " is read before anything is stored into it", sp);
      const CBInfo staged = staging_cb(g, l.tiles, false, sp);
      out.push_back(transpose_tiles(l, staged, t.rows / 32, t.cols / 32, sp));
      out.push_back(make_tt_op("tt.write_tiles", {i32(staged.index), i32(tensor_of(g)), box[0], box[1], box[2],
                                                  box[3], box[4]}, sp));
    }
    return make_seq(out, sp);
  }

  // tt.transpose_tiles of src's rows×cols tiles into dst (cols×rows). Through DST: float32 tiles need its fp32 mode.
  Stmt transpose_tiles(const CBInfo& src, const CBInfo& dst, int64_t rows, int64_t cols, const Span& sp) {
    if (src.format == "Float32" || dst.format == "Float32") fp32_acc_ = true;
    return make_tt_op("tt.transpose_tiles", {i32(src.index), i32(dst.index), i32(rows), i32(cols)}, sp);
  }

  Stmt copy_in(const BufferRegion& g, const Buffer& local, const Span& sp) {
    const CBInfo dst = cb(local, sp);  // first: a block that is not whole tiles is reported at its alloc
    std::vector<Expr> shifted;
    const std::vector<Expr> extents = padded_extents(local);
    auto box = tile_box(g, scan_.col_vectors.count(local.get()) > 0, sp, "T.copy", &shifted, !extents.empty());
    // The reader fills the buffer's own CB when the buffer is its alone (KernelScan::reader_produced) and in the
    // tensor's format; else a staging CB that compute copies (and converts) into the buffer's.
    const bool direct = scan_.reader_produced.count(local.get()) && dst.format == tt_tensor_format(func_attrs_, g.buffer);
    const CBInfo read = direct ? dst : staging_cb(g.buffer, dst.tiles, true, sp);
    std::vector<Stmt> out;
    read_tiles(g.buffer, box, read, dst, out, sp, !shifted.empty() || !extents.empty(), extents);
    initialised_.insert(local.get());
    return make_seq(out, sp);
  }

  Stmt copy_out(const Buffer& local, const BufferRegion& g, const Span& sp) {
    const CBInfo src = cb(local, sp);  // first, as in copy_in
    std::vector<Expr> shifted;
    const std::vector<Expr> extents = padded_extents(local);
    auto box = tile_box(g, scan_.col_vectors.count(local.get()) > 0, sp, "T.copy", &shifted, !extents.empty());
    // A store off tile boundaries rewrites the tiles that cover it (tt.write_shifted): blocks of other block
    // indices would rewrite the same tiles at the same time when the offset depends on the block indices.
    for (const Expr& e : shifted)
      if (uses_block_var(e))
        throw UserError("T.copy", "the region of " + g.buffer->name + " starts off a tile boundary at " +
                                  print_expr(e) + ", which depends on the block indices: on tenstorrent the writer "
                                  "stores it by rewriting the tiles that cover it, and the blocks of other block "
                                  "indices write other elements of the same tiles at the same time; store "
                                  "regions that start at multiples of 32" +
                                  (local->shape.size() == 1 ? lines_hint(g.buffer) : ""), sp);
    // The writer may drain the buffer's own CB when it takes every version of it (KernelScan::drainable).
    const bool drainable = scan_.drainable.count(local.get()) > 0;
    std::vector<Stmt> out;
    const uint32_t cb_index = for_writer(g.buffer, src, drainable, out, sp);
    std::vector<Expr> args{i32(cb_index), i32(tensor_of(g.buffer)), box[0], box[1], box[2], box[3], box[4]};
    const bool elements = !shifted.empty() || !extents.empty();
    if (elements)
      args.push_back(i32(scratch_page(g.buffer, tt_tensor_format(func_attrs_, g.buffer).value_or(""), false, sp)));
    args.insert(args.end(), extents.begin(), extents.end());
    out.push_back(make_tt_op(elements ? "tt.write_shifted" : "tt.write_tiles", std::move(args), sp));
    return make_seq(out, sp);
  }

  // A copy between two global tensors (upstream's attention backward postprocess, float32 dQ into float16): the
  // reader's tiles of the source block, copied by compute into the destination's format, stored by the writer.
  Stmt copy_global(const CopyNode& n) {
    std::vector<Expr> off;
    auto in = tile_box(n.src, false, n.span, "T.copy", &off);
    auto out_box = tile_box(n.dst, false, n.span, "T.copy", &off);
    if (!off.empty())
      throw UserError("T.copy", "a copy from " + n.src.buffer->name + " into " + n.dst.buffer->name + " starts off a "
                                "tile boundary at " + print_expr(off[0]) + "; on tenstorrent a copy between two "
                                "global tensors moves whole tiles: start both regions at multiples of 32, or stage "
                                "the data through a T.alloc_shared buffer", n.span);
    auto h = as_const_int(in[2]), w = as_const_int(in[3]);
    if (!h || !w || as_const_int(out_box[2]) != h || as_const_int(out_box[3]) != w)
      throw UserError("T.copy", "a copy from " + n.src.buffer->name + " into " + n.dst.buffer->name + " moves " +
                                print_expr(in[2]) + "x" + print_expr(in[3]) + " tiles into " + print_expr(out_box[2]) +
                                "x" + print_expr(out_box[3]) + "; on tenstorrent a copy between two global tensors "
                                "moves a block of tiles as it is: expected the same block shape on both sides", n.span);
    const CBInfo read = staging_cb(n.src.buffer, static_cast<uint32_t>(*h * *w), true, n.span);
    std::vector<Stmt> out;
    read_tiles(n.src.buffer, in, read, read, out, n.span);
    const uint32_t staged = for_writer(n.dst.buffer, read, false, out, n.span);
    out.push_back(make_tt_op("tt.write_tiles", {i32(staged), i32(tensor_of(n.dst.buffer)), out_box[0], out_box[1],
                                                out_box[2], out_box[3], out_box[4]}, n.span));
    return make_seq(out, n.span);
  }

  // Why a line store into g could not have tiles of its own (infer_tt_vector_layouts.h).
  static std::string lines_hint(const Buffer& g) {
    return ", or access " + g->name + " only as lines along one dimension starting at multiples of 32 (and as single "
           "elements) in every kernel, which gives each line tiles of its own";
  }

  // The CB to hand the writer for tensor g: src's tiles if src is in g's storage format and `drainable`, else a
  // compute copy of them into a staging CB in that format (after round_to_dtype).
  uint32_t for_writer(const Buffer& g, const CBInfo& src, bool drainable, std::vector<Stmt>& out, const Span& sp) {
    if (drainable && src.format == tt_tensor_format(func_attrs_, g)) return src.index;
    const CBInfo rounded = round_to_dtype(g, src, out, sp);
    CBInfo staged = staging_cb(g, src.tiles, false, sp);
    out.push_back(copy_tiles(rounded, staged, sp));
    return staged.index;
  }

  // A value bound for a block-float (bfp8_b) tensor is first rounded to the tensor's dtype, as a store into a
  // tensor of that dtype would round it, and only then quantized: the "interpret" target, which quantizes
  // the dtype's values at the boundary, then agrees bit for bit. Returns the CB holding the rounded tiles.
  CBInfo round_to_dtype(const Buffer& g, const CBInfo& src, std::vector<Stmt>& out, const Span& sp) {
    if (tt_tensor_format(func_attrs_, g) == tt_format(g->dtype) || src.format == tt_format(g->dtype)) return src;
    CBInfo rounded = fresh_cb(g->dtype, src.tiles, false, sp);
    out.push_back(copy_tiles(src, rounded, sp));
    return rounded;
  }

  // ---- element-wise Parallel nests
  Stmt parallel(const Stmt& s) {
    if (auto t = match_transpose(s)) return transpose_copy(*t, s->span);
    if (auto g = match_gather(s))  // upstream's T.Parallel im2col: a row gather (tt_gather_lowering.h)
      return row_gather(*g, "T.Parallel", s->span);
    if (auto sc = match_scatter(s, [&](const Expr& e) { return tt_is_aligned(e, lets_); }))
      return row_scatter(*sc, s->span);  // rows stored at a start read at run time (grouped GEMM)
    std::vector<Stmt> out;
    for (const ParallelMatch& m : match_parallel(s)) out.push_back(eltwise(m, s));
    return make_seq(out, s->span);
  }

  // One element-wise statement of a nest (tt_parallel_match.h) as a tt.eltwise over whole tiles.
  Stmt eltwise(const ParallelMatch& m, const Stmt& s) {
    // Tile code computes on float tiles (FPU and SFPU float ops) and int32 tiles (SFPU int32 ops, tt_int_tiles.h).
    auto check_float = [&](const Buffer& b) {
      if (!dtype_is_float(b->dtype) && b->dtype != DType::Int32 && b->dtype != DType::Bool)
        throw UserError("T.Parallel", "element-wise tile code on " + std::string(dtype_name(b->dtype)) + " buffer " +
                                          b->name + " is not supported on tenstorrent: its SFPU computes on float "
                                          "and int32 tiles; use float32, bfloat16, float16 or int32", s->span);
    };
    auto leaf_dtype = [](const Buffer& b) { return b->dtype == DType::Int32 ? DType::Int32 : DType::Float32; };
    check_float(m.store.buffer);
    for (auto& g : m.global_loads) check_float(g.buffer);
    for (auto& [b, kind] : m.local_loads) check_float(b);
    std::vector<Stmt> out;
    std::map<const BufferNode*, Expr> leaf;  // buffer → its leaf in the tile expression
    // A 1-D nest's global vectors take the orientation of its local ones (one value per row: a column).
    bool col_nest = false;
    for (auto& [b, kind] : m.local_loads) col_nest |= !m.j && scan_.col_vectors.count(b.get()) > 0;
    col_nest |= !m.j && scan_.col_vectors.count(m.store.buffer.get()) > 0;
    for (auto& [g, region, kind] : m.global_loads) {
      if (kind == LeafKind::Element) {  // the element in every element (line: 1-D nests) of the nest's tiles
        const CBInfo read = staging_cb(g, m.tiles(), true, s->span);
        if (read.format != tt_format(g->dtype))
          throw UserError("T.Parallel", "one element of " + g->name + " is read into every element of the nest; "
                                        "from block-float storage that is not supported on tenstorrent yet", s->span);
        auto e = tt_element_box(region, lets_, func_attrs_, s->span, "T.Parallel");
        const int64_t line = m.j ? 0 : col_nest ? 1 : 2;  // whole tiles; column 0 (per-row vectors); row 0
        out.push_back(make_tt_op("tt.read_tiles", {i32(tensor_of(g)), i32(read.index), e[0], e[1], i32(m.tiles()),
                                                   i32(1), i32(0), i32(0), e[2], e[3], i32(line)}, s->span));
        leaf[g.get()] = make_extern("tt.tile", leaf_dtype(g), {i32(read.index)});
        continue;
      }
      const uint32_t tiles = kind == LeafKind::Tile ? m.tiles() : static_cast<uint32_t>(kind == LeafKind::ColVec ? m.tile_rows() : m.tile_cols());
      const CBInfo read = staging_cb(g, tiles, true, s->span);
      // bfp8_b storage: unpacked once into the dtype's format
      const CBInfo dst = read.format == tt_format(g->dtype) ? read : fresh_cb(g->dtype, tiles, false, s->span);
      const bool col = kind == LeafKind::ColVec || col_nest;
      if (kind != LeafKind::Tile && region.ranges.size() == 1 && dst.index == read.index &&
          !tt_is_aligned(region.ranges[0].min, lets_)) {
        // A vector at a start that is not a multiple of 32 (read at run time: routed MoE's weights[m_start + i]):
        // the reader reads its elements one by one into the vector's tiles.
        const std::string n = std::to_string(*as_const_int(g->shape[0]));
        tt_set_layout(func_attrs_, g, "tt.view.", col ? n + ",1" : "1," + n, "T.Parallel", s->span);
        const CBInfo scratch = fresh_cb(g->dtype, 1, true, s->span);
        out.push_back(make_tt_op("tt.read_vector_at", {i32(tensor_of(g)), i32(read.index), region.ranges[0].min,
                                                       i32(tiles * 32), i32(col), i32(scratch.index)}, s->span));
      } else {
        if (!m.j && region.ranges.size() >= 2 && !tt_vector_layout(func_attrs_, g)) {
          // A line of a tensor in the ordinary layout is row 0 (along the last dimension) or column 0 of its tiles.
          const bool row_line = as_const_int(region.ranges.back().extent) != 1;
          if (row_line == col)
            throw UserError("T.Parallel", "the line of " + g->name + " read here is a " +
                                          (row_line ? "row" : "column") + " of its tiles, and the nest's vectors hold "
                                          "one value per " + (col ? "row" : "column") + " of a block; tenstorrent "
                                          "keeps one orientation per vector", s->span);
        }
        std::vector<Expr> shifted;
        auto box = tile_box(region, col, s->span, "T.Parallel", &shifted);
        read_tiles(g, box, read, dst, out, s->span, !shifted.empty());
      }
      const char* name = kind == LeafKind::Tile ? "tt.tile" : kind == LeafKind::ColVec ? "tt.col_vec" : "tt.row_vec";
      leaf[g.get()] = make_extern(name, leaf_dtype(g), {i32(dst.index)});
    }
    for (auto& [b, kind] : m.local_loads) {
      const CBInfo c = cb(b, s->span);
      if (kind == LeafKind::RowVec && scan_.col_vectors.count(b.get()))
        throw UserError("T.Parallel", "vector " + b->name + " is read per column here but holds one value per row "
                                      "elsewhere; tenstorrent keeps one orientation per vector", s->span);
      const char* name = kind == LeafKind::Tile ? "tt.tile" : kind == LeafKind::ColVec ? "tt.col_vec"
                       : kind == LeafKind::RowVec ? "tt.row_vec" : "tt.scalar_tile";
      leaf[b.get()] = make_extern(name, leaf_dtype(b), {i32(c.index)});
      if (!initialised_.count(b.get()))
        throw UserError("T.Parallel", "buffer " + b->name + " is read before anything is stored into it", s->span);
    }
    Expr value = substitute_leaves(index_tiles(m, col_nest, out, s->span), leaf);
    // The stored value in the kind of the stored buffer (tt_int_tiles.h).
    value = m.store.buffer->dtype == DType::Int32 ? to_int(value) : is_int(value) ? float_of(value) : value;
    if (uses_int(value)) fp32_acc_ = true;  // int32 values in DST need its 32-bit mode
    if (m.store_global) {
      const Buffer& g = m.store.buffer;
      const bool block_float = tt_tensor_format(func_attrs_, g) != tt_format(g->dtype);
      // A block-float tensor gets the values rounded to its dtype first (see round_to_dtype).
      CBInfo value_cb = block_float ? fresh_cb(g->dtype, m.tiles(), false, s->span)
                                    : staging_cb(g, m.tiles(), false, s->span);
      // A tensor of lines (infer_tt_vector_layouts.h) gives the stored line tiles of its own.
      BufferRegion store = m.store;
      const bool own_tiles = m.store_line >= 0 && tt_vector_layout(func_attrs_, g);
      if (own_tiles) store.ranges[1 - m.store_line] = Range{m.line_index, i32(1)};
      auto box = tile_box(store, col_nest, s->span, "T.Parallel");
      out.push_back(
          make_tt_op("tt.eltwise", {i32(value_cb.index), i32(m.tile_rows()), i32(m.tile_cols()), value}, s->span));
      const uint32_t staged = for_writer(g, value_cb, true, out, s->span);
      if (m.store_line >= 0 && !own_tiles) {  // one line of the tensor: its tile coordinate and place in the tiles
        if (uses_block_var(m.line_index))  // other blocks would read-modify-write the same tiles concurrently
          throw UserError("T.Parallel", "a store into " + std::string(m.store_line ? "row " : "column ") +
                                        print_expr(m.line_index) + " of global tensor " + g->name + " from a 1-D "
                                        "T.Parallel: on tenstorrent the writer stores one line of a tile by "
                                        "rewriting the whole tile, and the blocks of another block index write "
                                        "other lines of the same tiles at the same time; store into a line "
                                        "that does not depend on the block indices" + lines_hint(g), m.store_span);
        box[m.store_line == 0 ? 1 : 0] = make_binary(BinaryOp::FloorDiv, m.line_index, i32(32));
        out.push_back(make_tt_op("tt.write_line", {i32(staged), i32(tensor_of(g)), box[0], box[1], i32(m.tile_rows()),
                                                   make_binary(BinaryOp::FloorMod, m.line_index, i32(32)),
                                                   i32(m.store_line == 0), i32(col_nest)}, s->span));
        return make_seq(out, s->span);
      }
      out.push_back(make_tt_op("tt.write_tiles",
                               {i32(staged), i32(tensor_of(m.store.buffer)), box[0], box[1], box[2], box[3], box[4]},
                               s->span));
    } else {
      compute_writes(m.store.buffer, s->span);
      const CBInfo dst = cb(m.store.buffer, s->span, /*rmw=*/m.reads_store_target);
      if (m.store.buffer->dtype == DType::Float32) fp32_acc_ = true;
      out.push_back(make_tt_op("tt.eltwise", {i32(dst.index), i32(m.tile_rows()), i32(m.tile_cols()), value}, s->span));
    }
    return make_seq(out, s->span);
  }

  // e computes an int32 tile somewhere (then the kernel's DST must be 32-bit).
  static bool uses_int(const Expr& e) {
    struct Find : IRVisitor {
      bool found = false;
      void visit(const Expr& x) override {
        found |= is_int_tile(x);  // integer scalars are filled as floats in float code
        if (!found) IRVisitor::visit(x);
      }
    } f;
    f.visit(e);
    return f.found;
  }

  // m.value with the loop indices as tiles of their values (index-derived masks such as a causal
  // `bx * bM + i >= k * bN + j`): the reader makes them (tt.iota), float32, exact up to 2^24. In a 1-D nest the
  // index is a tile per vector tile, laid out as the nest's vectors are (col_nest: element 32k + r of tile k in
  // row r, else in column r).
  Expr index_tiles(const ParallelMatch& m, bool col_nest, std::vector<Stmt>& out, const Span& sp) {
    struct Sub : IRMutator {
      Tensorizer* t;
      const ParallelMatch* m;
      bool col_nest;
      std::vector<Stmt>* out;
      Span sp;
      std::map<const VarNode*, Expr> leaves;
      Expr mutate_BufferLoad(const BufferLoadNode&, const Expr& e) override { return e; }  // a tile leaf
      Expr mutate_Var(const VarNode& n, const Expr& e) override {
        const bool one_d = &n == m->i && !m->j, row = &n == m->i && m->j, col = &n == m->j;
        if (!one_d && !row && !col) return e;
        auto it = leaves.find(&n);
        if (it != leaves.end()) return it->second;
        const int64_t n_tiles = col ? m->tile_cols() : m->tile_rows();
        const bool per_row = row || (one_d && col_nest);
        const CBInfo c = t->fresh_cb("Float32", static_cast<uint32_t>(n_tiles), true, false);
        out->push_back(make_tt_op("tt.iota", {i32(c.index), i32(n_tiles), i32(per_row)}, sp));
        const char* leaf = one_d ? "tt.tile" : row ? "tt.col_vec" : "tt.row_vec";
        return leaves[&n] = make_extern(leaf, DType::Float32, {i32(c.index)});
      }
    } sub;
    sub.t = this, sub.m = &m, sub.col_nest = col_nest, sub.out = &out, sub.sp = sp;
    return sub.mutate(m.value);
  }

  // tt.fp32_exact_broadcast: broadcasts of float32/float16 vectors that compute made read their bf16 parts (vectors the
  // reader fills are broadcast in L1 exactly); without it, those inside comparisons only (always on).
  // The part CBs are the exact reductions' vector CBs of that size.
  Stmt exact_broadcasts(const Stmt& body, bool compares_only) {
    return exact_vector_broadcasts(
        body,
        [&](int64_t cb) -> uint32_t {
          for (auto& c : cbs_)
            if (c.index == cb && !reader_cbs_.count(c.index) && (c.format == "Float32" || c.format == "Float16")) {
              fp32_acc_ = true;
              return c.tiles;
            }
          return 0;
        },
        [&](uint32_t tiles, int k) { return shared_cb(tiles, k, vector_cbs_[tiles], "Float16_b"); },
        compares_only);
  }

  // The k-th CB of a set shared by the kernel's exact reductions and broadcasts: one version deep, each version
  // read by the op right after the one that writes it, before the next is written.
  uint32_t shared_cb(uint32_t tiles, int k, std::vector<uint32_t>& set, const std::string& format) {
    while (set.size() <= static_cast<size_t>(k)) {
      set.push_back(fresh_cb(format, tiles, false, false).index);
      cbs_.back().depth = tiles;
    }
    return set[k];
  }

  // Every tt.eltwise of body made to fit the kernel's DST (tt_dst_spill.h): the capacity of its DST mode (fp32
  // when a float32 fragment or a float32/float16 CB is in the kernel, as plan_builder decides), temporaries in
  // CBs of the DST's own precision, so spilling loses nothing.
  Stmt spill(const Stmt& body) {
    bool fp32 = fp32_acc_;
    for (auto& c : cbs_) fp32 |= c.format == "Float32" || c.format == "Float16" || c.format == "Int32";
    const std::string fmt = fp32 ? "Float32" : "Float16_b";
    return spill_eltwise_ops(body, static_cast<int>(fp32 ? dev_.dst_tiles_fp32 : dev_.dst_tiles_bf16),
                             [&](uint32_t tiles, bool int32) { return fresh_cb(int32 ? "Int32" : fmt, tiles, false, false).index; });
  }

  std::map<std::string, std::string>& func_attrs_;
  const DeviceParams& dev_;
  const bool fp32_dest_;
  const bool fp32_exact_;
  const bool fp32_exact_broadcast_;
  std::map<const BufferNode*, int> param_index_;
  KernelScan scan_;
  PaddedBlocks padded_;
  std::vector<CBInfo> cbs_;
  std::map<const BufferNode*, size_t> cb_of_;
  std::set<const BufferNode*> initialised_;
  std::map<const VarNode*, Expr> lets_;
  std::set<const VarNode*> block_vars_;  // the kernel's block indices

  // e depends on a block index (through the lets around it too; grid_to_persistent_loop's tt.block_start).
  bool uses_block_var(const Expr& e) const {
    struct Find : IRVisitor {
      const Tensorizer* t;
      bool found = false;
      void visit_Var(const VarNode& v, const Expr&) override {
        if (t->block_vars_.count(&v)) found = true;
        if (auto it = t->lets_.find(&v); it != t->lets_.end() && !found) visit(it->second);
      }
      void visit_ExternCall(const ExternCallNode& c, const Expr& e) override {  // the persistent loop's blocks
        found |= c.name == "tt.block_start" || c.name == "tt.block_list";
        IRVisitor::visit_ExternCall(c, e);
      }
    } f;
    f.t = this;
    f.visit(e);
    return f.found;
  }
  uint32_t next_in_ = 0, next_out_ = 16, out_low_ = 16;  // take_index
  std::set<uint32_t> reader_cbs_;
  bool fp32_acc_ = false;
  std::optional<CBInfo> scaler_;
  std::map<std::string, uint32_t> scratch_;  // storage format → the reader's scratch page for shifted reads
  std::map<uint32_t, std::vector<uint32_t>> split_cbs_;   // fp32_exact: the part CBs, by source tiles
  std::map<uint32_t, std::vector<uint32_t>> vector_cbs_;  // fp32_exact, int32: the max's part vectors, by tiles
  std::map<uint32_t, std::vector<uint32_t>> sum_vector_cbs_;  // int32: the sums' digit vectors (Float32), by tiles
  std::map<uint32_t, std::vector<uint32_t>> lo_cbs_;          // int32: the low 24 bits (Float32), by tiles
  std::vector<const ForNode*> pipelined_;  // enclosing T.Pipelined loops with num_stages > 0
  std::string not_grouped_;                 // the kernel's tt.not_grouped attr, or ""
  std::map<std::string, std::string> print_attrs_;  // the kernel's tt.print.<id> (tt_print_lowering.h)
};

}  // namespace

PrimFunc tensorize_tt(const PrimFunc& f, const DeviceParams& dev, bool fp32_dest, bool fp32_exact,
                      bool fp32_exact_broadcast) {
  for (auto& p : tt_global_tensors(f))
    for (auto& d : p->shape)  // bind_tt_sizes gave every symbolic dim the call's value
      TL_ASSERT(as_const_int(d), "parameter " << p->name << " has a symbolic shape after bind_tt_sizes");
  const PrimFunc g = lower_tt_float8(f, !fp32_dest);
  auto attrs = g->attrs;
  Tensorizer t(g, attrs, dev, fp32_dest, fp32_exact, fp32_exact_broadcast);
  PrimFunc out = t.mutate_func(g);
  return make_func(out->name, out->params, out->shape_vars, attrs, out->body, out->span, out->workspaces);
}

}  // namespace tl::tt
