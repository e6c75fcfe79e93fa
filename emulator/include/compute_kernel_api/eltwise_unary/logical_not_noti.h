// logical_not_unary_tile (the 0.66 API; 0.81's is logical_not_tile, api/compute/eltwise_unary/logical_not.h):
// 1.0 where x == 0, else 0.0.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81
#error "compute_kernel_api/eltwise_unary/logical_not_noti.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/logical_not.h (logical_not_tile)"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(logical_not_unary, LogicalNot)
}  // namespace ckernel
