// Comparisons of two int32 tiles: DST[odst] = the int32 1 where DST[idst0] op DST[idst1] (signed), else 0. 0.66:
// lt/gt/le/ge_int32_tile; 0.81: lt/gt/le/ge/eq/ne_int_tile<DataFormat::Int32>. The emulator implements Int32 only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/binary_comp.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/binary_comp.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
#if TT_METALIUM_API >= 81
EMU_SFPU_INT32_BINARY_T(lt_int_tile, Lt)
template <DataFormat data_format>
ALWI void lt_int_tile_init() {}
EMU_SFPU_INT32_BINARY_T(gt_int_tile, Gt)
template <DataFormat data_format>
ALWI void gt_int_tile_init() {}
EMU_SFPU_INT32_BINARY_T(le_int_tile, Le)
template <DataFormat data_format>
ALWI void le_int_tile_init() {}
EMU_SFPU_INT32_BINARY_T(ge_int_tile, Ge)
template <DataFormat data_format>
ALWI void ge_int_tile_init() {}
EMU_SFPU_INT32_BINARY_T(eq_int_tile, Eq)
template <DataFormat data_format>
ALWI void eq_int_tile_init() {}
EMU_SFPU_INT32_BINARY_T(ne_int_tile, Ne)
template <DataFormat data_format>
ALWI void ne_int_tile_init() {}
#else
EMU_SFPU_INT32_BINARY(lt_int32_tile, Lt)
ALWI void lt_int32_tile_init() {}
EMU_SFPU_INT32_BINARY(gt_int32_tile, Gt)
ALWI void gt_int32_tile_init() {}
EMU_SFPU_INT32_BINARY(le_int32_tile, Le)
ALWI void le_int32_tile_init() {}
EMU_SFPU_INT32_BINARY(ge_int32_tile, Ge)
ALWI void ge_int32_tile_init() {}
#endif
}  // namespace ckernel
