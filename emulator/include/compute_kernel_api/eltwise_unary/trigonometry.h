// Trigonometric and hyperbolic SFPU functions.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/trigonometry.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/trigonometry.h"
#endif

#include "emu/sfpu_unary_macros.h"

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
