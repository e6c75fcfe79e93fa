// Compute ops of the TT kernel emitters (emit_compute.h).
#include "tilelang_tt/codegen/tt/emit_control.h"
#include "tilelang_tt/codegen/tt/emit_compute.h"

#include <cstdio>
#include <cstring>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {

std::string num(int64_t v) { return std::to_string(v); }


uint32_t largest_divisor_at_most(uint32_t n, uint32_t cap) {
  for (uint32_t d = std::min(n, cap); d > 1; --d)
    if (n % d == 0) return d;
  return 1;
}

}  // namespace

uint32_t ComputeEmitter::tiles_of(uint32_t cb) const {
  for (auto& c : ctx_.cbs)
    if (c.index == cb) return c.tiles;
  TL_ASSERT(false, "no CB " << cb);
  return 0;
}

uint32_t ComputeEmitter::depth_of(uint32_t cb) const {
  for (auto& c : ctx_.cbs)
    if (c.index == cb) return c.depth;
  TL_ASSERT(false, "no CB " << cb);
  return 0;
}

std::string ComputeEmitter::cb_format(int64_t cb) const {
  for (auto& c : ctx_.cbs)
    if (c.index == cb) return c.format;
  TL_ASSERT(false, "no CB " << cb);
  return "";
}

std::string ComputeEmitter::headers() const {
  std::string s;
  // reduce.h of the 0.66 API names REDUCE_OP and REDUCE_DIM as default template arguments, so they must be
  // defined before it (the SDK's own kernels do so; its host passes them as defines). Every reduce call here
  // names its own pool type and dimension.
  if (includes_.count("compute_kernel_api/reduce.h"))
    s += "#define REDUCE_OP PoolType::SUM\n#define REDUCE_DIM ReduceDim::REDUCE_ROW\n";
  for (const std::string& h : includes_) {
    // 0.81: compute_kernel_api/X.h -> api/compute/X.h, compute_kernel_api.h -> api/compute/compute_kernel_api.h.
    std::string path = h;  // api/… (api/debug/dprint.h) is the same path in both
    if (!api_0_66() && h.rfind("api/", 0) != 0)
      path = h == "compute_kernel_api.h" ? "api/compute/compute_kernel_api.h" : "api/compute/" + h.substr(h.find('/') + 1);
    s += "#include \"" + path + "\"\n";
  }
  return s;
}

std::string ComputeEmitter::prologue() const {
  // The hardware start-up for the first op's CBs; every op below runs its own init before it.
  return "  compute_kernel_hw_startup(" + num(first_in_) + ", " + num(first_in_) + ", " + num(first_out_) + ");\n";
}

void ComputeEmitter::op(const ExternCallNode& c, std::ostringstream& os, const std::string& pad,
                        const std::function<std::string(const Expr&)>& scalar, const Span& span) {
  scalar_ = scalar;
  if (c.name == "tt.fill_tiles") return fill(c, os, pad, span);
  if (c.name == "tt.copy_tiles") return copy(c, os, pad);
  if (c.name == "tt.matmul") return matmul(c, os, pad, span);
  if (c.name == "tt.eltwise") return eltwise(c, os, pad, span);
  if (c.name == "tt.reduce") return reduce(c, os, pad);
  if (c.name == "tt.scaler") return scaler(c, os, pad);
  if (c.name == "tt.print_value" || c.name == "tt.print_tiles") return print(c, os, pad);
  if (c.name == "tt.tilize") return tilize(c, os, pad);
  if (c.name == "tt.untilize") return untilize(c, os, pad);
  if (c.name == "tt.transpose_tiles") return transpose(c, os, pad);
  if (c.name == "tt.ctrl_recv") {  // read_tile_value: cb_api.h
    use("compute_kernel_api/cb_api.h");
    os << emit_ctrl_op(c, KernelRole::Compute, pad, scalar_(c.args[2]));
    return;
  }
  if (c.name == "tt.pop") {  // a version no op read first is waited for: the consumer pops only what it has
    const int64_t cb = const_arg(c, 0);
    const bool if_held = c.args.size() > 3 && const_arg(c, 3);  // a tracked CB: only a version it holds (its flag)
    const std::string in = if_held ? pad + "  " : pad;
    if (if_held) os << pad << "if (tl_held_" << cb << ") {\n";
    if (c.args.size() > 2 && const_arg(c, 2)) os << in << "cb_wait_front(" << cb << ", " << const_arg(c, 1) << ");\n";
    os << in << "cb_pop_front(" << cb << ", " << const_arg(c, 1) << ");\n";
    if (if_held) os << in << "tl_held_" << cb << " = false;\n" << pad << "}\n";
    return;
  }
  TL_ASSERT(false, "unknown compute op " << c.name);
}

