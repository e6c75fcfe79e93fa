// sqrt_tile: DST = sqrt(x).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/sqrt.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/sqrt.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void sqrt_tile_init() {}
template <bool FAST_APPROX = false>
ALWI void sqrt_tile(uint32_t idst) {
  emu::ck::sfpu_unary("sqrt_tile", emu::compute::SfpuUnary::Sqrt, idst);
}
}  // namespace ckernel
