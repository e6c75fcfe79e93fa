// Compute: waits for the whole K extent of both panels, then for each sh×sw output sub-block (≤ 8 tiles: bf16 DST in half sync) accumulates
// over K in DST and packs it. CB 0 holds A tiles in K-step order (index k·pm + r), CB 1 B tiles (k·pn + c).
#include <cstdint>
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t pm = get_compile_time_arg_val(0), pn = get_compile_time_arg_val(1);
  constexpr uint32_t kt = get_compile_time_arg_val(2);
  constexpr uint32_t sh = get_compile_time_arg_val(3), sw = get_compile_time_arg_val(4);
  mm_init(tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16);
  cb_wait_front(tt::CBIndex::c_0, pm * kt);
  cb_wait_front(tt::CBIndex::c_1, pn * kt);
  for (uint32_t r0 = 0; r0 < pm; r0 += sh) {
    for (uint32_t c0 = 0; c0 < pn; c0 += sw) {
      tile_regs_acquire();
      for (uint32_t k = 0; k < kt; ++k)
        for (uint32_t r = 0; r < sh; ++r)
          for (uint32_t c = 0; c < sw; ++c)
            matmul_tiles(tt::CBIndex::c_0, tt::CBIndex::c_1, k * pm + r0 + r, k * pn + c0 + c, r * sw + c);
      tile_regs_commit();
      tile_regs_wait();
      cb_reserve_back(tt::CBIndex::c_16, sh * sw);
      for (uint32_t i = 0; i < sh * sw; ++i) pack_tile(i, tt::CBIndex::c_16);
      cb_push_back(tt::CBIndex::c_16, sh * sw);
      tile_regs_release();
    }
  }
  cb_pop_front(tt::CBIndex::c_0, pm * kt);
  cb_pop_front(tt::CBIndex::c_1, pn * kt);
}
