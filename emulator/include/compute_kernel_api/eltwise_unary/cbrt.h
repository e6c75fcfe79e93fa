// cbrt_tile: cube root.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(cbrt, Cbrt)
}  // namespace ckernel
