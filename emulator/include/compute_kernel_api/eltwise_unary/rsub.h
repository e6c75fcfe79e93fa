// rsub_tile(scalar bits): DST = scalar - x.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void rsub_tile(uint32_t idst, uint32_t scalar) {
  emu::ck::sfpu_unary("rsub_tile", emu::compute::SfpuUnary::RsubScalar, idst, emu::ck::bits_to_float(scalar));
}
ALWI void rsub_tile_init() {}
}  // namespace ckernel
