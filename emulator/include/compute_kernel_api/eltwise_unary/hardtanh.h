// hardtanh_tile(idst, min bits, max bits): min(max(x, min), max).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/hardtanh.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/hardtanh.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void hardtanh_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
  emu::ck::sfpu_unary("hardtanh_tile", emu::compute::SfpuUnary::Clamp, idst, emu::ck::bits_to_float(param0),
                      emu::ck::bits_to_float(param1));
}
ALWI void hardtanh_tile_init() {}
}  // namespace ckernel
