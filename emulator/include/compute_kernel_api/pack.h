// Packing DST tiles into CBs (sequential slots unless out_of_order_output; see compute_core.h).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/pack.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/pack.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool out_of_order_output = false>
ALWI void pack_tile(uint32_t ifrom_dst, uint32_t icb, std::uint32_t output_tile_index = 0) {
  emu::ck::pack_tile(ifrom_dst, icb, output_tile_index, out_of_order_output);
}
#if TT_METALIUM_API < 81  // not in the 0.81 API
ALWI void pack_tile_block(uint32_t ifrom_dst, uint32_t icb, uint32_t ntiles) {
  emu::ck::pack_tile_block(ifrom_dst, icb, ntiles);
}
#endif
// The packer's output format follows the CB being packed, so reconfiguration is state only.
ALWI void pack_reconfig_data_format(const uint32_t new_cb_id) { (void)new_cb_id; }
ALWI void pack_reconfig_data_format(const uint32_t old_cb_id, const uint32_t new_cb_id) {
  (void)old_cb_id, (void)new_cb_id;
}
// With L1 accumulation on, pack adds onto the values already in the CB slot.
ALWI void pack_reconfig_l1_acc(const uint32_t l1_acc_en) { emu::ck::set_pack_l1_acc(l1_acc_en != 0); }
}  // namespace ckernel
