// softplus_tile(beta, 1/beta, threshold) (fp32 bit patterns): x if beta*x > threshold, else log(1+exp(beta*x))/beta.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/softplus.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/softplus.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void softplus_tile(uint32_t idst, uint32_t beta, uint32_t beta_reciprocal, uint32_t threshold) {
  emu::ck::sfpu_unary("softplus_tile", emu::compute::SfpuUnary::Softplus, idst, emu::ck::bits_to_float(beta),
                      emu::ck::bits_to_float(beta_reciprocal), emu::ck::bits_to_float(threshold));
}
ALWI void softplus_tile_init() {}
}  // namespace ckernel
