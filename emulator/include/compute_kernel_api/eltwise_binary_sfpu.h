// SFPU binary ops between DST tiles: DST[odst] = DST[idst0] op DST[idst1], in fp32.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_binary_sfpu.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_binary_sfpu.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
#define EMU_SFPU_BINARY(name, op)                                                          \
  ALWI void name##_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {                   \
    emu::ck::sfpu_binary(#name "_tile", emu::compute::SfpuBinary::op, idst0, idst1, odst); \
  }                                                                                        \
  ALWI void name##_tile_init() {}
EMU_SFPU_BINARY(add_binary, Add)
EMU_SFPU_BINARY(sub_binary, Sub)
EMU_SFPU_BINARY(mul_binary, Mul)
EMU_SFPU_BINARY(div_binary, Div)
EMU_SFPU_BINARY(rsub_binary, Rsub)
EMU_SFPU_BINARY(power_binary, Power)
#undef EMU_SFPU_BINARY
}  // namespace ckernel
