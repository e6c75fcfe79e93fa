// floor_tile / ceil_tile.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(floor, Floor)
EMU_SFPU_UNARY(ceil, Ceil)
}  // namespace ckernel
