// FPU element-wise, broadcast, reduce and transpose numerics (see tile_math.h for the model).
#include <algorithm>
#include <cmath>

#include "tile_format.h"
#include "tile_math.h"

namespace emu::compute {

void to_src_register(float* t, int n) {
  for (int i = 0; i < n; ++i) t[i] = truncate_mantissa(t[i], 10);
}

float fidelity_mul(float srca, float srcb, int fidelity) {
  const float a_full = truncate_mantissa(srca, 9), b_full = truncate_mantissa(srcb, 10);
  if (fidelity >= 4) return a_full * b_full;
  const float a_hi = truncate_mantissa(srca, 4), b_hi = truncate_mantissa(srcb, 6);
  if (fidelity <= 0) return a_hi * b_hi;          // phase 0
  if (fidelity <= 2) return a_full * b_hi;        // phases 0+1
  return a_full * b_hi + a_hi * (b_full - b_hi);  // phases 0+1+2
}

namespace {
inline float bcast_at(Bcast bc, const float* b, int r, int c) {
  switch (bc) {
    case Bcast::None: return b[r * 32 + c];
    case Bcast::Col: return b[r * 32];
    case Bcast::Row: return b[c];
    case Bcast::Scalar: return b[0];
  }
  return 0.0f;
}
}  // namespace

void binary_tile(BinaryOp op, Bcast bcast, const float* a, const float* b, float* out, int fidelity, bool dst_bf16,
                 bool accumulate) {
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) {
      const float x = a[r * 32 + c], y = bcast_at(bcast, b, r, c);
      float v = op == BinaryOp::Add ? x + y : op == BinaryOp::Sub ? x - y : fidelity_mul(x, y, fidelity);
      if (accumulate) v += out[r * 32 + c];
      out[r * 32 + c] = dst_bf16 ? round_bf16(v) : v;
    }
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
