// fill_tile: every element of DST[idst] = value (fill_tile_bitcast: value's bits).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/fill.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/fill.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void fill_tile(uint32_t idst, float param0) {
  emu::ck::sfpu_unary("fill_tile", emu::compute::SfpuUnary::Fill, idst, param0);
}
ALWI void fill_tile_bitcast(uint32_t idst, uint32_t param0) { fill_tile(idst, emu::ck::bits_to_float(param0)); }
// fill_tile_int: every element = the int32 `param0` (its two's-complement bits), for int32 tiles (0.81: the format
// as a template argument; the emulator implements Int32 only).
#if TT_METALIUM_API >= 81
template <DataFormat DATA_FORMAT>
ALWI void fill_tile_int(uint32_t idst, uint32_t param0) {
  static_assert(DATA_FORMAT == DataFormat::Int32, "the emulator implements fill_tile_int for Int32 tiles only");
  emu::ck::sfpu_int32_unary("fill_tile_int", emu::compute::SfpuInt32Unary::Fill, idst, param0);
}
#else
ALWI void fill_tile_int(uint32_t idst, uint32_t param0) {
  emu::ck::sfpu_int32_unary("fill_tile_int", emu::compute::SfpuInt32Unary::Fill, idst, param0);
}
#endif
ALWI void fill_tile_init() {}
}  // namespace ckernel
