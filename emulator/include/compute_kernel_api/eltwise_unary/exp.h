// exp_tile: DST = exp(x) (or exp(x * scale) with scale_en; scale is bf16 bits). Approximate modes are
// accepted and computed accurately.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/exp.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/exp.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool approx = false, bool fast_and_approx = true, uint32_t scale = 0x3F800000>
ALWI void exp_tile_init() {}
template <bool approx = false, bool fast_and_approx = true, bool scale_en = false, bool skip_positive_check = false,
          int iterations = 8>
ALWI void exp_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC, uint16_t scale = 0x3F80) {
  if constexpr (scale_en) {
    emu::ck::sfpu_unary("exp_tile", emu::compute::SfpuUnary::ExpScaled, idst,
                        emu::ck::bits_to_float(static_cast<uint32_t>(scale) << 16), 0, 0, vector_mode);
  } else {
    emu::ck::sfpu_unary("exp_tile", emu::compute::SfpuUnary::Exp, idst, 0, 0, 0, vector_mode);
  }
}
}  // namespace ckernel