void ComputeEmitter::fill(const ExternCallNode& c, std::ostringstream& os, const std::string& pad, const Span& span) {
  int64_t cb = const_arg(c, 0), n = const_arg(c, 1);
  auto* v = constant(c.args[2]);
  auto k = as_const_int(c.args[2]);  // an int32 CB's value (tensorize_tt)
  if (!v && !k) throw UserError("T.fill", "the fill value must be a constant on tenstorrent", span);
  os << pad << "// fill " << n << " tiles of CB " << cb << " with " << (v ? v->value : static_cast<double>(*k)) << "\n"
     << pad << "cb_reserve_back(" << cb << ", " << n << ");\n"
     << pad << "for (uint32_t tl_t = 0; tl_t < " << n << "; ++tl_t) {\n"
     << pad << "  tile_regs_acquire();\n";
  if (k && *k != 0) fill_int(c.args[2], 0, os, pad + "  ");
  if (v && v->value != 0) {
    use("compute_kernel_api/eltwise_unary/fill.h");
    os << pad << "  fill_tile_init();\n" << pad << "  fill_tile(0, " << float_literal(v->value) << ");\n";
  }
  os << pad << "  tile_regs_commit();\n" << pad << "  tile_regs_wait();\n";
  pack_out(static_cast<uint32_t>(cb), os, pad + "  ", "0");
  os << pad << "  tile_regs_release();\n" << pad << "}\n" << pad << "cb_push_back(" << cb << ", " << n << ");\n";
}

void ComputeEmitter::copy(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  int64_t src = const_arg(c, 0), dst = const_arg(c, 1), n = const_arg(c, 2);
  os << pad << "// copy " << n << " tiles CB " << src << " -> CB " << dst << "\n"
     << pad << "cb_wait_front(" << src << ", " << n << ");\n"
     << pad << "cb_reserve_back(" << dst << ", " << n << ");\n"
     << pad << "for (uint32_t tl_t = 0; tl_t < " << n << "; ++tl_t) {\n"
     << pad << "  tile_regs_acquire();\n";
  // A block-float source (bfp8_b storage): the unpacker is switched to it before the init, and back to the
  // destination's format (what the ops after the copy read) after the loop.
  const bool bfp8 = cb_format(src) == "Bfp8_b";
  if (bfp8) {
    use("compute_kernel_api/reconfig_data_format.h");
    os << pad << "  reconfig_data_format_srca(" << src << ");\n";
  }
  os << pad << "  " << copy_init(src) << ";\n"
     << pad << "  copy_tile(" << src << ", tl_t, 0);\n"
     << pad << "  tile_regs_commit();\n" << pad << "  tile_regs_wait();\n";
  pack_out(static_cast<uint32_t>(dst), os, pad + "  ", "0");
  os << pad << "  tile_regs_release();\n" << pad << "}\n" << pad << "cb_push_back(" << dst << ", " << n << ");\n";
  if (bfp8) os << pad << "reconfig_data_format_srca(" << src << ", " << dst << ");\n";
}

void ComputeEmitter::tilize(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  use("compute_kernel_api/tilize.h");
  use("compute_kernel_api/reconfig_data_format.h");
  use("compute_kernel_api/pack.h");
  int64_t src = const_arg(c, 0), dst = const_arg(c, 1), strips = const_arg(c, 2), w = const_arg(c, 3);
  os << pad << "// tilize " << strips << " strips of 32 row-major rows (" << w << " tiles wide) CB " << src << " -> CB "
     << dst << "\n"
     << pad << "reconfig_data_format_srca(" << src << ");\n"
     << pad << "pack_reconfig_data_format(" << dst << ");\n"
     << pad << "tilize_init(" << src << ", " << w << ", " << dst << ");\n"
     << pad << "for (uint32_t tl_s = 0; tl_s < " << strips << "; ++tl_s) {\n"
     << pad << "  cb_wait_front(" << src << ", " << w << ");\n"
     << pad << "  cb_reserve_back(" << dst << ", " << w << ");\n"
     << pad << "  tilize_block(" << src << ", " << w << ", " << dst << ");\n"
     << pad << "  cb_push_back(" << dst << ", " << w << ");\n"
     << pad << "  cb_pop_front(" << src << ", " << w << ");\n"
     << pad << "}\n"
     << pad << "tilize_uninit(" << src << ", " << dst << ");\n";
}

