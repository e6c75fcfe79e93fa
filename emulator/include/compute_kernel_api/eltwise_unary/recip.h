// recip_tile: DST = 1/x.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool legacy_compat = true>
ALWI void recip_tile_init() {}
template <bool legacy_compat = true>
ALWI void recip_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_unary("recip_tile", emu::compute::SfpuUnary::Recip, idst, 0, 0, 0, vector_mode);
}
}  // namespace ckernel
