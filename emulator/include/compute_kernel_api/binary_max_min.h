// SFPU max/min between DST tiles: DST[odst] = max/min(DST[idst0], DST[idst1]). max_tile/max_tile_init are
// the older names (DST[idst0] = max(DST[idst0], DST[idst1])).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_binary("binary_max_tile", emu::compute::SfpuBinary::Max, idst0, idst1, odst, vector_mode);
}
ALWI void binary_max_tile_init() {}
ALWI void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_binary("binary_min_tile", emu::compute::SfpuBinary::Min, idst0, idst1, odst, vector_mode);
}
ALWI void binary_min_tile_init() {}
ALWI void max_tile(uint32_t idst0, uint32_t idst1, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_binary("max_tile", emu::compute::SfpuBinary::Max, idst0, idst1, idst0, vector_mode);
}
ALWI void max_tile_init() {}
}  // namespace ckernel