// The mirror of tilize: strips of w tiles into 32 row-major rows each (a row scatter's staging, match_scatter), by
// the packer (pack_untilize: the unpacker's untilize is deprecated in 0.81), b tiles at a time through DST (b the
// largest divisor of w that the DST holds).
void ComputeEmitter::untilize(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  use("compute_kernel_api/pack_untilize.h");
  use("compute_kernel_api/reconfig_data_format.h");
  use("compute_kernel_api/pack.h");
  int64_t src = const_arg(c, 0), dst = const_arg(c, 1), strips = const_arg(c, 2), w = const_arg(c, 3);
  int64_t b = std::min<int64_t>(w, ctx_.dst_capacity);
  while (w % b) --b;
  const std::string dims = "<" + std::to_string(b) + ", " + std::to_string(w) + ">";
  os << pad << "// untilize " << strips << " strips of " << w << " tiles CB " << src << " -> 32 row-major rows each CB "
     << dst << "\n"
     << pad << "reconfig_data_format_srca(" << src << ");\n"
     << pad << "pack_reconfig_data_format(" << dst << ");\n"
     << pad << "pack_untilize_init" << dims << "(" << src << ", " << dst << ");\n"
     << pad << "for (uint32_t tl_s = 0; tl_s < " << strips << "; ++tl_s) {\n"
     << pad << "  cb_reserve_back(" << dst << ", " << w << ");\n"
     << pad << "  for (uint32_t tl_b = 0; tl_b < " << w / b << "; ++tl_b) {\n"
     << pad << "    cb_wait_front(" << src << ", " << b << ");\n"
     << pad << "    pack_untilize_block" << dims << "(" << src << ", 1, " << dst << ", tl_b);\n"
     << pad << "    cb_pop_front(" << src << ", " << b << ");\n"
     << pad << "  }\n"
     << pad << "  cb_push_back(" << dst << ", " << w << ");\n"
     << pad << "}\n"
     << pad << "pack_untilize_uninit(" << dst << ");\n";
}

// A rows×cols-tile block, transposed: tile (c, r) of the cols×rows result is tile (r, c) of the source with its
// rows and columns swapped. transpose_wh_tile reads the tile through SrcA, which holds 19-bit floats: float32 tiles
// are instead copied into the fp32 DST unchanged and transposed there (transpose_wh_dest). The 0.81 API renames
// both (api/compute/transpose.h: transpose_init/transpose_tile; transpose_dest.h: transpose_dest_init/transpose_dest).
void ComputeEmitter::transpose(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  int64_t src = const_arg(c, 0), dst = const_arg(c, 1), rows = const_arg(c, 2), cols = const_arg(c, 3);
  const int64_t n = rows * cols;
  const bool fp32 = cb_format(src) == "Float32", old = api_0_66();
  const std::string tile = "tl_t % " + num(rows) + " * " + num(cols) + " + tl_t / " + num(rows);
  use(fp32 ? (old ? "compute_kernel_api/transpose_wh_dest.h" : "compute_kernel_api/transpose_dest.h")
           : (old ? "compute_kernel_api/transpose_wh.h" : "compute_kernel_api/transpose.h"));
  os << pad << "// transpose " << rows << "×" << cols << " tiles CB " << src << " -> " << cols << "×" << rows
     << " tiles CB " << dst << "\n"
     << pad << "cb_wait_front(" << src << ", " << n << ");\n"
     << pad << "cb_reserve_back(" << dst << ", " << n << ");\n";
  if (!fp32) os << pad << (old ? "transpose_wh_init(" + num(src) + ", " + num(dst) : "transpose_init(" + num(src)) << ");\n";
  os << pad << "for (uint32_t tl_t = 0; tl_t < " << n << "; ++tl_t) {\n" << pad << "  tile_regs_acquire();\n";
  if (fp32)
    os << pad << "  " << copy_init(src) << ";\n"
       << pad << "  copy_tile(" << src << ", " << tile << ", 0);\n"
       << pad << "  " << (old ? "transpose_wh_dest_init_short<true>();" : "transpose_dest_init<true>();") << "\n"
       << pad << "  " << (old ? "transpose_wh_dest<true>(0);" : "transpose_dest<true>(0);") << "\n";
  else
    os << pad << "  " << (old ? "transpose_wh_tile(" : "transpose_tile(") << src << ", " << tile << ", 0);\n";
  os << pad << "  tile_regs_commit();\n" << pad << "  tile_regs_wait();\n";
  pack_out(static_cast<uint32_t>(dst), os, pad + "  ", "0");
  os << pad << "  tile_regs_release();\n" << pad << "}\n" << pad << "cb_push_back(" << dst << ", " << n << ");\n";
}

