// isinf/isposinf/isneginf/isnan/isfinite: 1.0 where the predicate holds, else 0.0.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(isinf, IsInf)
EMU_SFPU_UNARY(isposinf, IsPosInf)
EMU_SFPU_UNARY(isneginf, IsNegInf)
EMU_SFPU_UNARY(isnan, IsNan)
EMU_SFPU_UNARY(isfinite, IsFinite)
}  // namespace ckernel
