// Accumulates the whole K loop in DST (block_m·block_n tiles must fit in one acquire), then packs.
#include <cstdint>
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t block_m = get_compile_time_arg_val(0);
  constexpr uint32_t block_n = get_compile_time_arg_val(1);
  constexpr uint32_t block_k = get_compile_time_arg_val(2);
  constexpr uint32_t num_k_blocks = get_compile_time_arg_val(3);
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1, cb_out = tt::CBIndex::c_16;

  mm_init(cb_a, cb_b, cb_out);
  tile_regs_acquire();
  for (uint32_t kb = 0; kb < num_k_blocks; ++kb) {
    cb_wait_front(cb_a, block_m * block_k);
    cb_wait_front(cb_b, block_k * block_n);
    for (uint32_t m = 0; m < block_m; ++m)
      for (uint32_t n = 0; n < block_n; ++n)
        for (uint32_t k = 0; k < block_k; ++k)
          matmul_tiles(cb_a, cb_b, m * block_k + k, k * block_n + n, m * block_n + n);
    cb_pop_front(cb_a, block_m * block_k);
    cb_pop_front(cb_b, block_k * block_n);
  }
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(cb_out, block_m * block_n);
  for (uint32_t t = 0; t < block_m * block_n; ++t) pack_tile(t, cb_out);
  cb_push_back(cb_out, block_m * block_n);
  tile_regs_release();
}
}  // namespace NAMESPACE
