// Copy CB tiles into DST (copy_tile overwrites the DST tile).
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void copy_tile_to_dst_init_short(uint32_t cbid, uint32_t transpose = 0,
                                      uint32_t transpose_within_16x16_face = false,
                                      uint32_t call_line = __builtin_LINE()) {
  (void)cbid, (void)transpose_within_16x16_face, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Datacopy, "copy_tile_to_dst_init_short");
  emu::ck::set_copy_transpose(transpose != 0);
}
ALWI void copy_tile_init(uint32_t cbid, uint32_t call_line = __builtin_LINE()) {
  (void)call_line;
  copy_tile_to_dst_init_short(cbid);
}
ALWI void copy_tile_to_dst_init_short_with_dt(uint32_t old_cbid, uint32_t new_cbid, uint32_t transpose = 0) {
  (void)old_cbid;
  copy_tile_to_dst_init_short(new_cbid, transpose);
}
ALWI void copy_tile(uint32_t in_cb_id, uint32_t in_tile_index, uint32_t dst_tile_index) {
  emu::ck::copy_tile(in_cb_id, in_tile_index, dst_tile_index);
}
ALWI void copy_block_matmul_partials(uint32_t in_cb_id, uint32_t start_in_tile_index, uint32_t start_dst_tile_index,
                                     uint32_t ntiles) {
  emu::ck::copy_block_matmul_partials(in_cb_id, start_in_tile_index, start_dst_tile_index, ntiles);
}
}  // namespace ckernel
