// Comparisons with zero: 1.0 where the predicate holds, else 0.0.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(ltz, Ltz)
EMU_SFPU_UNARY(gtz, Gtz)
EMU_SFPU_UNARY(lez, Lez)
EMU_SFPU_UNARY(gez, Gez)
EMU_SFPU_UNARY(eqz, Eqz)
EMU_SFPU_UNARY(nez, Nez)
}  // namespace ckernel
