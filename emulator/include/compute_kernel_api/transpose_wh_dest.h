// transpose_wh_dest(idst): transpose DST[idst] in place.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81
#error "compute_kernel_api/transpose_wh_dest.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/transpose_dest.h (transpose_dest_init, transpose_dest)"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool is_32bit = false>
ALWI void transpose_wh_dest_init_short() {}
template <bool is_32bit = false>
ALWI void transpose_wh_dest(uint32_t idst) {
  emu::ck::transpose_dest(idst);
}
}  // namespace ckernel
