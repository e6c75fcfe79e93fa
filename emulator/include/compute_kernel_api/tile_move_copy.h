// Copy CB tiles into DST (copy_tile overwrites the DST tile).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/tile_move_copy.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/tile_move_copy.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
#if TT_METALIUM_API >= 81
ALWI void copy_init(uint32_t cbid, uint32_t transpose = 0, uint32_t transpose_within_16x16_face = false,
                    uint32_t call_line = __builtin_LINE()) {
  (void)cbid, (void)transpose_within_16x16_face, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Datacopy, "copy_init");
  emu::ck::set_copy_transpose(transpose != 0);
}
#define EMU_DEPRECATED_IN_0_81(why) [[deprecated(why)]]
#else
#define EMU_DEPRECATED_IN_0_81(why)
#endif
EMU_DEPRECATED_IN_0_81("Renamed to copy_init().")
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
EMU_DEPRECATED_IN_0_81("Call reconfig_data_format_srca(old, new) then copy_init(new, transpose).")
ALWI void copy_tile_to_dst_init_short_with_dt(uint32_t old_cbid, uint32_t new_cbid, uint32_t transpose = 0) {
  (void)old_cbid;
  copy_tile_to_dst_init_short(new_cbid, transpose);
}
ALWI void copy_tile(uint32_t in_cb_id, uint32_t in_tile_index, uint32_t dst_tile_index) {
  emu::ck::copy_tile(in_cb_id, in_tile_index, dst_tile_index);
}
#undef EMU_DEPRECATED_IN_0_81
#if TT_METALIUM_API < 81
ALWI void copy_block_matmul_partials(uint32_t in_cb_id, uint32_t start_in_tile_index, uint32_t start_dst_tile_index,
                                     uint32_t ntiles) {
  emu::ck::copy_block_matmul_partials(in_cb_id, start_in_tile_index, start_dst_tile_index, ntiles);
}
#endif
}  // namespace ckernel
