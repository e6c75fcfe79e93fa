// transpose_wh_dest(idst): transpose DST[idst] in place.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool is_32bit = false>
ALWI void transpose_wh_dest_init_short() {}
template <bool is_32bit = false>
ALWI void transpose_wh_dest(uint32_t idst) {
  emu::ck::transpose_dest(idst);
}
}  // namespace ckernel
