// Comparisons with zero: 1.0 where the predicate holds, else 0.0; the _int32 forms compare int32 tiles and write
// the int32 1 or 0 (their init is the float form's).
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
EMU_SFPU_INT32_ZERO(ltz, Ltz)
EMU_SFPU_INT32_ZERO(gtz, Gtz)
EMU_SFPU_INT32_ZERO(lez, Lez)
EMU_SFPU_INT32_ZERO(gez, Gez)
EMU_SFPU_INT32_ZERO(eqz, Eqz)
EMU_SFPU_INT32_ZERO(nez, Nez)
}  // namespace ckernel
