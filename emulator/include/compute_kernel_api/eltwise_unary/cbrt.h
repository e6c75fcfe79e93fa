// cbrt_tile: cube root.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/cbrt.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/cbrt.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(cbrt, Cbrt)
}  // namespace ckernel
