// Exact reductions of int32 data (tt_int_reduce.h).
#include "tilelang_tt/transform/tt_int_reduce.h"

#include <cmath>

#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

Expr i32(int64_t v) { return make_int(v); }
Expr f32(double v) { return make_float(v); }
Expr add(const Expr& a, const Expr& b) { return make_binary(BinaryOp::Add, a, b); }
Expr sub(const Expr& a, const Expr& b) { return make_binary(BinaryOp::Sub, a, b); }
Expr mul(const Expr& a, const Expr& b) { return make_binary(BinaryOp::Mul, a, b); }
Expr as_float(const Expr& e) { return make_cast(DType::Float32, e); }
Expr as_int(const Expr& e) { return make_cast(DType::Int32, e); }
Expr trunc_float(const Expr& e) { return as_float(as_int(e)); }  // e >= 0 here: floor

// lo's three low base-256 digits (bytes), k = 0, 1, 2, from float lo (exact below 2^24).
Expr low_digit(const Expr& lo, int k) {
  auto quot = [&](int bits) { return trunc_float(mul(lo, f32(std::ldexp(1.0, -bits)))); };  // lo >= 0: floor
  if (k == 2) return quot(16);
  return k == 1 ? sub(quot(8), mul(quot(16), f32(256))) : sub(lo, mul(quot(8), f32(256)));
}

}  // namespace

std::vector<Stmt> lower_int_reduce(const ExactReduce& r, const std::function<uint32_t(int)>& part_cb,
                                   const std::function<uint32_t(int, bool)>& vector_cb, uint32_t lo_cb,
                                   const Span& sp) {
  const ReduceLowering& p = r.plan;
  const int64_t outer = r.dim == 1 ? p.rows : p.cols;
  const Expr src = make_extern("tt.tile", DType::Int32, {i32(r.src)});
  const Expr x = p.pre ? p.pre(src) : src;
  const bool sum = p.kind == TTReduce::Sum;
  std::vector<Stmt> out;
  auto eltwise = [&](uint32_t dst, int64_t rows, int64_t cols, const Expr& v) {
    out.push_back(make_tt_op("tt.eltwise", {i32(dst), i32(rows), i32(cols), v}, sp));
  };
  auto reduce = [&](uint32_t part, uint32_t vec) {
    out.push_back(make_tt_op("tt.reduce", {i32(part), i32(vec), i32(static_cast<int>(sum ? TTReduce::Sum : TTReduce::Max)),
                                           i32(r.dim), i32(p.rows), i32(p.cols), i32(1), i32(r.scaler)}, sp));
  };
  auto tile = [](uint32_t cb) { return make_extern("tt.tile", DType::Float32, {i32(cb)}); };
  auto vec = [&](uint32_t cb) { return make_extern(r.dim == 1 ? "tt.col_vec" : "tt.row_vec", DType::Float32, {i32(cb)}); };
  // q = trunc(float(x) / 2^24) into part 0 (scratch), hi = q - (x - q * 2^24 < 0) into part 3, and float lo into
  // the Float32 CB: staged through CBs so that each tree fits the DST.
  // Digit k's part goes to part CB k % 2 (each is read by its reduction and the next digit's mask, then popped).
  eltwise(part_cb(0), p.rows, p.cols, trunc_float(mul(as_float(x), f32(0x1p-24))));
  const Expr q = tile(part_cb(0));
  const Expr r_neg = make_binary(BinaryOp::LT, as_float(sub(x, mul(as_int(q), i32(1 << 24)))), f32(0));  // exact
  eltwise(part_cb(1), p.rows, p.cols, sub(q, as_float(r_neg)));
  const Expr hi = tile(part_cb(1)), lo = tile(lo_cb);
  Expr m;  // sum_k int(v_k) * 2^(8k)
  for (int k = 3; k >= 0; --k) {  // from the top digit: max masks each digit by the ones above
    if (k < 3) {
      Expr part = low_digit(lo, k);
      if (!sum) part = make_select(make_binary(BinaryOp::EQ, tile(part_cb((k + 1) % 2)), vec(vector_cb(k + 1, false))),
                                   part, f32(-1));
      eltwise(part_cb(k % 2), p.rows, p.cols, part);
    }
    reduce(part_cb(k % 2), vector_cb(k, sum));
    if (k == 3) eltwise(lo_cb, p.rows, p.cols, as_float(sub(x, mul(as_int(hi), i32(1 << 24)))));
    const Expr digit = as_int(tile(vector_cb(k, sum)));
    const Expr v = k ? mul(digit, i32(int64_t{1} << (8 * k))) : digit;
    m = m ? add(m, v) : v;
  }
  const Expr dst = make_extern("tt.tile", DType::Int32, {i32(r.dst)});
  const bool min = p.kind == TTReduce::Min;
  if (min) m = sub(i32(-1), m);
  if (!r.clear) m = make_binary(sum ? BinaryOp::Add : min ? BinaryOp::Min : BinaryOp::Max, dst, m);
  eltwise(r.dst, outer, 1, m);
  return out;
}

}  // namespace tl::tt
