// rpow_tile(idst, base bits): base ^ x.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/rpow.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/rpow.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void rpow_tile_init() {}
ALWI void rpow_tile(uint32_t idst, uint32_t base_val, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_unary("rpow_tile", emu::compute::SfpuUnary::Rpow, idst, emu::ck::bits_to_float(base_val), 0, 0,
                      vector_mode);
}
}  // namespace ckernel
