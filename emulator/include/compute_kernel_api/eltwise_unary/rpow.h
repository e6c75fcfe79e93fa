// rpow_tile(idst, base bits): base ^ x.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void rpow_tile_init() {}
ALWI void rpow_tile(uint32_t idst, uint32_t base_val, int vector_mode = (int)VectorMode::RC) {
  emu::ck::sfpu_unary("rpow_tile", emu::compute::SfpuUnary::Rpow, idst, emu::ck::bits_to_float(base_val), 0, 0,
                      vector_mode);
}
}  // namespace ckernel
