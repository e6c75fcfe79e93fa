// relu family: relu = max(x, 0); relu_max(p) = min(max(x, 0), p); relu_min(p) = max(x, p);
// leaky_relu(slope) = x < 0 ? slope*x : x. Parameters are fp32 bit patterns.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/relu.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/relu.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(relu, Relu)
EMU_SFPU_UNARY_P(relu_max, ReluMax)
EMU_SFPU_UNARY_P(relu_min, ReluMin)
ALWI void leaky_relu_tile(uint32_t idst, uint32_t slope = 0) {
  emu::ck::sfpu_unary("leaky_relu_tile", emu::compute::SfpuUnary::LeakyRelu, idst, emu::ck::bits_to_float(slope));
}
ALWI void leaky_relu_tile_init() {}
}  // namespace ckernel
