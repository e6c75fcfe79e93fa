// SFPU set-up: unary_op_init_common / init_sfpu configure unpack -> DST copies and the packer (state only).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/eltwise_unary.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/eltwise_unary.h"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
ALWI void unary_op_init_common(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Datacopy, "unary_op_init_common");
  emu::ck::set_copy_transpose(false);
}
ALWI void init_sfpu(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  unary_op_init_common(icb, ocb, call_line);
}
}  // namespace ckernel
