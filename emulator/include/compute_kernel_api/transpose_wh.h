// Whole-tile transpose: DST[idst] = transpose(CB tile).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81
#error "compute_kernel_api/transpose_wh.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/transpose.h (transpose_init, transpose_tile)"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
ALWI void transpose_wh_init(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Transpose, "transpose_wh_init");
}
ALWI void transpose_wh_init_short(uint32_t icb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Transpose, "transpose_wh_init_short");
}
ALWI void transpose_wh_tile(uint32_t icb, uint32_t itile, uint32_t idst) { emu::ck::transpose_wh(icb, itile, idst); }
}  // namespace ckernel
