// logical_not_tile<format>(idst) (the 0.81 API; 0.66's is logical_not_unary_tile, compute_kernel_api/eltwise_unary/
// logical_not_noti.h): 1.0 where x == 0, else 0.0. The format parameter selects the SFPU's integer or float path on
// the device; the emulator's SFPU computes in fp32 either way.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/eltwise_unary/logical_not.h is the TT-Metalium 0.81 API's include path; this build offers the 0.66 API: include compute_kernel_api/eltwise_unary/logical_not_noti.h (logical_not_unary_tile)"
#endif
#define EMU_COMPUTE_VIA_NEW_TREE
#include "compute_kernel_api/common_globals.h"
#undef EMU_COMPUTE_VIA_NEW_TREE

namespace ckernel {
template <DataFormat DATA_FORMAT>
ALWI void logical_not_tile(uint32_t idst) {
  emu::ck::sfpu_unary("logical_not_tile", emu::compute::SfpuUnary::LogicalNot, idst);
}
ALWI void logical_not_tile_init() {}
}  // namespace ckernel
