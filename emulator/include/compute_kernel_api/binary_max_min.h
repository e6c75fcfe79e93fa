// SFPU max/min between DST tiles: DST[odst] = max/min(DST[idst0], DST[idst1]); float or int32 (the _int32 forms).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/binary_max_min.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/binary_max_min.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
ALWI void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_binary("binary_max_tile", emu::compute::SfpuBinary::Max, idst0, idst1, odst, vector_mode);
}
ALWI void binary_max_tile_init() {}
ALWI void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_binary("binary_min_tile", emu::compute::SfpuBinary::Min, idst0, idst1, odst, vector_mode);
}
ALWI void binary_min_tile_init() {}
// int32 tiles (signed); the 0.66 API initialises them with binary_max/min_tile_init, 0.81 has its own inits.
EMU_SFPU_INT32_BINARY(binary_max_int32_tile, Max)
EMU_SFPU_INT32_BINARY(binary_min_int32_tile, Min)
#if TT_METALIUM_API >= 81
ALWI void binary_max_int32_tile_init() {}
ALWI void binary_min_int32_tile_init() {}
#endif
}  // namespace ckernel
