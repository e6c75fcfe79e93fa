// rsqrt_tile: DST = 1/sqrt(x).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/rsqrt.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/rsqrt.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool legacy_compat = false>
ALWI void rsqrt_tile_init() {}
template <bool legacy_compat = false, bool FAST_APPROX = false>
ALWI void rsqrt_tile(uint32_t idst) {
  emu::ck::sfpu_unary("rsqrt_tile", emu::compute::SfpuUnary::Rsqrt, idst);
}
}  // namespace ckernel
