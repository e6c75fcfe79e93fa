// sqrt_tile: DST = sqrt(x).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void sqrt_tile_init() {}
template <bool FAST_APPROX = false>
ALWI void sqrt_tile(uint32_t idst) {
  emu::ck::sfpu_unary("sqrt_tile", emu::compute::SfpuUnary::Sqrt, idst);
}
}  // namespace ckernel
