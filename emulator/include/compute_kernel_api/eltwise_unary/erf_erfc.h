// erf_tile / erfc_tile.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/erf_erfc.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/erf_erfc.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool fast_and_approx = true>
ALWI void erf_tile_init() {}
template <bool fast_and_approx = true>
ALWI void erf_tile(uint32_t idst) {
  emu::ck::sfpu_unary("erf_tile", emu::compute::SfpuUnary::Erf, idst);
}
template <bool fast_and_approx = true>
ALWI void erfc_tile_init() {}
template <bool fast_and_approx = true>
ALWI void erfc_tile(uint32_t idst) {
  emu::ck::sfpu_unary("erfc_tile", emu::compute::SfpuUnary::Erfc, idst);
}
}  // namespace ckernel
