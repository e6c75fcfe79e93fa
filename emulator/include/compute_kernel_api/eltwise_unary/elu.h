// elu_tile(alpha bits): x < 0 ? alpha*(exp(x)-1) : x.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY_P(elu, Elu)
}  // namespace ckernel
