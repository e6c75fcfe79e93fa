// floor_tile / ceil_tile / trunc_tile, all initialised by rounding_op_tile_init (the SDK has no per-op init).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/rounding.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/rounding.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
ALWI void rounding_op_tile_init() {}
ALWI void floor_tile(uint32_t idst) { emu::ck::sfpu_unary("floor_tile", emu::compute::SfpuUnary::Floor, idst); }
ALWI void ceil_tile(uint32_t idst) { emu::ck::sfpu_unary("ceil_tile", emu::compute::SfpuUnary::Ceil, idst); }
ALWI void trunc_tile(uint32_t idst) { emu::ck::sfpu_unary("trunc_tile", emu::compute::SfpuUnary::Trunc, idst); }
}  // namespace ckernel
