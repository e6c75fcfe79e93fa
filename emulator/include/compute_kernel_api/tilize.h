// Tilize: `block` tiles' worth of row-major data (32 rows x block*32 columns, from the front of icb) become
// `block` tiles at the back of ocb. Uses DST internally on the device, not the caller's DST.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/tilize.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/tilize.h"
#endif

#include "compute_kernel_api/common.h"

namespace ckernel {
ALWI void tilize_init(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)block, (void)ocb, (void)call_line;
  emu::ck::fpu_init(emu::compute::FpuConfig::Any, "tilize_init");
}
ALWI void tilize_init_short_with_dt(uint32_t old_icb, uint32_t new_icb, uint32_t block, uint32_t ocb) {
  (void)old_icb, (void)new_icb, (void)block, (void)ocb;
}
ALWI void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index = 0,
                       uint32_t output_tile_index = 0) {
  emu::ck::tilize_block(icb, block, ocb, input_tile_index, output_tile_index);
}
ALWI void tilize_uninit(uint32_t icb, uint32_t ocb) { (void)icb, (void)ocb; }
#if TT_METALIUM_API < 81  // not in the 0.81 API
ALWI void tilize_uninit_with_dt(uint32_t old_icb, uint32_t new_icb, uint32_t ocb) {
  (void)old_icb, (void)new_icb, (void)ocb;
}
#endif
ALWI void fast_tilize_init(uint32_t icb, uint32_t full_dim, uint32_t ocb, uint32_t call_line = __builtin_LINE()) {
  (void)icb, (void)full_dim, (void)ocb, (void)call_line;
}
ALWI void fast_tilize_init_with_dt(uint32_t icb, uint32_t full_dim, uint32_t ocb) {
  (void)icb, (void)full_dim, (void)ocb;
}
#if TT_METALIUM_API >= 81  // 0.81 added the full dimension
ALWI void fast_tilize_uninit(uint32_t icb, uint32_t ocb, uint32_t full_dim) { (void)icb, (void)ocb, (void)full_dim; }
#else
ALWI void fast_tilize_uninit(uint32_t icb, uint32_t ocb) { (void)icb, (void)ocb; }
#endif
ALWI void fast_tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index = 0,
                            uint32_t output_tile_index = 0) {
  tilize_block(icb, block, ocb, input_tile_index, output_tile_index);
}
}  // namespace ckernel
