// Comparisons with zero: 1.0 where the predicate holds, else 0.0.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/comp.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/comp.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(ltz, Ltz)
EMU_SFPU_UNARY(gtz, Gtz)
EMU_SFPU_UNARY(lez, Lez)
EMU_SFPU_UNARY(gez, Gez)
EMU_SFPU_UNARY(eqz, Eqz)
EMU_SFPU_UNARY(nez, Nez)
}  // namespace ckernel
