// rsub_tile(scalar bits): DST = scalar - x.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/rsub.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/rsub.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void rsub_tile(uint32_t idst, uint32_t scalar) {
  emu::ck::sfpu_unary("rsub_tile", emu::compute::SfpuUnary::RsubScalar, idst, emu::ck::bits_to_float(scalar));
}
ALWI void rsub_tile_init() {}
}  // namespace ckernel
