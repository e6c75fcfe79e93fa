// The 0.81 API's whole-tile transpose (0.66: compute_kernel_api/transpose_wh.h, whose names it renames):
// transpose_init(icb) / transpose_tile(icb, itile, idst): DST[idst] = transpose(CB tile), read through SrcA.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/transpose.h is the TT-Metalium 0.81 API's include path; this build offers the 0.66 API: include compute_kernel_api/transpose_wh.h"
#endif

#define EMU_COMPUTE_VIA_NEW_TREE
#include "compute_kernel_api/common.h"
#undef EMU_COMPUTE_VIA_NEW_TREE

namespace ckernel {
template <bool is_fp32_dest_acc_en = false>
ALWI void transpose_init(uint32_t icb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Transpose, "transpose_init");
}
template <bool is_fp32_dest_acc_en = false>
ALWI void transpose_tile(uint32_t icb, uint32_t itile, uint32_t idst) { emu::ck::transpose_wh(icb, itile, idst); }
}  // namespace ckernel
