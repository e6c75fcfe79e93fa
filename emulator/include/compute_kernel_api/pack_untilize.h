// Untilize in the packer. pack_untilize_block: for each of block_rt_dim tile rows, the front tiles
// 0..block_ct_dim-1 of icb (as the SDK unpacks them; kernels use block_rt_dim = 1 and pop between calls)
// become row-major rows full_ct_dim tiles wide at the back of ocb (tile row r in pages r*full_ct_dim ...),
// this block's columns starting at block_c_index*block_ct_dim tiles. pack_untilize_dest does the same from
// DST tiles r*block_ct_dim + c (a PACK operation: inside tile_regs_wait/release).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/pack_untilize.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/pack_untilize.h"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool narrow_row = false,
          std::uint32_t row_num_datums = 32>
#if TT_METALIUM_API >= 81  // 0.81 dropped the face shape arguments
ALWI void pack_untilize_dest_init(uint32_t ocb, uint32_t call_line = __builtin_LINE()) { (void)ocb, (void)call_line; }
#else
ALWI void pack_untilize_dest_init(uint32_t ocb, uint32_t face_r_dim = 16, uint32_t num_faces = 4,
                                  uint32_t call_line = __builtin_LINE()) {
  (void)ocb, (void)face_r_dim, (void)num_faces, (void)call_line;
}
#endif
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_init(uint32_t icb, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)ocb, (void)call_line;
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb, uint32_t block_c_index = 0) {
  emu::ck::pack_untilize_block(icb, block_rt_dim, block_ct_dim, full_ct_dim, ocb, block_c_index);
}
#if TT_METALIUM_API >= 81  // 0.81 dropped the face shape arguments and added `dense`
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool diagonal = false,
          bool narrow_row = false, std::uint32_t row_num_datums = 32, uint32_t tile_dst_ct_offset = 0,
          bool dense = false>
ALWI void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim = 1, uint32_t block_c_index = 0,
                             uint32_t tile_dst_rt_offset = 0) {
  (void)tile_dst_rt_offset;
  emu::ck::pack_untilize_dest(ocb, block_rt_dim, block_ct_dim, full_ct_dim, block_c_index);
}
#else
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim, bool diagonal = false,
          bool narrow_row = false, std::uint32_t row_num_datums = 32, uint32_t tile_dst_ct_offset = 0>
ALWI void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim = 1, uint32_t block_c_index = 0,
                             uint32_t face_r_dim = 16, uint32_t num_faces = 4, uint32_t tile_dst_rt_offset = 0) {
  (void)face_r_dim, (void)num_faces, (void)tile_dst_rt_offset;
  emu::ck::pack_untilize_dest(ocb, block_rt_dim, block_ct_dim, full_ct_dim, block_c_index);
}
#endif
ALWI void pack_untilize_uninit(uint32_t ocb) { (void)ocb; }
}  // namespace ckernel
