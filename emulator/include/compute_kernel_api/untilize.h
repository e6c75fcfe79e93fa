// Untilize: full_ct_dim tiles from the front of icb become 32 row-major rows (full_ct_dim*32 wide) in
// full_ct_dim pages at the back of ocb.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/untilize.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/untilize.h"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
ALWI void untilize_init(uint32_t icb, uint32_t call_line = __builtin_LINE()) { (void)icb, (void)call_line; }
template <uint32_t block_ct_dim = 1>
ALWI void untilize_block(uint32_t icb, uint32_t full_ct_dim, uint32_t ocb) {
  emu::ck::untilize_block(icb, full_ct_dim, ocb);
}
ALWI void untilize_uninit(uint32_t icb) { (void)icb; }
}  // namespace ckernel
