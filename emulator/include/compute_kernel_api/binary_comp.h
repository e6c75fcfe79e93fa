// Comparisons of two int32 tiles: DST[odst] = the int32 1 where DST[idst0] op DST[idst1] (signed), else 0. 0.66:
// lt/gt/le/ge_int32_tile; 0.81: lt/gt/le/ge/eq/ne_int_tile<DataFormat::Int32>. The emulator implements Int32 only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/binary_comp.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/binary_comp.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
#if TT_METALIUM_API >= 81
template <DataFormat data_format>
ALWI void lt_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements lt_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("lt_int_tile", emu::compute::SfpuInt32::Lt, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void lt_int_tile_init() {}
template <DataFormat data_format>
ALWI void gt_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements gt_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("gt_int_tile", emu::compute::SfpuInt32::Gt, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void gt_int_tile_init() {}
template <DataFormat data_format>
ALWI void le_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements le_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("le_int_tile", emu::compute::SfpuInt32::Le, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void le_int_tile_init() {}
template <DataFormat data_format>
ALWI void ge_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements ge_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("ge_int_tile", emu::compute::SfpuInt32::Ge, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void ge_int_tile_init() {}
template <DataFormat data_format>
ALWI void eq_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements eq_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("eq_int_tile", emu::compute::SfpuInt32::Eq, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void eq_int_tile_init() {}
template <DataFormat data_format>
ALWI void ne_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements ne_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("ne_int_tile", emu::compute::SfpuInt32::Ne, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void ne_int_tile_init() {}
#else
ALWI void lt_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { emu::ck::sfpu_int32("lt_int32_tile", emu::compute::SfpuInt32::Lt, idst0, idst1, odst); }
ALWI void lt_int32_tile_init() {}
ALWI void gt_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { emu::ck::sfpu_int32("gt_int32_tile", emu::compute::SfpuInt32::Gt, idst0, idst1, odst); }
ALWI void gt_int32_tile_init() {}
ALWI void le_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { emu::ck::sfpu_int32("le_int32_tile", emu::compute::SfpuInt32::Le, idst0, idst1, odst); }
ALWI void le_int32_tile_init() {}
ALWI void ge_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { emu::ck::sfpu_int32("ge_int32_tile", emu::compute::SfpuInt32::Ge, idst0, idst1, odst); }
ALWI void ge_int32_tile_init() {}
#endif
}  // namespace ckernel
