// recip_tile: DST = 1/x.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/recip.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/recip.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool legacy_compat = true>
ALWI void recip_tile_init() {}
template <bool legacy_compat = true>
ALWI void recip_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_unary("recip_tile", emu::compute::SfpuUnary::Recip, idst, 0, 0, 0, vector_mode);
}
}  // namespace ckernel
