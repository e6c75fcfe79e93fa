// FPU element-wise, broadcast, reduce and transpose numerics (see tile_math.h for the model).
#include <algorithm>
#include <cmath>

#include "simd.h"
#include "tile_format.h"
#include "tile_math.h"

namespace emu::compute {

void to_src_register(float* t, int n) {
  for (int i = 0; i < n; ++i) t[i] = truncate_mantissa(t[i], 10);
}

namespace {
// One FPU multiply at a math fidelity: phase 0 (LoFi) multiplies the operands' high bits, phases 1 and 2 add
// the low bits of each, HiFi4 the full SrcA (9 bits) × SrcB (10 bits) product. Inlined so the loops below
// vectorise.
__attribute__((always_inline)) inline float mul_at(float x, float y, int fidelity) {
  const float a_full = truncate_mantissa(x, 9), b_full = truncate_mantissa(y, 10);
  const float a_hi = truncate_mantissa(x, 4), b_hi = truncate_mantissa(y, 6);
  return fidelity >= 4   ? a_full * b_full
         : fidelity <= 0 ? a_hi * b_hi
         : fidelity <= 2 ? a_full * b_hi
                         : a_full * b_hi + a_hi * (b_full - b_hi);
}
}  // namespace

float fidelity_mul(float srca, float srcb, int fidelity) { return mul_at(srca, srcb, fidelity); }

namespace {

// out[r][c] (+)= a[r][c] op B'[r][c]; B' per the broadcast. Op and broadcast are template parameters so each
// instance is a straight, vectorisable loop.
template <BinaryOp Op, Bcast Bc>
__attribute__((always_inline)) inline void binary_rows(const float* a, const float* b, float* out, int fidelity,
                                                       bool accumulate) {
  for (int r = 0; r < 32; ++r) {
    const float* ar = a + r * 32;
    float* o = out + r * 32;
    for (int c = 0; c < 32; ++c) {
      const float y = Bc == Bcast::None ? b[r * 32 + c] : Bc == Bcast::Col ? b[r * 32] : Bc == Bcast::Row ? b[c] : b[0];
      float v = Op == BinaryOp::Add ? ar[c] + y : Op == BinaryOp::Sub ? ar[c] - y : mul_at(ar[c], y, fidelity);
      o[c] = accumulate ? o[c] + v : v;
    }
  }
}

template <BinaryOp Op>
__attribute__((always_inline)) inline void binary_bcast(Bcast bc, const float* a, const float* b, float* out,
                                                        int fidelity, bool accumulate) {
  switch (bc) {
    case Bcast::None: return binary_rows<Op, Bcast::None>(a, b, out, fidelity, accumulate);
    case Bcast::Col: return binary_rows<Op, Bcast::Col>(a, b, out, fidelity, accumulate);
    case Bcast::Row: return binary_rows<Op, Bcast::Row>(a, b, out, fidelity, accumulate);
    case Bcast::Scalar: return binary_rows<Op, Bcast::Scalar>(a, b, out, fidelity, accumulate);
  }
}

EMU_MULTIVERSION
void binary_fp32(BinaryOp op, Bcast bc, const float* a, const float* b, float* out, int fidelity, bool accumulate) {
  switch (op) {
    case BinaryOp::Add: return binary_bcast<BinaryOp::Add>(bc, a, b, out, fidelity, accumulate);
    case BinaryOp::Sub: return binary_bcast<BinaryOp::Sub>(bc, a, b, out, fidelity, accumulate);
    case BinaryOp::Mul: return binary_bcast<BinaryOp::Mul>(bc, a, b, out, fidelity, accumulate);
  }
}
}  // namespace

void binary_tile(BinaryOp op, Bcast bcast, const float* a, const float* b, float* out, int fidelity, bool dst_bf16,
                 bool accumulate) {
  binary_fp32(op, bcast, a, b, out, fidelity, accumulate);
  if (dst_bf16) round_tile_bf16(out);
}

void reduce_tile(Pool pool, ReduceAxis axis, const float* in, const float* scaler, float* dst, int fidelity,
                 bool dst_bf16, bool dst_fresh) {
  auto term = [&](int r, int c, int k) {
    // MAX multiplies too (GMPOOL scales by SrcB); fidelity only matters for SUM/AVG.
    return fidelity_mul(in[r * 32 + c], scaler[k % 16], pool == Pool::Max ? 4 : fidelity);
  };
  auto combine = [&](float& slot, float v, bool fresh) {
    float r = pool == Pool::Max ? (fresh ? v : std::max(slot, v)) : slot + v;
    slot = dst_bf16 ? round_bf16(r) : r;
  };
  auto fold = [&](float acc, float v) { return pool == Pool::Max ? std::max(acc, v) : acc + v; };
  const float init = pool == Pool::Max ? -INFINITY : 0.0f;
  if (axis == ReduceAxis::Row) {
    for (int r = 0; r < 32; ++r) {
      float acc = init;
      for (int c = 0; c < 32; ++c) acc = fold(acc, term(r, c, c));
      combine(dst[r * 32], acc, dst_fresh);
    }
  } else if (axis == ReduceAxis::Col) {
    for (int c = 0; c < 32; ++c) {
      float acc = init;
      for (int r = 0; r < 32; ++r) acc = fold(acc, term(r, c, r));
      combine(dst[c], acc, dst_fresh);
    }
  } else {
    float acc = init;
    for (int r = 0; r < 32; ++r)
      for (int c = 0; c < 32; ++c) acc = fold(acc, term(r, c, c));
    combine(dst[0], acc, dst_fresh);
  }
}

void transpose_tile(const float* in, float* out) {
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) out[c * 32 + r] = in[r * 32 + c];
}

}  // namespace emu::compute
