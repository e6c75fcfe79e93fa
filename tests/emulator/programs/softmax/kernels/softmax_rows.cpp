// Row softmax over tile rows of width wt: m = rowmax(x); e = exp(x - m); y = e * (1 / rowsum(e)).
// Row reductions leave their result in column 0 of a tile, which the *_bcast_cols ops broadcast.
#include <cstdint>
// As the SDK's kernels do: the 0.66 reduce.h names these as default template arguments.
#define REDUCE_OP PoolType::MAX
#define REDUCE_DIM ReduceDim::REDUCE_ROW
#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/recip.h"
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace {
constexpr uint32_t cb_x = tt::CBIndex::c_0, cb_scaler = tt::CBIndex::c_2, cb_y = tt::CBIndex::c_16;
constexpr uint32_t cb_max = tt::CBIndex::c_24, cb_exp = tt::CBIndex::c_25, cb_inv = tt::CBIndex::c_26;

// Reduces `count` tiles of `in` along rows into one tile of `out`; optionally takes 1/x of the result.
template <PoolType pool, bool reciprocal>
void reduce_rows(uint32_t in, uint32_t count, uint32_t out) {
  tile_regs_acquire();
  reduce_init<pool, ReduceDim::REDUCE_ROW>(in, cb_scaler, out);
  for (uint32_t t = 0; t < count; ++t) reduce_tile<pool, ReduceDim::REDUCE_ROW>(in, cb_scaler, t, 0, 0);
  reduce_uninit();
  if constexpr (reciprocal) {
    recip_tile_init();
    recip_tile(0);
  }
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(out, 1);
  pack_tile(0, out);
  cb_push_back(out, 1);
  tile_regs_release();
}
}  // namespace

void kernel_main() {
  const uint32_t num_rows = get_arg_val<uint32_t>(0);
  constexpr uint32_t wt = get_compile_time_arg_val(0);
  binary_op_init_common(cb_x, cb_scaler, cb_y);
  cb_wait_front(cb_scaler, 1);
  for (uint32_t r = 0; r < num_rows; ++r) {
    cb_wait_front(cb_x, wt);
    reduce_rows<PoolType::MAX, false>(cb_x, wt, cb_max);

    cb_wait_front(cb_max, 1);
    sub_bcast_cols_init_short(cb_x, cb_max);
    exp_tile_init();
    for (uint32_t t = 0; t < wt; ++t) {
      tile_regs_acquire();
      sub_tiles_bcast_cols(cb_x, cb_max, t, 0, 0);
      exp_tile(0);
      tile_regs_commit();
      tile_regs_wait();
      cb_reserve_back(cb_exp, 1);
      pack_tile(0, cb_exp);
      cb_push_back(cb_exp, 1);
      tile_regs_release();
    }
    cb_pop_front(cb_max, 1);
    cb_pop_front(cb_x, wt);

    cb_wait_front(cb_exp, wt);
    reduce_rows<PoolType::SUM, true>(cb_exp, wt, cb_inv);

    cb_wait_front(cb_inv, 1);
    mul_bcast_cols_init_short(cb_exp, cb_inv);
    for (uint32_t t = 0; t < wt; ++t) {
      tile_regs_acquire();
      mul_tiles_bcast_cols(cb_exp, cb_inv, t, 0, 0);
      tile_regs_commit();
      tile_regs_wait();
      cb_reserve_back(cb_y, 1);
      pack_tile(0, cb_y);
      cb_push_back(cb_y, 1);
      tile_regs_release();
    }
    cb_pop_front(cb_inv, 1);
    cb_pop_front(cb_exp, wt);
  }
}
