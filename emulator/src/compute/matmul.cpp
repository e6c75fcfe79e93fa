// Tile matmul: the emulator's hot loop (a 1024^3 matmul is 32768 tile products). Operands are split into
// fidelity fields up front, so the kernel itself is always a plain fp32 multiply-accumulate whose products
// are exact. The kernel is picked once at load time for the CPU (AVX-512, AVX2+FMA, or portable).
#include <cstdlib>
#include <cstring>
#include <string>

#include "simd.h"
#include "tile_format.h"
#include "tile_math.h"

namespace emu::compute {

namespace {
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

// N-lane float vectors (GCC vector extensions). Each kernel uses the width its target handles natively:
// wider-than-native vectors lower badly, so the width is a template parameter, not a fixed type.
template <int N>
struct Lanes {
  typedef float f __attribute__((vector_size(4 * N)));
  typedef float fu __attribute__((vector_size(4 * N), aligned(4)));  // unaligned loads/stores
  typedef unsigned int u __attribute__((vector_size(4 * N)));
};

// bf16 RNE on every lane (NaN stays a quiet NaN).
template <int N>
__attribute__((always_inline)) inline typename Lanes<N>::f round_lanes(typename Lanes<N>::f v) {
  typedef typename Lanes<N>::u U;
  const U bits = (U)v;  // GCC vector casts between equal sizes reinterpret the bits
  const U rounded = (bits + 0x7fffu + ((bits >> 16) & 1u)) & 0xffff0000u;
  const U quiet = (bits | 0x00400000u) & 0xffff0000u;
  const U is_nan = (U)((bits & 0x7fffffffu) > 0x7f800000u);
  return (typename Lanes<N>::f)((is_nan & quiet) | (~is_nan & rounded));
}

// c += a @ b (+ a2 @ b2 when Second) over K = 32 in two 16-deep slices, rounding the accumulator to bf16
// after each slice when Round. R rows x 32 columns of accumulators stay in registers.
template <int N, int R, bool Second, bool Round>
__attribute__((always_inline)) inline void matmul_rows(const float* a, const float* b, const float* a2, const float* b2,
                                                       float* c) {
  typedef typename Lanes<N>::f V;
  typedef typename Lanes<N>::fu VU;
  constexpr int NV = 32 / N;
  for (int i = 0; i < 32; i += R) {
    V acc[R][NV];
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < NV; ++v) acc[r][v] = *reinterpret_cast<const VU*>(c + (i + r) * 32 + v * N);
    for (int k0 = 0; k0 < 32; k0 += 16) {
      for (int k = k0; k < k0 + 16; ++k) {
        V bv[NV];
        for (int v = 0; v < NV; ++v) bv[v] = *reinterpret_cast<const VU*>(b + k * 32 + v * N);
        for (int r = 0; r < R; ++r) {
          const float x = a[(i + r) * 32 + k];
          for (int v = 0; v < NV; ++v) acc[r][v] += x * bv[v];
        }
        if constexpr (Second) {
          for (int v = 0; v < NV; ++v) bv[v] = *reinterpret_cast<const VU*>(b2 + k * 32 + v * N);
          for (int r = 0; r < R; ++r) {
            const float x = a2[(i + r) * 32 + k];
            for (int v = 0; v < NV; ++v) acc[r][v] += x * bv[v];
          }
        }
      }
      if constexpr (Round)
        for (int r = 0; r < R; ++r)
          for (int v = 0; v < NV; ++v) acc[r][v] = round_lanes<N>(acc[r][v]);
    }
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < NV; ++v) *reinterpret_cast<VU*>(c + (i + r) * 32 + v * N) = acc[r][v];
  }
}

template <int N, int R>
__attribute__((always_inline)) inline void matmul_dispatch(const float* a, const float* b, const float* a2,
                                                           const float* b2, float* c, bool round) {
  if (a2) {
    round ? matmul_rows<N, R, true, true>(a, b, a2, b2, c) : matmul_rows<N, R, true, false>(a, b, a2, b2, c);
  } else {
    round ? matmul_rows<N, R, false, true>(a, b, a2, b2, c) : matmul_rows<N, R, false, false>(a, b, a2, b2, c);
  }
}

