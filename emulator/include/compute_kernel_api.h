// The compute API's top header: the SFPU functions the SDK defines here directly (sigmoid, log, tanh, abs,
// square, power, exp2, silu, unary max/min, ...). Parameters given as fp32 bit patterns are decoded.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/compute_kernel_api.h"
#endif

#include "compute_kernel_api/common_globals.h"
#include "emu/sfpu_unary_macros.h"

namespace ckernel {
template <bool fast_and_approx = false>
ALWI void sigmoid_tile_init() {}
template <int vec_mode = VectorMode::RC, bool fast_and_approx = false>
ALWI void sigmoid_tile(uint32_t idst) {
  emu::ck::sfpu_unary("sigmoid_tile", emu::compute::SfpuUnary::Sigmoid, idst, 0, 0, 0, vec_mode);
}
template <bool fast_and_approx = false>
ALWI void log_tile_init() {}
template <bool fast_and_approx = false>
ALWI void log_tile(uint32_t idst) {
  emu::ck::sfpu_unary("log_tile", emu::compute::SfpuUnary::Log, idst);
}
template <bool fast_and_approx = false>
ALWI void log_with_base_tile_init() {}
// base_scale = 1/ln(base): bf16 bits if it fits in 16 bits, else fp32 bits.
template <bool fast_and_approx = false>
ALWI void log_with_base_tile(uint32_t idst, uint32_t base_scale) {
  const uint32_t bits = base_scale <= 0xffffu ? base_scale << 16 : base_scale;
  emu::ck::sfpu_unary("log_with_base_tile", emu::compute::SfpuUnary::LogWithBase, idst, emu::ck::bits_to_float(bits));
}
template <bool fast_and_approx = false>
ALWI void tanh_tile_init() {}
template <bool fast_and_approx = false>
ALWI void tanh_tile(uint32_t idst) {
  emu::ck::sfpu_unary("tanh_tile", emu::compute::SfpuUnary::Tanh, idst);
}

EMU_SFPU_UNARY(abs, Abs)
EMU_SFPU_UNARY(sign, Sign)
EMU_SFPU_UNARY(square, Square)
EMU_SFPU_UNARY(exp2, Exp2)
EMU_SFPU_UNARY(silu, Silu)
EMU_SFPU_UNARY_P(power, Power)
#if TT_METALIUM_API >= 81  // not in the 0.66 API
EMU_SFPU_UNARY_P(power_iterative, PowerIterative)  // positive integer exponent given as fp32 bits
#endif
EMU_SFPU_UNARY_P(heaviside, Heaviside)
EMU_SFPU_UNARY_P(unary_max, UnaryMax)
EMU_SFPU_UNARY_P(unary_min, UnaryMin)

template <bool approx = false>
ALWI void expm1_tile_init() {}
template <bool approx = false>
ALWI void expm1_tile(uint32_t idst) {
  emu::ck::sfpu_unary("expm1_tile", emu::compute::SfpuUnary::Expm1, idst);
}
}  // namespace ckernel
