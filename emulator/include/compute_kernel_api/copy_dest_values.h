// copy_dest_values(in, out): DST[out] = DST[in].
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <DataFormat DATA_FORMAT>
ALWI void copy_dest_values(uint32_t idst_in, uint32_t idst_out) {
  emu::ck::copy_dest(idst_in, idst_out);
}
ALWI void copy_dest_values(uint32_t idst_in, uint32_t idst_out) { emu::ck::copy_dest(idst_in, idst_out); }
ALWI void copy_dest_values_init() {}
}  // namespace ckernel
