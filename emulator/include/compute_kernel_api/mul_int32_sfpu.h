// mul_int32_tile (0.66): DST[odst] = DST[idst0] * DST[idst1] on int32 tiles, the low 32 bits (sfpu.h).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81
#error "compute_kernel_api/mul_int32_sfpu.h is the TT-Metalium 0.66 API's; the 0.81 API has api/compute/mul_int_sfpu.h (mul_int_tile<DataFormat::Int32>)"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void mul_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) { emu::ck::sfpu_int32("mul_int32_tile", emu::compute::SfpuInt32::Mul, idst0, idst1, odst); }
ALWI void mul_int32_tile_init() {}
}  // namespace ckernel
