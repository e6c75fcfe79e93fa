// typecast_tile<IN, OUT>: convert DST[idst] from DataFormat IN to OUT (numeric values; see sfpu.h).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile(uint32_t idst) {
  emu::ck::typecast(IN_DTYPE, OUT_DTYPE, idst);
}
template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile_init() {}
}  // namespace ckernel
