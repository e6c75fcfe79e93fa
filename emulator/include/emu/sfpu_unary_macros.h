// Emulator helper for the SFPU unary headers of both API versions (not an SDK header): defines X_tile(idst[,
// params]) and X_tile_init() forwarding to emu::ck::sfpu_unary. Parameters given as fp32 bit patterns are decoded.
#pragma once

#include "compute_kernel_api/common_globals.h"

#define EMU_SFPU_UNARY(name, op)                                                                                  \
  ALWI void name##_tile(uint32_t idst) { emu::ck::sfpu_unary(#name "_tile", emu::compute::SfpuUnary::op, idst); } \
  ALWI void name##_tile_init() {}

#define EMU_SFPU_UNARY_P(name, op)                                                                         \
  ALWI void name##_tile(uint32_t idst, uint32_t param0) {                                                  \
    emu::ck::sfpu_unary(#name "_tile", emu::compute::SfpuUnary::op, idst, emu::ck::bits_to_float(param0)); \
  }                                                                                                        \
  ALWI void name##_tile_init() {}
