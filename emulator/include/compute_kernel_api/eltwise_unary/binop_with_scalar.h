// DST op scalar, the scalar an fp32 bit pattern: add/sub/mul/div (x op s) and rsub (s - x).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_unary/binop_with_scalar.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_unary/binop_with_scalar.h"
#endif

#include "emu/sfpu_unary_macros.h"

namespace ckernel {
#define EMU_SCALAR_OP(name, op)                                                                            \
  ALWI void name##_tile(uint32_t idst, uint32_t param1) {                                                  \
    emu::ck::sfpu_unary(#name "_tile", emu::compute::SfpuUnary::op, idst, emu::ck::bits_to_float(param1)); \
  }
EMU_SCALAR_OP(add_unary, AddScalar)
EMU_SCALAR_OP(sub_unary, SubScalar)
EMU_SCALAR_OP(mul_unary, MulScalar)
EMU_SCALAR_OP(div_unary, DivScalar)
EMU_SCALAR_OP(rsub_unary, RsubScalar)
#undef EMU_SCALAR_OP
ALWI void binop_with_scalar_tile_init() {}
}  // namespace ckernel
