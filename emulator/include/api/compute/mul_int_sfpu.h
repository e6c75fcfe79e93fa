// mul_int_tile<DataFormat::Int32> (0.81): DST[odst] = DST[idst0] * DST[idst1] on int32 tiles, the low 32 bits
// (sfpu.h). The emulator implements the Int32 format only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/mul_int_sfpu.h is the TT-Metalium 0.81 API's include path; the 0.66 API has compute_kernel_api/mul_int32_sfpu.h (mul_int32_tile)"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <DataFormat data_format>
ALWI void mul_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  static_assert(data_format == DataFormat::Int32, "the emulator implements mul_int_tile for Int32 tiles only");
  emu::ck::sfpu_int32("mul_int_tile", emu::compute::SfpuInt32::Mul, idst0, idst1, odst);
}
template <DataFormat data_format>
ALWI void mul_int_tile_init() {}
}  // namespace ckernel
