// identity_tile: DST unchanged (still rounded to DST precision).
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(identity, Identity)
}  // namespace ckernel
