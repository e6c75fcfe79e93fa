// CB calls for compute kernels. cb_wait_front/cb_pop_front/cb_reserve_back/cb_push_back are the runtime's
// (emu/cb_api.h, shared with data-movement kernels); this adds the compute-only helpers.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/cb_api.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/cb_api.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
// L1 byte address of page `tile_index` counted from the CB's read pointer (no wrap, as in the SDK).
ALWI uint32_t get_tile_address(uint32_t cb_id, uint32_t tile_index) {
  return emu::rt::cb_read_ptr(cb_id) + tile_index * emu::rt::cb_page_size(cb_id);
}
// The 32-bit word `element_offset` of that tile (read through the runtime's view of L1: the window's bytes).
ALWI uint32_t read_tile_value(uint32_t cb_id, uint32_t tile_index, uint32_t element_offset) {
  emu::rt::l1_settle(get_tile_address(cb_id, tile_index) + 4u * element_offset, 4);
  return *reinterpret_cast<const volatile uint32_t*>(emu::tls_kernel->l1 + get_tile_address(cb_id, tile_index) +
                                                      4u * element_offset);
}
}  // namespace ckernel
