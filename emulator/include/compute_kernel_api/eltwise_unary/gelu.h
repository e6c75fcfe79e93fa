// gelu_tile: fast_and_approx (default) uses the tanh form 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3))); otherwise
// the exact 0.5x(1+erf(x/sqrt 2)).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool fast_and_approx = true>
ALWI void gelu_tile_init() {}
template <bool fast_and_approx = true>
ALWI void gelu_tile(uint32_t idst) {
  emu::ck::sfpu_unary("gelu_tile", fast_and_approx ? emu::compute::SfpuUnary::Gelu : emu::compute::SfpuUnary::GeluExact,
                      idst);
}
}  // namespace ckernel
