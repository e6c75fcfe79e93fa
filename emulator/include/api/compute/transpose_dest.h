// transpose_dest(idst): transpose DST[idst] in place, the 0.81 API (0.66: transpose_wh_dest in
// compute_kernel_api/transpose_wh_dest.h).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/transpose_dest.h is the TT-Metalium 0.81 API's include path; this build offers the 0.66 API: include compute_kernel_api/transpose_wh_dest.h (transpose_wh_dest_init_short, transpose_wh_dest)"
#endif
#define EMU_COMPUTE_VIA_NEW_TREE
#include "compute_kernel_api/common_globals.h"
#undef EMU_COMPUTE_VIA_NEW_TREE

namespace ckernel {
template <bool is_32bit = false, bool transpose_of_faces = true>
ALWI void transpose_dest_init(uint32_t operand = 0) {
  (void)operand;
}
template <bool is_32bit = false, bool transpose_of_faces = true>
ALWI void transpose_dest(uint32_t idst) {
  emu::ck::transpose_dest(idst);
}
}  // namespace ckernel
