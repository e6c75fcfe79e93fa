// Emulator helper for the SFPU unary headers: defines X_tile(idst[, params]) and X_tile_init() forwarding
// to emu::ck::sfpu_unary. Parameters given as fp32 bit patterns are decoded here.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/sfpu_unary_macros.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/sfpu_unary_macros.h"
#endif

#include "compute_kernel_api/common_globals.h"

#define EMU_SFPU_UNARY(name, op)                                                                                  \
  ALWI void name##_tile(uint32_t idst) { emu::ck::sfpu_unary(#name "_tile", emu::compute::SfpuUnary::op, idst); } \
  ALWI void name##_tile_init() {}

#define EMU_SFPU_UNARY_P(name, op)                                                                         \
  ALWI void name##_tile(uint32_t idst, uint32_t param0) {                                                  \
    emu::ck::sfpu_unary(#name "_tile", emu::compute::SfpuUnary::op, idst, emu::ck::bits_to_float(param0)); \
  }                                                                                                        \
  ALWI void name##_tile_init() {}
