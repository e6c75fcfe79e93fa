// where_tile<fmt>(cond, a, b, out): DST[out] = DST[cond] != 0 ? DST[a] : DST[b].
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <DataFormat data_format>
ALWI void where_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
  emu::ck::where(idst0, idst1, idst2, odst);
}
ALWI void where_tile_init() {}
}  // namespace ckernel
