// log1p_tile: log(1 + x).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool fast_and_approx = false>
ALWI void log1p_tile_init() {}
template <bool fast_and_approx = false>
ALWI void log1p_tile(uint32_t idst) {
  emu::ck::sfpu_unary("log1p_tile", emu::compute::SfpuUnary::Log1p, idst);
}
}  // namespace ckernel
