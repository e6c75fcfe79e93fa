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

// int32 SFPU ops on DST tiles (emu::ck::sfpu_int32): fn(idst0, idst1, odst) with the format in the name (the 0.66
// API's form), or as a template argument (0.81's; the emulator implements Int32 only); a comparison with zero
// name_tile_int32(idst).
#define EMU_SFPU_INT32_BINARY(fn, op)                                          \
  ALWI void fn(uint32_t idst0, uint32_t idst1, uint32_t odst) {                \
    emu::ck::sfpu_int32(#fn, emu::compute::SfpuInt32::op, idst0, idst1, odst); \
  }
#define EMU_SFPU_INT32_BINARY_T(fn, op)                                                                   \
  template <DataFormat data_format>                                                                       \
  ALWI void fn(uint32_t idst0, uint32_t idst1, uint32_t odst) {                                           \
    static_assert(data_format == DataFormat::Int32, "the emulator implements " #fn " for Int32 tiles only"); \
    emu::ck::sfpu_int32(#fn, emu::compute::SfpuInt32::op, idst0, idst1, odst);                            \
  }
#define EMU_SFPU_INT32_ZERO(name, op)                                                               \
  ALWI void name##_tile_int32(uint32_t idst) {                                                      \
    emu::ck::sfpu_int32_unary(#name "_tile_int32", emu::compute::SfpuInt32Unary::op, idst);         \
  }
