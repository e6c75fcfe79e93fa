// mul_int32_tile (0.66): DST[odst] = DST[idst0] * DST[idst1] on int32 tiles, the low 32 bits (sfpu.h).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81
#error "compute_kernel_api/mul_int32_sfpu.h is the TT-Metalium 0.66 API's; the 0.81 API has api/compute/mul_int_sfpu.h (mul_int_tile<DataFormat::Int32>)"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_INT32_BINARY(mul_int32_tile, Mul)
ALWI void mul_int32_tile_init() {}
}  // namespace ckernel
