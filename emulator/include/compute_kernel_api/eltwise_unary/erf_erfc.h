// erf_tile / erfc_tile.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool fast_and_approx = true>
ALWI void erf_tile_init() {}
template <bool fast_and_approx = true>
ALWI void erf_tile(uint32_t idst) {
  emu::ck::sfpu_unary("erf_tile", emu::compute::SfpuUnary::Erf, idst);
}
template <bool fast_and_approx = true>
ALWI void erfc_tile_init() {}
template <bool fast_and_approx = true>
ALWI void erfc_tile(uint32_t idst) {
  emu::ck::sfpu_unary("erfc_tile", emu::compute::SfpuUnary::Erfc, idst);
}
}  // namespace ckernel
