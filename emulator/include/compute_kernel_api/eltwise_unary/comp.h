// Comparisons with zero: 1.0 where the predicate holds, else 0.0; the _int32 forms compare int32 tiles and write
// the int32 1 or 0 (their init is the float form's).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/comp.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/comp.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
EMU_SFPU_UNARY(ltz, Ltz)
EMU_SFPU_UNARY(gtz, Gtz)
EMU_SFPU_UNARY(lez, Lez)
EMU_SFPU_UNARY(gez, Gez)
EMU_SFPU_UNARY(eqz, Eqz)
EMU_SFPU_UNARY(nez, Nez)
ALWI void ltz_tile_int32(uint32_t idst) {
  emu::ck::sfpu_int32_unary("ltz_tile_int32", emu::compute::SfpuInt32Unary::Ltz, idst);
}
ALWI void gtz_tile_int32(uint32_t idst) {
  emu::ck::sfpu_int32_unary("gtz_tile_int32", emu::compute::SfpuInt32Unary::Gtz, idst);
}
ALWI void lez_tile_int32(uint32_t idst) {
  emu::ck::sfpu_int32_unary("lez_tile_int32", emu::compute::SfpuInt32Unary::Lez, idst);
}
ALWI void gez_tile_int32(uint32_t idst) {
  emu::ck::sfpu_int32_unary("gez_tile_int32", emu::compute::SfpuInt32Unary::Gez, idst);
}
ALWI void eqz_tile_int32(uint32_t idst) {
  emu::ck::sfpu_int32_unary("eqz_tile_int32", emu::compute::SfpuInt32Unary::Eqz, idst);
}
ALWI void nez_tile_int32(uint32_t idst) {
  emu::ck::sfpu_int32_unary("nez_tile_int32", emu::compute::SfpuInt32Unary::Nez, idst);
}
}  // namespace ckernel
