// isinf/isposinf/isneginf/isnan/isfinite: 1.0 where the predicate holds, else 0.0.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/isinf_isnan.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/isinf_isnan.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(isinf, IsInf)
EMU_SFPU_UNARY(isposinf, IsPosInf)
EMU_SFPU_UNARY(isneginf, IsNegInf)
EMU_SFPU_UNARY(isnan, IsNan)
EMU_SFPU_UNARY(isfinite, IsFinite)
}  // namespace ckernel
