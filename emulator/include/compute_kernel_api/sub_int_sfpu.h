// sub_int32_tile (0.66) / sub_int_tile<DataFormat::Int32> (0.81): DST[odst] = DST[idst0] - DST[idst1] on int32
// tiles, modulo 2^32 (sfpu.h). The emulator implements the Int32 format only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/sub_int_sfpu.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/sub_int_sfpu.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
#if TT_METALIUM_API >= 81
EMU_SFPU_INT32_BINARY_T(sub_int_tile, Sub)
#else
EMU_SFPU_INT32_BINARY(sub_int32_tile, Sub)
#endif
ALWI void sub_int_tile_init() {}
}  // namespace ckernel
