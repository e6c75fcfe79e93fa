// FPU element-wise binary ops: DST[idst] = A op B (A from icb0 in SrcA, B from icb1 in SrcB).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/eltwise_binary.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/eltwise_binary.h"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
namespace emu_detail {
constexpr emu::compute::BinaryOp binary_op(EltwiseBinaryType t) {
  return t == ELWADD   ? emu::compute::BinaryOp::Add
         : t == ELWSUB ? emu::compute::BinaryOp::Sub
                       : emu::compute::BinaryOp::Mul;
}
}  // namespace emu_detail

#if TT_METALIUM_API < 81
ALWI void binary_op_init_common(uint32_t icb0, uint32_t icb1, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb0, (void)icb1, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Binary, "binary_op_init_common");
  emu::ck::set_binary_acc_to_dest(false);
}
#endif
template <bool full_init, EltwiseBinaryType eltwise_binary_type>
ALWI void binary_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false,
                            uint32_t call_line = __builtin_LINE()) {
  (void)icb0, (void)icb1, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Binary, "binary_tiles_init");
  emu::ck::set_binary_acc_to_dest(acc_to_dest);
}
#if TT_METALIUM_API < 81
ALWI void mul_tiles_init(uint32_t icb0, uint32_t icb1, uint32_t call_line = __builtin_LINE()) {
  binary_tiles_init<true, ELWMUL>(icb0, icb1, false, call_line);
}
ALWI void add_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false,
                         uint32_t call_line = __builtin_LINE()) {
  binary_tiles_init<true, ELWADD>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void sub_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false,
                         uint32_t call_line = __builtin_LINE()) {
  binary_tiles_init<true, ELWSUB>(icb0, icb1, acc_to_dest, call_line);
}
#else
ALWI void add_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false, uint32_t call_line = __builtin_LINE()) {
  binary_tiles_init<true, ELWADD>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void sub_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false, uint32_t call_line = __builtin_LINE()) {
  binary_tiles_init<true, ELWSUB>(icb0, icb1, acc_to_dest, call_line);
}
ALWI void mul_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false, uint32_t call_line = __builtin_LINE()) {
  binary_tiles_init<true, ELWMUL>(icb0, icb1, acc_to_dest, call_line);
}
#endif
ALWI void mul_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  emu::ck::binary(emu::compute::BinaryOp::Mul, emu::compute::Bcast::None, icb0, icb1, itile0, itile1, idst);
}
ALWI void add_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  emu::ck::binary(emu::compute::BinaryOp::Add, emu::compute::Bcast::None, icb0, icb1, itile0, itile1, idst);
}
ALWI void sub_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  emu::ck::binary(emu::compute::BinaryOp::Sub, emu::compute::Bcast::None, icb0, icb1, itile0, itile1, idst);
}
#if TT_METALIUM_API < 81
// DST reused as one operand: DEST_TO_SRCA gives DST = DST op CB, DEST_TO_SRCB gives DST = CB op DST.
template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest = EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles_init(uint32_t icb0, uint32_t call_line = __builtin_LINE()) {
  (void)icb0, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Binary, "binary_dest_reuse_tiles_init");
}
template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest = EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles(uint32_t in_cb_id, uint32_t in_tile_index, uint32_t dst_tile_index) {
  emu::ck::binary_dest_reuse(emu_detail::binary_op(eltwise_binary_type), static_cast<int>(binary_reuse_dest), in_cb_id,
                             in_tile_index, dst_tile_index);
}
#endif
}  // namespace ckernel
