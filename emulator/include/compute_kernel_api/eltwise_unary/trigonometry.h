// Trigonometric and hyperbolic SFPU functions.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(sin, Sin)
EMU_SFPU_UNARY(cos, Cos)
EMU_SFPU_UNARY(tan, Tan)
EMU_SFPU_UNARY(asin, Asin)
EMU_SFPU_UNARY(acos, Acos)
EMU_SFPU_UNARY(atan, Atan)
EMU_SFPU_UNARY(sinh, Sinh)
EMU_SFPU_UNARY(cosh, Cosh)
}  // namespace ckernel
