// add_int32_tile (0.66) / add_int_tile<DataFormat::Int32> (0.81): DST[odst] = DST[idst0] + DST[idst1] on int32
// tiles, modulo 2^32 (sfpu.h). The emulator implements the Int32 format only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/add_int_sfpu.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/add_int_sfpu.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
#if TT_METALIUM_API >= 81
template <DataFormat data_format>
ALWI void add_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements add_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("add_int_tile", emu::compute::SfpuInt32::Add, idst0, idst1, odst);
}
#else
ALWI void add_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { emu::ck::sfpu_int32("add_int32_tile", emu::compute::SfpuInt32::Add, idst0, idst1, odst); }
#endif
ALWI void add_int_tile_init() {}
}  // namespace ckernel
