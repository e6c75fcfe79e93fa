// fill_tile: every element of DST[idst] = value.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void fill_tile(uint32_t idst, float param0) {
  emu::ck::sfpu_unary("fill_tile", emu::compute::SfpuUnary::Fill, idst, param0);
}
ALWI void fill_tile_bitcast(uint32_t idst, uint32_t param0) { fill_tile(idst, emu::ck::bits_to_float(param0)); }
ALWI void fill_tile_init() {}
}  // namespace ckernel