void ComputeEmitter::pack_out(uint32_t cb, std::ostringstream& os, const std::string& pad, const std::string& slot) {
  os << pad << "pack_reconfig_data_format(" << cb << ");\n" << pad << "pack_tile(" << slot << ", " << cb << ");\n";
}

void ComputeEmitter::matmul(const ExternCallNode& c, std::ostringstream& os, const std::string& pad,
                            const Span& span) {
  use("compute_kernel_api/matmul.h");
  int64_t a = const_arg(c, 0), b = const_arg(c, 1), acc = const_arg(c, 2);
  int64_t mt = const_arg(c, 3), nt = const_arg(c, 4), kt = const_arg(c, 5);
  bool tb = const_arg(c, 6) != 0, clear = const_arg(c, 7) != 0;
  if (!uses_matmul_) first_in_ = static_cast<uint32_t>(a), first_out_ = static_cast<uint32_t>(acc);
  uses_matmul_ = true;
  const uint32_t cap = ctx_.dst_capacity;
  const uint32_t sw = largest_divisor_at_most(static_cast<uint32_t>(nt), cap);
  const uint32_t sh = largest_divisor_at_most(static_cast<uint32_t>(mt), cap / sw);
  // One version in the CB (plan_tt_cb_depths): accumulate in place. Popping the old partials and reserving
  // again gives back the same pages, which still hold them; the packer's L1 accumulation adds onto them.
  const bool in_place = !clear && depth_of(static_cast<uint32_t>(acc)) == static_cast<uint32_t>(mt * nt);
  os << pad << "// C(CB " << acc << ") " << (clear ? "= " : "+= ") << "A(CB " << a << ") · B(CB " << b << ")"
     << (tb ? "ᵀ" : "") << ": " << mt << "×" << nt << " tiles over K = " << kt << " tiles, in " << sh << "×" << sw
     << " subblocks\n"
     << pad << "cb_wait_front(" << a << ", " << mt * kt << ");\n"
     << pad << "cb_wait_front(" << b << ", " << kt * nt << ");\n";
  if (!clear) os << pad << "cb_wait_front(" << acc << ", " << mt * nt << ");\n";
  if (in_place) {
    use("compute_kernel_api/pack.h");
    os << pad << "cb_pop_front(" << acc << ", " << mt * nt << ");  // partials stay in L1: packs add onto them\n";
  }
  os << pad << "cb_reserve_back(" << acc << ", " << mt * nt << ");\n"
     << pad << "for (uint32_t tl_r = 0; tl_r < " << mt << "; tl_r += " << sh << ") {\n"
     << pad << "  for (uint32_t tl_c = 0; tl_c < " << nt << "; tl_c += " << sw << ") {\n"
     << pad << "    tile_regs_acquire();\n";
  if (!clear && !in_place) {
    os << pad << "    " << copy_init(acc) << ";\n"
       << pad << "    for (uint32_t tl_p = 0; tl_p < " << sh << "; ++tl_p)\n"
       << pad << "      for (uint32_t tl_q = 0; tl_q < " << sw << "; ++tl_q)\n"
       << pad << "        copy_tile(" << acc << ", (tl_r + tl_p) * " << nt << " + tl_c + tl_q, tl_p * " << sw
       << " + tl_q);\n";
  }
  if (tb) {  // B's tiles of one K index are kt apart: one tile product at a time
    os << pad << "    " << (api_0_66() ? "mm_init_short(" : "matmul_init(") << a << ", " << b << ", 1);\n"
       << pad << "    for (uint32_t tl_p = 0; tl_p < " << sh << "; ++tl_p)\n"
       << pad << "      for (uint32_t tl_q = 0; tl_q < " << sw << "; ++tl_q)\n"
       << pad << "        for (uint32_t tl_k = 0; tl_k < " << kt << "; ++tl_k)\n"
       << pad << "          matmul_tiles(" << a << ", " << b << ", (tl_r + tl_p) * " << kt << " + tl_k, "
       << "(tl_c + tl_q) * " << kt << " + tl_k, tl_p * " << sw << " + tl_q);\n";
  } else {  // per K index, the sh×sw subblock from sh tiles of A (kt apart) and sw consecutive tiles of B
    os << pad << "    " << (api_0_66() ? "mm_block_init_short(" : "matmul_block_init(") << a << ", " << b << ", 0, " << sw
       << ", " << sh << ", " << kt << ");\n"
       << pad << "    for (uint32_t tl_k = 0; tl_k < " << kt << "; ++tl_k)\n"
       << pad << "      matmul_block(" << a << ", " << b << ", tl_r * " << kt << " + tl_k, tl_k * " << nt
       << " + tl_c, 0, 0, " << sw << ", " << sh << ", " << kt << ");\n";
  }
  os << pad << "    tile_regs_commit();\n" << pad << "    tile_regs_wait();\n"
     << pad << "    pack_reconfig_data_format(" << acc << ");\n";
  if (in_place) os << pad << "    pack_reconfig_l1_acc(1);\n";
  os << pad << "    for (uint32_t tl_p = 0; tl_p < " << sh << "; ++tl_p)\n"
     << pad << "      for (uint32_t tl_q = 0; tl_q < " << sw << "; ++tl_q)\n"
     << pad << "        pack_tile<true>(tl_p * " << sw << " + tl_q, " << acc << ", (tl_r + tl_p) * " << nt
     << " + tl_c + tl_q);\n";
  if (in_place) os << pad << "    pack_reconfig_l1_acc(0);\n";
  os << pad << "    tile_regs_release();\n" << pad << "  }\n" << pad << "}\n";
  if (!clear && !in_place) os << pad << "cb_pop_front(" << acc << ", " << mt * nt << ");\n";
  os << pad << "cb_push_back(" << acc << ", " << mt * nt << ");\n";
  (void)span;
}

