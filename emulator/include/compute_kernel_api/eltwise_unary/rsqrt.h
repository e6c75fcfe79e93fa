// rsqrt_tile: DST = 1/sqrt(x).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool legacy_compat = false>
ALWI void rsqrt_tile_init() {}
template <bool legacy_compat = false, bool FAST_APPROX = false>
ALWI void rsqrt_tile(uint32_t idst) {
  emu::ck::sfpu_unary("rsqrt_tile", emu::compute::SfpuUnary::Rsqrt, idst);
}
}  // namespace ckernel
