// emu::ck entry points (emu/compute_calls.h): forward to the running kernel's ComputeCore.
#include "emu/compute_calls.h"
#include "hook_env.h"

namespace emu::ck {

using compute::current_core;

void tile_regs_acquire() { current_core().dst().tile_regs_acquire(); }
void tile_regs_commit() { current_core().dst().tile_regs_commit(); }
void tile_regs_wait() { current_core().dst().tile_regs_wait(); }
void tile_regs_release() { current_core().dst().tile_regs_release(); }
void acquire_dst() { current_core().dst().acquire_dst(); }
void release_dst() { current_core().dst().release_dst(); }

void fpu_init(FpuConfig config, const char* init_api) { current_core().fpu_init(config, init_api); }
void set_matmul_transpose(bool t) { current_core().set_matmul_transpose(t); }
void set_copy_transpose(bool t) { current_core().set_copy_transpose(t); }
void set_binary_acc_to_dest(bool acc) { current_core().set_binary_acc_to_dest(acc); }
void set_pack_l1_acc(bool en) { current_core().set_pack_l1_acc(en); }
void set_pack_reduce_mask(bool enable, ReduceAxis axis) { current_core().set_pack_reduce_mask(enable, axis); }

void copy_tile(uint32_t cb, uint32_t itile, uint32_t idst) { current_core().copy_tile(cb, itile, idst); }
void copy_block_matmul_partials(uint32_t cb, uint32_t start_itile, uint32_t start_idst, uint32_t n) {
  current_core().copy_block_matmul_partials(cb, start_itile, start_idst, n);
}
void pack_tile(uint32_t idst, uint32_t ocb, uint32_t out_idx, bool out_of_order) {
  current_core().pack_tile(idst, ocb, out_idx, out_of_order);
}
void pack_tile_block(uint32_t idst, uint32_t ocb, uint32_t n) { current_core().pack_tile_block(idst, ocb, n); }

void binary(BinaryOp op, Bcast bc, uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst) {
  current_core().binary(op, bc, cb0, cb1, i0, i1, idst);
}
void binary_dest_reuse(BinaryOp op, int reuse, uint32_t cb, uint32_t itile, uint32_t idst) {
  current_core().binary_dest_reuse(op, reuse, cb, itile, idst);
}
void unary_bcast(Bcast bc, uint32_t cb, uint32_t itile, uint32_t idst) {
  current_core().unary_bcast(bc, cb, itile, idst);
}
void matmul_tiles(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst) {
  current_core().matmul_tiles(cb0, cb1, i0, i1, idst);
}
void matmul_block(uint32_t cb0, uint32_t cb1, uint32_t i0, uint32_t i1, uint32_t idst, bool transpose, uint32_t ct,
                  uint32_t rt, uint32_t kt) {
  current_core().matmul_block(cb0, cb1, i0, i1, idst, transpose, ct, rt, kt);
}
void reduce(Pool pool, ReduceAxis axis, uint32_t cb, uint32_t cb_scaler, uint32_t itile, uint32_t iscaler,
            uint32_t idst) {
  current_core().reduce(pool, axis, cb, cb_scaler, itile, iscaler, idst);
}
void transpose_wh(uint32_t cb, uint32_t itile, uint32_t idst) { current_core().transpose_wh(cb, itile, idst); }

void sfpu_unary(const char* api, SfpuUnary op, uint32_t idst, float p0, float p1, float p2, int vector_mode) {
  current_core().sfpu_unary(api, op, idst, p0, p1, p2, vector_mode);
}
void sfpu_binary(const char* api, SfpuBinary op, uint32_t i0, uint32_t i1, uint32_t out, int vector_mode) {
  current_core().sfpu_binary(api, op, i0, i1, out, vector_mode);
}
void sfpu_int32(const char* api, SfpuInt32 op, uint32_t i0, uint32_t i1, uint32_t out) {
  current_core().sfpu_int32(api, op, i0, i1, out);
}
void sfpu_int32_unary(const char* api, SfpuInt32Unary op, uint32_t idst, uint32_t param) {
  current_core().sfpu_int32_unary(api, op, idst, param);
}
void typecast(uint32_t in_fmt, uint32_t out_fmt, uint32_t idst) { current_core().typecast(in_fmt, out_fmt, idst); }
void copy_dest(uint32_t idst_in, uint32_t idst_out) { current_core().copy_dest(idst_in, idst_out); }
void transpose_dest(uint32_t idst) { current_core().transpose_dest(idst); }
void where(uint32_t icond, uint32_t ia, uint32_t ib, uint32_t out) { current_core().where(icond, ia, ib, out); }

void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t in_idx, uint32_t out_idx) {
  current_core().tilize_block(icb, block, ocb, in_idx, out_idx);
}
void untilize_block(uint32_t icb, uint32_t full_ct, uint32_t ocb) { current_core().untilize_block(icb, full_ct, ocb); }
void pack_untilize_block(uint32_t icb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct, uint32_t ocb,
                         uint32_t block_c_index) {
  current_core().pack_untilize_block(icb, block_rt, block_ct, full_ct, ocb, block_c_index);
}
void pack_untilize_dest(uint32_t ocb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct, uint32_t block_c_index) {
  current_core().pack_untilize_dest(ocb, block_rt, block_ct, full_ct, block_c_index);
}

}  // namespace emu::ck