void ComputeEmitter::eltwise(const ExternCallNode& c, std::ostringstream& os, const std::string& pad,
                             const Span& span) {
  int64_t dst = const_arg(c, 0), rows = const_arg(c, 1), cols = const_arg(c, 2), n = rows * cols;
  // Wait for every leaf's tiles (the destination's old version too, when the expression reads it).
  std::map<int64_t, int64_t> waits;
  struct Leaves : IRVisitor {
    std::map<int64_t, int64_t>* waits;
    int64_t rows, cols;
    void visit_ExternCall(const ExternCallNode& l, const Expr&) override {
      if (!leaf_call(l)) return;
      int64_t cb = *as_const_int(l.args[0]);
      if (l.name == "tt.tile") (*waits)[cb] = rows * cols;
      if (l.name == "tt.col_vec") (*waits)[cb] = rows;
      if (l.name == "tt.row_vec") (*waits)[cb] = cols;
      if (l.name == "tt.scalar_tile") (*waits)[cb] = 1;
    }
  } leaves;
  leaves.waits = &waits;
  leaves.rows = rows;
  leaves.cols = cols;
  leaves.visit(c.args[3]);
  os << pad << "// CB " << dst << " = element-wise expression over " << rows << "×" << cols << " tiles\n";
  for (auto& [cb, k] : waits) os << pad << "cb_wait_front(" << cb << ", " << k << ");\n";
  os << pad << "cb_reserve_back(" << dst << ", " << n << ");\n"
     << pad << "for (uint32_t tl_t = 0; tl_t < " << n << "; ++tl_t) {\n"
     << pad << "  tile_regs_acquire();\n";
  value(c.args[3], 0, "tl_t", cols, os, pad + "  ", span);
  os << pad << "  tile_regs_commit();\n" << pad << "  tile_regs_wait();\n";
  pack_out(static_cast<uint32_t>(dst), os, pad + "  ", "0");
  os << pad << "  tile_regs_release();\n" << pad << "}\n";
  if (waits.count(dst)) os << pad << "cb_pop_front(" << dst << ", " << n << ");\n";
  os << pad << "cb_push_back(" << dst << ", " << n << ");\n";
  if (first_in_ == 0 && !waits.empty()) first_in_ = static_cast<uint32_t>(waits.begin()->first);
}

}  // namespace tl::tt
