// prelu_tile(idst, slope bits): x < 0 ? slope * x : x.
#pragma once

#include "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY_P(prelu, LeakyRelu)
}  // namespace ckernel
