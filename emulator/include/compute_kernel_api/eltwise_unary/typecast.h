// typecast_tile<IN, OUT>: convert DST[idst] from DataFormat IN to OUT (numeric values; see sfpu.h).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/typecast.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/typecast.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile(uint32_t idst) {
  emu::ck::typecast(IN_DTYPE, OUT_DTYPE, idst);
}
template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile_init() {}
}  // namespace ckernel
