// selu_tile(idst, scale bits, alpha bits): scale * (x > 0 ? x : alpha * (exp(x) - 1)).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void selu_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
  emu::ck::sfpu_unary("selu_tile", emu::compute::SfpuUnary::Selu, idst, emu::ck::bits_to_float(param0),
                      emu::ck::bits_to_float(param1));
}
ALWI void selu_tile_init() {}
}  // namespace ckernel
