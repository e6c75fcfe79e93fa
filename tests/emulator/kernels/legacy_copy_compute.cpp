// Legacy compute entry form: copies `tiles` tiles from cb 0 to cb 16 through DST (compile-time arg 0).
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t tiles = get_compile_time_arg_val(0);
  unary_op_init_common(tt::CBIndex::c_0, tt::CBIndex::c_16);
  copy_tile_to_dst_init_short(tt::CBIndex::c_0);
  for (uint32_t t = 0; t < tiles; ++t) {
    cb_wait_front(tt::CBIndex::c_0, 1);
    tile_regs_acquire();
    copy_tile(tt::CBIndex::c_0, 0, 0);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(tt::CBIndex::c_16, 1);
    pack_tile(0, tt::CBIndex::c_16);
    cb_push_back(tt::CBIndex::c_16, 1);
    tile_regs_release();
    cb_pop_front(tt::CBIndex::c_0, 1);
  }
}
}  // namespace NAMESPACE