using MatmulPass = void (*)(const float*, const float*, const float*, const float*, float*, bool);
#if defined(__x86_64__) && defined(__GNUC__) && !defined(EMU_NO_MULTIVERSION)
// AVX-512: 8 rows x 2 zmm accumulators. AVX2: 2 rows x 4 ymm.
__attribute__((target("avx512f,fma"))) void matmul_pass_avx512(const float* a, const float* b, const float* a2,
                                                               const float* b2, float* c, bool round) {
  matmul_dispatch<16, 8>(a, b, a2, b2, c, round);
}
__attribute__((target("avx2,fma"))) void matmul_pass_avx2(const float* a, const float* b, const float* a2,
                                                          const float* b2, float* c, bool round) {
  matmul_dispatch<8, 2>(a, b, a2, b2, c, round);
}
#endif
// Portable: 4-lane vectors (SSE2 on x86-64, NEON on aarch64), 1 row x 8 accumulators.
void matmul_pass_generic(const float* a, const float* b, const float* a2, const float* b2, float* c, bool round) {
  matmul_dispatch<4, 1>(a, b, a2, b2, c, round);
}

// The widest kernel the CPU supports, or no wider than `isa` ("avx512", "avx2", "generic").
MatmulPass pick_matmul_pass(const std::string& isa) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(EMU_NO_MULTIVERSION)
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if ((isa.empty() || isa == "avx512") && __builtin_cpu_supports("avx512f")) return matmul_pass_avx512;
  if ((isa.empty() || isa == "avx512" || isa == "avx2") && avx2) return matmul_pass_avx2;
#endif
  (void)isa;
  return matmul_pass_generic;
}
// TT_EMU_MATMUL_ISA=avx2|generic forces a narrower kernel (to test every path on one machine).
MatmulPass kMatmulPass = pick_matmul_pass(std::getenv("TT_EMU_MATMUL_ISA") ? std::getenv("TT_EMU_MATMUL_ISA") : "");
}  // namespace

const char* select_matmul_kernel(const char* isa) {
  kMatmulPass = pick_matmul_pass(isa ? isa : "");
#if defined(__x86_64__) && defined(__GNUC__) && !defined(EMU_NO_MULTIVERSION)
  if (kMatmulPass == matmul_pass_avx512) return "avx512";
  if (kMatmulPass == matmul_pass_avx2) return "avx2";
#endif
  return "generic";
}

void matmul_tile(const float* a, const float* b, float* c, bool transpose_b, int fidelity, bool dst_bf16,
                 bool inputs_narrow) {
  alignas(64) float bt[1024];
  if (transpose_b) {
    transpose_tile(b, bt);
    b = bt;
  }
  auto run = [&](const float* x, const float* y, const float* x2, const float* y2) {
    kMatmulPass(x, y, x2, y2, c, dst_bf16);
  };
  if (fidelity >= 4) {
    // in0 (SrcB) keeps 10 mantissa bits, in1 (SrcA) 9: no-ops for bf16 inputs, so this is the fast path.
    if (inputs_narrow || (low_bits(a, 0x1fffu) == 0 && low_bits(b, 0x3fffu) == 0)) return run(a, b, nullptr, nullptr);
    alignas(64) float a2[1024], b2[1024];
    for (int i = 0; i < 1024; ++i) a2[i] = truncate_mantissa(a[i], 10), b2[i] = truncate_mantissa(b[i], 9);
    return run(a2, b2, nullptr, nullptr);
  }
  alignas(64) float a_hi[1024], a_lo[1024], b_hi[1024], b_lo[1024], b_full[1024];
  split(a, a_hi, a_lo, 6, 10);  // in0 is SrcB: 1+6 bits, then 4 more
  split(b, b_hi, b_lo, 4, 9);   // in1 is SrcA: 1+4 bits, then 5 more
  for (int i = 0; i < 1024; ++i) b_full[i] = b_hi[i] + b_lo[i];
  if (fidelity <= 0) return run(a_hi, b_hi, nullptr, nullptr);    // phase 0
  if (fidelity <= 2) return run(a_hi, b_full, nullptr, nullptr);  // phases 0+1
  return run(a_hi, b_full, a_lo, b_hi);                           // phases 0+1+2
}

}  // namespace emu::compute
