// Activation functions: hardsigmoid = clamp(x/6 + 1/2, 0, 1), softsign = x / (1 + |x|).
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(hardsigmoid, Hardsigmoid)
EMU_SFPU_UNARY(softsign, Softsign)
}  // namespace ckernel
