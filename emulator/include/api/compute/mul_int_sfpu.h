// mul_int_tile<DataFormat::Int32> (0.81): DST[odst] = DST[idst0] * DST[idst1] on int32 tiles, the low 32 bits
// (sfpu.h). The emulator implements the Int32 format only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/mul_int_sfpu.h is the TT-Metalium 0.81 API's include path; the 0.66 API has compute_kernel_api/mul_int32_sfpu.h (mul_int32_tile)"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_INT32_BINARY_T(mul_int_tile, Mul)
template <DataFormat data_format>
ALWI void mul_int_tile_init() {}
}  // namespace ckernel
