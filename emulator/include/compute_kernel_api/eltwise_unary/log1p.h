// log1p_tile: log(1 + x).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/log1p.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/log1p.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool fast_and_approx = false>
ALWI void log1p_tile_init() {}
template <bool fast_and_approx = false>
ALWI void log1p_tile(uint32_t idst) {
  emu::ck::sfpu_unary("log1p_tile", emu::compute::SfpuUnary::Log1p, idst);
}
}  // namespace ckernel
