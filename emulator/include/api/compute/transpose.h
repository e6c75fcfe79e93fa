// Whole-tile transpose, the 0.81 API (0.66: transpose_wh_init/transpose_wh_tile in compute_kernel_api/
// transpose_wh.h): DST[idst] = transpose(CB tile).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/transpose.h is the TT-Metalium 0.81 API's include path; this build offers the 0.66 API: include compute_kernel_api/transpose_wh.h (transpose_wh_init, transpose_wh_tile)"
#endif
#define EMU_COMPUTE_VIA_NEW_TREE
#include "compute_kernel_api/common_globals.h"
#undef EMU_COMPUTE_VIA_NEW_TREE

namespace ckernel {
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void transpose_init(uint32_t icb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Transpose, "transpose_init");
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void transpose_tile(uint32_t icb, uint32_t itile, uint32_t idst) {
  emu::ck::transpose_wh(icb, itile, idst);
}
template <bool is_fp32_dest_acc_en = DST_ACCUM_MODE>
ALWI void transpose_block(uint32_t icb, uint32_t start_itile, uint32_t start_idst, uint32_t ntiles) {
  for (uint32_t i = 0; i < ntiles; ++i) emu::ck::transpose_wh(icb, start_itile + i, start_idst + i);
}
}  // namespace ckernel
