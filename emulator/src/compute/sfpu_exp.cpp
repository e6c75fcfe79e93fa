// exp for the SFPU functions: a vectorisable fp32 implementation (the C++ library's expf is scalar), at most
// ~1.3 ulp from the exact value over the whole float range, NaN/inf/denormals included.
// Contract: results are bit-identical on every CPU — the file is compiled without floating-point contraction,
// so each multiversioned clone performs the same IEEE operations in the same order.
#pragma GCC optimize("fp-contract=off")

#include "sfpu_exp.h"

#include <cmath>
#include <cstring>

#include "simd.h"
#include "tile_format.h"

namespace emu::compute {

namespace {
// e^x = 2^n * e^r with n = round(x / ln 2) and r = x - n ln 2 (Cody-Waite split, |r| <= ln2/2), e^r by its
// Taylor series to r^7 (truncation error < 2^-27 relative).
__attribute__((always_inline)) inline float exp_value_inline(float x) {
  const float xc = x > 88.8f ? 88.8f : (x < -104.0f ? -104.0f : x);
  const float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  // round to nearest even
  const float r = (xc - n * 0.693145751953125f) - n * 1.42860682030941723212e-6f;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  // 2^n in two factors, so results down to the smallest denormal are scaled exactly.
  const int ni = static_cast<int>(n);
  const int n1 = ni / 2, n2 = ni - n1;
  const float v =
      p * bits_float(static_cast<uint32_t>(n1 + 127) << 23) * bits_float(static_cast<uint32_t>(n2 + 127) << 23);
  const float w = x > 88.8f ? INFINITY : v;
  return x != x ? x : w;
}
}  // namespace

float exp_value(float x) { return exp_value_inline(x); }

EMU_MULTIVERSION
void exp_rows(float* tile, int rows, int cols, float scale, bool dst_bf16) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const float v = exp_value_inline(tile[r * 32 + c] * scale);
      tile[r * 32 + c] = v;
    }
  if (dst_bf16)
    for (int r = 0; r < rows; ++r) round_tile_bf16(tile + r * 32, cols);
}

}  // namespace emu::compute
