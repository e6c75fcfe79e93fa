// T.cumsum as a product with a triangular matrix of ones (tt_cumsum_lowering.h).
#include "tilelang_tt/transform/tt_cumsum_lowering.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_tensor_layout.h"

namespace tl::tt {

namespace {
Expr i32(int64_t v) { return make_int(v); }
Expr leaf(const char* kind, uint32_t cb) { return make_extern(kind, DType::Float32, {i32(cb)}); }
}  // namespace

CumSumPlan plan_cumsum(const CumSumNode& n) {
  auto fail = [&](const std::string& why) { throw UserError("T.cumsum", why, n.span); };
  for (const BufferRegion* r : {&n.src, &n.dst}) {
    if (r->buffer->scope == Scope::Global)
      fail("operand " + r->buffer->name + " is a global tensor: on tenstorrent T.cumsum takes shared or fragment "
           "buffers; T.copy it into one first");
    tt_check_whole(*r, "T.cumsum", n.span);
    if (!dtype_is_float(r->buffer->dtype))
      fail("a cumsum of " + std::string(dtype_name(r->buffer->dtype)) + " buffer " + r->buffer->name +
           " is not supported on tenstorrent yet (it runs on the matrix engine, which multiplies float tiles); use "
           "float32, bfloat16 or float16");
    if (r->buffer->shape.size() != 2)
      fail("buffer " + r->buffer->name + " must be 2-D on tenstorrent, got rank " +
           std::to_string(r->buffer->shape.size()));
  }
  const int64_t rows = *as_const_int(n.src.buffer->shape[0]), cols = *as_const_int(n.src.buffer->shape[1]);
  // A block that is not whole tiles is summed over its cover (tt_padded_blocks.h); a pad along dim is zeroed first
  // (valid): a reverse sum adds it, and 0 · inf in the triangle product would not be 0.
  CumSumPlan p;
  p.rows = (rows + 31) / 32, p.cols = (cols + 31) / 32, p.dim = n.dim, p.reverse = n.reverse;
  const int64_t along = n.dim == 1 ? cols : rows;
  if (along % 32) p.valid = along;
  switch (n.src.buffer->dtype) {  // significant bits / the 8 of a bfloat16 piece
    case DType::BFloat16: p.pieces = 1; break;
    case DType::Float16: p.pieces = 2; break;
    default: p.pieces = 3; break;
  }
  return p;
}

std::vector<Stmt> lower_cumsum(const CumSumPlan& p, uint32_t src, const std::string& src_format, uint32_t dst,
                               const FreshCb& fresh, const Span& sp) {
  std::vector<Stmt> out;
  const int64_t k = p.dim == 1 ? p.cols : p.rows, tiles = p.rows * p.cols;
  // T[r, c] = 1 where r <= c (forward dim 1, reverse dim 0) or r >= c (the others): the sign of r − c.
  const uint32_t ir = fresh("Float32", static_cast<uint32_t>(k), true), ic = fresh("Float32", static_cast<uint32_t>(k), true);
  out.push_back(make_tt_op("tt.iota", {i32(ir), i32(k), i32(1)}, sp));
  out.push_back(make_tt_op("tt.iota", {i32(ic), i32(k), i32(0)}, sp));
  const BinaryOp cmp = (p.dim == 1) != p.reverse ? BinaryOp::LE : BinaryOp::GE;
  const uint32_t tri = fresh("Float16_b", static_cast<uint32_t>(k * k), false);
  Expr diff = make_binary(BinaryOp::Sub, leaf("tt.col_vec", ir), leaf("tt.row_vec", ic));
  out.push_back(make_tt_op("tt.eltwise", {i32(tri), i32(k), i32(k),
                                          make_cast(DType::Float32, make_binary(cmp, diff, make_float(0.0)))}, sp));
  // The pieces P1..Pn of the source, bfloat16 each; the remainders in float32.
  std::vector<uint32_t> pieces;
  if (p.pieces == 1 && src_format == "Float16_b") pieces.push_back(src);
  uint32_t rest = src;
  while (static_cast<int>(pieces.size()) < p.pieces) {
    const uint32_t piece = fresh("Float16_b", static_cast<uint32_t>(tiles), false);
    out.push_back(make_tt_op("tt.copy_tiles", {i32(rest), i32(piece), i32(tiles)}, sp));
    pieces.push_back(piece);
    if (static_cast<int>(pieces.size()) == p.pieces) break;
    const uint32_t next = fresh("Float32", static_cast<uint32_t>(tiles), false);
    out.push_back(make_tt_op("tt.eltwise", {i32(next), i32(p.rows), i32(p.cols),
                                            make_binary(BinaryOp::Sub, leaf("tt.tile", rest), leaf("tt.tile", piece))},
                             sp));
    rest = next;
  }
  // Σ pieces · T (dim 1) or T · pieces (dim 0), accumulated in float32.
  const uint32_t acc = fresh("Float32", static_cast<uint32_t>(tiles), false);
  for (size_t i = 0; i < pieces.size(); ++i) {
    const bool rows_dim = p.dim == 0;
    const uint32_t a = rows_dim ? tri : pieces[i], b = rows_dim ? pieces[i] : tri;
    out.push_back(make_tt_op("tt.matmul", {i32(a), i32(b), i32(acc), i32(p.rows), i32(p.cols), i32(k), i32(0),
                                           i32(i == 0)}, sp));
  }
  out.push_back(make_tt_op("tt.copy_tiles", {i32(acc), i32(dst), i32(tiles)}, sp));
  return out;
}

}  // namespace tl::tt
