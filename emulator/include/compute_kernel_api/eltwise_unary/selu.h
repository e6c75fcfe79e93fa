// selu_tile(idst, scale bits, alpha bits): scale * (x > 0 ? x : alpha * (exp(x) - 1)).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/selu.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/selu.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void selu_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
  emu::ck::sfpu_unary("selu_tile", emu::compute::SfpuUnary::Selu, idst, emu::ck::bits_to_float(param0),
                      emu::ck::bits_to_float(param1));
}
ALWI void selu_tile_init() {}
}  // namespace ckernel
