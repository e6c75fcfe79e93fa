// where_tile(cond, a, b, out): DST[out] = DST[cond] != 0 ? DST[a] : DST[b], with the SDK's signatures: the 0.66
// API names the data format in the function (where_tile = Float16_b, where_fp32_tile, where_int32_tile,
// where_uint32_tile), the 0.81 API as a template argument (where_tile<DataFormat::X>). The selection copies
// values, so the result is the same for every format.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/where.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/where.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
#if TT_METALIUM_API >= 81
template <DataFormat data_format>
ALWI void where_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
  emu::ck::where(idst0, idst1, idst2, odst);
}
#else
ALWI void where_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
  emu::ck::where(idst0, idst1, idst2, odst);
}
ALWI void where_fp32_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
  emu::ck::where(idst0, idst1, idst2, odst);
}
ALWI void where_int32_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
  emu::ck::where(idst0, idst1, idst2, odst);
}
ALWI void where_uint32_tile(uint32_t idst0, uint32_t idst1, uint32_t idst2, uint32_t odst) {
  emu::ck::where(idst0, idst1, idst2, odst);
}
#endif
ALWI void where_tile_init() {}
}  // namespace ckernel
