// copy_dest_values(in, out): DST[out] = DST[in].
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/copy_dest_values.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/copy_dest_values.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <DataFormat DATA_FORMAT>
ALWI void copy_dest_values(uint32_t idst_in, uint32_t idst_out) {
  emu::ck::copy_dest(idst_in, idst_out);
}
ALWI void copy_dest_values(uint32_t idst_in, uint32_t idst_out) { emu::ck::copy_dest(idst_in, idst_out); }
ALWI void copy_dest_values_init() {}
}  // namespace ckernel
