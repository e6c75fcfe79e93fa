// Broadcast binary ops: DST = A op bcast(B). COL uses B[h,0], ROW uses B[0,w], SCALAR uses B[0,0].
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/bcast.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/bcast.h"
#endif

#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_binary.h"

namespace ckernel {
namespace emu_detail {
constexpr emu::compute::Bcast bcast_of(BroadcastType t) {
  return t == BroadcastType::COL      ? emu::compute::Bcast::Col
         : t == BroadcastType::ROW    ? emu::compute::Bcast::Row
         : t == BroadcastType::SCALAR ? emu::compute::Bcast::Scalar
                                      : emu::compute::Bcast::None;
}
}  // namespace emu_detail

#if TT_METALIUM_API < 81
template <BroadcastType bcast_type>
ALWI void unary_bcast_init(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::UnaryBcast, "unary_bcast_init");
}
#else
template <BroadcastType bcast_type>
ALWI void unary_bcast_init(uint32_t icb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::UnaryBcast, "unary_bcast_init");
}
#endif
template <BroadcastType bcast_type>
ALWI void unary_bcast(uint32_t icb, uint32_t in_tile_index, uint32_t dst_tile_index) {
  emu::ck::unary_bcast(emu_detail::bcast_of(bcast_type), icb, in_tile_index, dst_tile_index);
}
template <BroadcastType bcast_type>
ALWI void unary_bcast_uninit(uint32_t icb) {
  (void)icb;
}
#if TT_METALIUM_API < 81  // not in the 0.81 API
template <BroadcastType old_bcast_type, BroadcastType new_bcast_type>
void reconfigure_unary_bcast(uint32_t old_icb, uint32_t new_icb, uint32_t old_ocb, uint32_t new_ocb) {
  (void)old_icb, (void)new_icb, (void)old_ocb, (void)new_ocb;
  emu::ck::fpu_init(emu::compute::FpuConfig::UnaryBcast, "reconfigure_unary_bcast");
}
#endif

#if TT_METALIUM_API < 81
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
void init_bcast(uint32_t icb0, uint32_t icb1, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb0, (void)icb1, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Binary, "init_bcast");
  emu::ck::set_binary_acc_to_dest(false);
}
#else
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void bcast_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
  (void)icb0, (void)icb1, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Binary, "bcast_init");
  emu::ck::set_binary_acc_to_dest(false);
}
#endif
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void any_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                          uint32_t bcast_row_idx = 0) {
  (void)bcast_row_idx;
  emu::ck::binary(emu_detail::binary_op(tBcastOp), emu_detail::bcast_of(tBcastDim), icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void add_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                          uint32_t bcast_row_idx = 0) {
  any_tiles_bcast<ELWADD, tBcastDim>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <BroadcastType tBcastDim>
ALWI void sub_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                          uint32_t bcast_row_idx = 0) {
  any_tiles_bcast<ELWSUB, tBcastDim>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
template <BroadcastType tBcastDim>
ALWI void mul_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                          uint32_t bcast_row_idx = 0) {
  any_tiles_bcast<ELWMUL, tBcastDim>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}

ALWI void add_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                               uint32_t bcast_row_idx = 0) {
  add_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
ALWI void add_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  add_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
ALWI void add_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  add_tiles_bcast<BroadcastType::SCALAR>(icb0, icb1, itile0, itile1, idst);
}
#if TT_METALIUM_API >= 81  // not in the 0.66 API
ALWI void sub_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  sub_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst);
}
#endif
ALWI void sub_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  sub_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
ALWI void sub_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  sub_tiles_bcast<BroadcastType::SCALAR>(icb0, icb1, itile0, itile1, idst);
}
ALWI void mul_tiles_bcast_rows(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst,
                               uint32_t bcast_row_idx = 0) {
  mul_tiles_bcast<BroadcastType::ROW>(icb0, icb1, itile0, itile1, idst, bcast_row_idx);
}
ALWI void mul_tiles_bcast_cols(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  mul_tiles_bcast<BroadcastType::COL>(icb0, icb1, itile0, itile1, idst);
}
ALWI void mul_tiles_bcast_scalar(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  mul_tiles_bcast<BroadcastType::SCALAR>(icb0, icb1, itile0, itile1, idst);
}

#define EMU_BCAST_INIT_SHORT(name)                                                      \
  ALWI void name(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) { \
    (void)icb0, (void)icb1, (void)call_line;                                            \
    emu::ck::fpu_init(emu::compute::FpuConfig::Binary, #name);                          \
    emu::ck::set_binary_acc_to_dest(false);                                             \
  }
#if TT_METALIUM_API < 81
EMU_BCAST_INIT_SHORT(add_bcast_rows_init_short)
EMU_BCAST_INIT_SHORT(add_bcast_cols_init_short)
EMU_BCAST_INIT_SHORT(add_bcast_scalar_init_short)
EMU_BCAST_INIT_SHORT(sub_bcast_cols_init_short)
EMU_BCAST_INIT_SHORT(sub_tiles_bcast_scalar_init_short)
EMU_BCAST_INIT_SHORT(mul_bcast_rows_init_short)
EMU_BCAST_INIT_SHORT(mul_bcast_cols_init_short)
EMU_BCAST_INIT_SHORT(mul_tiles_bcast_scalar_init_short)
#else
EMU_BCAST_INIT_SHORT(add_bcast_rows_init)
EMU_BCAST_INIT_SHORT(add_bcast_cols_init)
EMU_BCAST_INIT_SHORT(add_bcast_scalar_init)
EMU_BCAST_INIT_SHORT(sub_bcast_rows_init)
EMU_BCAST_INIT_SHORT(sub_bcast_cols_init)
EMU_BCAST_INIT_SHORT(sub_bcast_scalar_init)
EMU_BCAST_INIT_SHORT(mul_bcast_rows_init)
EMU_BCAST_INIT_SHORT(mul_bcast_cols_init)
EMU_BCAST_INIT_SHORT(mul_bcast_scalar_init)
#endif
#undef EMU_BCAST_INIT_SHORT
}  // namespace ckernel
