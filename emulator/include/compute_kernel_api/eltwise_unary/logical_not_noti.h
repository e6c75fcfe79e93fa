// logical_not_unary_tile: 1.0 where x == 0, else 0.0.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(logical_not_unary, LogicalNot)
}  // namespace ckernel
