// gelu_tile: fast_and_approx (default) uses the tanh form 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3))); otherwise
// the exact 0.5x(1+erf(x/sqrt 2)).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/gelu.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/gelu.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool fast_and_approx = true>
ALWI void gelu_tile_init() {}
template <bool fast_and_approx = true>
ALWI void gelu_tile(uint32_t idst) {
  emu::ck::sfpu_unary("gelu_tile", fast_and_approx ? emu::compute::SfpuUnary::Gelu : emu::compute::SfpuUnary::GeluExact,
                      idst);
}
}  // namespace ckernel
