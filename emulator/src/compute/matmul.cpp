// Tile matmul: the emulator's hot loop (a 1024^3 matmul is 32768 tile products). Operands are split into
// fidelity fields up front, so the kernel itself is always a plain fp32 multiply-accumulate whose products
// are exact; the kernel keeps 4 rows x 32 columns of accumulators in vector registers.
#include <cstring>

#include "simd.h"
#include "tile_format.h"
#include "tile_math.h"

namespace emu::compute {

namespace {
typedef float v16fu __attribute__((vector_size(64), aligned(4)));

__attribute__((always_inline)) inline v16f load16(const float* p) { return *reinterpret_cast<const v16fu*>(p); }
__attribute__((always_inline)) inline void store16(float* p, v16f v) { *reinterpret_cast<v16fu*>(p) = v; }

void split(const float* in, float* hi, float* lo, int hi_bits, int full_bits) {
  for (int i = 0; i < 1024; ++i) {
    float full = truncate_mantissa(in[i], full_bits);
    hi[i] = truncate_mantissa(in[i], hi_bits);
    lo[i] = full - hi[i];  // exact: the low field of the same number
  }
}
EMU_MULTIVERSION
uint32_t low_bits(const float* t, uint32_t mask) {
  uint32_t acc = 0;
  for (int i = 0; i < 1024; ++i) acc |= float_bits(t[i]) & mask;
  return acc;
}
}  // namespace

EMU_MULTIVERSION
void matmul_acc(const float* a, const float* b, float* c, int k0, int k1) {
  for (int i = 0; i < 32; i += 4) {
    v16f c00 = load16(c + (i + 0) * 32), c01 = load16(c + (i + 0) * 32 + 16);
    v16f c10 = load16(c + (i + 1) * 32), c11 = load16(c + (i + 1) * 32 + 16);
    v16f c20 = load16(c + (i + 2) * 32), c21 = load16(c + (i + 2) * 32 + 16);
    v16f c30 = load16(c + (i + 3) * 32), c31 = load16(c + (i + 3) * 32 + 16);
    const float* a0 = a + i * 32;
    for (int k = k0; k < k1; ++k) {
      const v16f b0 = load16(b + k * 32), b1 = load16(b + k * 32 + 16);
      const float x0 = a0[k], x1 = a0[32 + k], x2 = a0[64 + k], x3 = a0[96 + k];
      c00 += x0 * b0;
      c01 += x0 * b1;
      c10 += x1 * b0;
      c11 += x1 * b1;
      c20 += x2 * b0;
      c21 += x2 * b1;
      c30 += x3 * b0;
      c31 += x3 * b1;
    }
    store16(c + (i + 0) * 32, c00), store16(c + (i + 0) * 32 + 16, c01);
    store16(c + (i + 1) * 32, c10), store16(c + (i + 1) * 32 + 16, c11);
    store16(c + (i + 2) * 32, c20), store16(c + (i + 2) * 32 + 16, c21);
    store16(c + (i + 3) * 32, c30), store16(c + (i + 3) * 32 + 16, c31);
  }
}

void matmul_tile(const float* a, const float* b, float* c, bool transpose_b, int fidelity, bool dst_bf16) {
  alignas(64) float bt[1024];
  if (transpose_b) {
    transpose_tile(b, bt);
    b = bt;
  }
  auto run = [&](const float* x, const float* y, const float* x2, const float* y2) {
    for (int k0 = 0; k0 < 32; k0 += 16) {
      matmul_acc(x, y, c, k0, k0 + 16);
      if (x2) matmul_acc(x2, y2, c, k0, k0 + 16);
      if (dst_bf16) round_tile_bf16(c);
    }
  };
  if (fidelity >= 4) {
    // in0 (SrcB) keeps 10 mantissa bits, in1 (SrcA) 9: no-ops for bf16 inputs, so this is the fast path.
    if (low_bits(a, 0x1fffu) == 0 && low_bits(b, 0x3fffu) == 0) return run(a, b, nullptr, nullptr);
    alignas(64) float a2[1024], b2[1024];
    for (int i = 0; i < 1024; ++i) a2[i] = truncate_mantissa(a[i], 10), b2[i] = truncate_mantissa(b[i], 9);
    return run(a2, b2, nullptr, nullptr);
  }
  alignas(64) float a_hi[1024], a_lo[1024], b_hi[1024], b_lo[1024], b_full[1024];
  split(a, a_hi, a_lo, 6, 10);  // in0 is SrcB: 1+6 bits, then 4 more
  split(b, b_hi, b_lo, 4, 9);   // in1 is SrcA: 1+4 bits, then 5 more
  for (int i = 0; i < 1024; ++i) b_full[i] = b_hi[i] + b_lo[i];
  if (fidelity <= 0) return run(a_hi, b_hi, nullptr, nullptr);      // phase 0
  if (fidelity <= 2) return run(a_hi, b_full, nullptr, nullptr);    // phases 0+1
  return run(a_hi, b_full, a_lo, b_hi);                             // phases 0+1+2
}

}  // namespace emu::compute
