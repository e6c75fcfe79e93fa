// SFPU max/min between DST tiles: DST[odst] = max/min(DST[idst0], DST[idst1]); float or int32 (the _int32 forms).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/binary_max_min.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/binary_max_min.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
#if TT_METALIUM_API >= 81  // 0.81 added the vector mode
#define EMU_BINARY_MAX_MIN_MODE , VectorMode vector_mode = VectorMode::RC
#define EMU_VECTOR_MODE_ARG (int)vector_mode
#else
#define EMU_BINARY_MAX_MIN_MODE
#define EMU_VECTOR_MODE_ARG (int)VectorMode::RC
#endif
ALWI void binary_max_tile(uint32_t idst0, uint32_t idst1, uint32_t odst EMU_BINARY_MAX_MIN_MODE) {
  emu::ck::sfpu_binary("binary_max_tile", emu::compute::SfpuBinary::Max, idst0, idst1, odst, EMU_VECTOR_MODE_ARG);
}
ALWI void binary_max_tile_init() {}
ALWI void binary_min_tile(uint32_t idst0, uint32_t idst1, uint32_t odst EMU_BINARY_MAX_MIN_MODE) {
  emu::ck::sfpu_binary("binary_min_tile", emu::compute::SfpuBinary::Min, idst0, idst1, odst, EMU_VECTOR_MODE_ARG);
}
ALWI void binary_min_tile_init() {}
#undef EMU_BINARY_MAX_MIN_MODE
#undef EMU_VECTOR_MODE_ARG
// int32 tiles (signed); the 0.66 API initialises them with binary_max/min_tile_init, 0.81 has its own inits.
EMU_SFPU_INT32_BINARY(binary_max_int32_tile, Max)
EMU_SFPU_INT32_BINARY(binary_min_int32_tile, Min)
#if TT_METALIUM_API >= 81
ALWI void binary_max_int32_tile_init() {}
ALWI void binary_min_int32_tile_init() {}
#endif
}  // namespace ckernel
