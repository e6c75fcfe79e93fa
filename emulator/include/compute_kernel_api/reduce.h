// Reduce SUM/AVG/MAX over rows (result in column 0), columns (row 0) or the whole tile ([0,0]), each input
// element scaled by the scaler tile, accumulated into DST. In the 0.66 API the pool type and dimension default to
// REDUCE_OP / REDUCE_DIM, which the kernel must define before including this header (as the SDK's kernels do); the
// 0.81 API has no defaults.
// reduce_init also sets the packer's edge mask (packs keep only the result position) until reduce_uninit.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/reduce.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/reduce.h"
#endif

#include "compute_kernel_api/common.h"

#if TT_METALIUM_API < 81
#define EMU_REDUCE_OP_DEFAULT = REDUCE_OP
#define EMU_REDUCE_DIM_DEFAULT = REDUCE_DIM
#else
#define EMU_REDUCE_OP_DEFAULT
#define EMU_REDUCE_DIM_DEFAULT
#endif

namespace ckernel {
namespace emu_detail {
constexpr emu::compute::Pool pool_of(PoolType t) {
  return t == PoolType::MAX   ? emu::compute::Pool::Max
         : t == PoolType::AVG ? emu::compute::Pool::Avg
                              : emu::compute::Pool::Sum;
}
constexpr emu::compute::ReduceAxis axis_of(ReduceDim d) {
  return d == ReduceDim::REDUCE_ROW   ? emu::compute::ReduceAxis::Row
         : d == ReduceDim::REDUCE_COL ? emu::compute::ReduceAxis::Col
                                      : emu::compute::ReduceAxis::Scalar;
}
}  // namespace emu_detail

template <PoolType reduce_type EMU_REDUCE_OP_DEFAULT, ReduceDim reduce_dim EMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_init(uint32_t icb, uint32_t icb_scaler, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)icb_scaler, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Reduce, "reduce_init");
  emu::ck::set_pack_reduce_mask(true, emu_detail::axis_of(reduce_dim));  // the packer's edge mask, as on the device
}
template <bool enforce_fp32_accumulation = false>
#if TT_METALIUM_API >= 81  // 0.81 added the input CB
ALWI void reduce_uninit(uint32_t icb = 0) {
  (void)icb;
#else
ALWI void reduce_uninit() {
#endif
  emu::ck::fpu_init(emu::compute::FpuConfig::Any, "reduce_uninit");
  emu::ck::set_pack_reduce_mask(false, emu::compute::ReduceAxis::Row);
}
template <PoolType reduce_type EMU_REDUCE_OP_DEFAULT, ReduceDim reduce_dim EMU_REDUCE_DIM_DEFAULT,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_tile(uint32_t icb, uint32_t icb_scaler, uint32_t itile, uint32_t itile_scaler, uint32_t idst) {
  emu::ck::reduce(emu_detail::pool_of(reduce_type), emu_detail::axis_of(reduce_dim), icb, icb_scaler, itile,
                  itile_scaler, idst);
}
}  // namespace ckernel
#undef EMU_REDUCE_OP_DEFAULT
#undef EMU_REDUCE_DIM_DEFAULT
