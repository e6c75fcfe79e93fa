// y = log(1 + exp(x)), one tile at a time, all in DST on the SFPU: copy, exp, +1, log, pack.
#include <cstdint>
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/binop_with_scalar.h"
#include "compute_kernel_api.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  const uint32_t num_tiles = get_arg_val<uint32_t>(0);
  constexpr uint32_t cb_x = tt::CBIndex::c_0, cb_y = tt::CBIndex::c_16;
  constexpr uint32_t one_fp32 = 0x3F800000u;
  init_sfpu(cb_x, cb_y);
  for (uint32_t t = 0; t < num_tiles; ++t) {
    cb_wait_front(cb_x, 1);
    tile_regs_acquire();
    copy_tile_init(cb_x);
    copy_tile(cb_x, 0, 0);
    exp_tile_init();
    exp_tile(0);
    binop_with_scalar_tile_init();
    add_unary_tile(0, one_fp32);
    log_tile_init();
    log_tile(0);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_y, 1);
    pack_tile(0, cb_y);
    cb_push_back(cb_y, 1);
    tile_regs_release();
    cb_pop_front(cb_x, 1);
  }
}
}  // namespace NAMESPACE
