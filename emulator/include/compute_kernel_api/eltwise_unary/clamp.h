// clamp_tile(idst, min bits, max bits): min(max(x, min), max).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void clamp_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
  emu::ck::sfpu_unary("clamp_tile", emu::compute::SfpuUnary::Clamp, idst, emu::ck::bits_to_float(param0),
                      emu::ck::bits_to_float(param1));
}
ALWI void clamp_tile_init() {}
}  // namespace ckernel
