// Activation functions: hardsigmoid = clamp(x/6 + 1/2, 0, 1), softsign = x / (1 + |x|).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/activations.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/activations.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(hardsigmoid, Hardsigmoid)
EMU_SFPU_UNARY(softsign, Softsign)
}  // namespace ckernel
