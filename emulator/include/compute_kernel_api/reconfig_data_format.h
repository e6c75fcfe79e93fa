// Unpacker format reconfiguration. The emulator reads each CB's format at every unpack, so these are
// state only.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/reconfig_data_format.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/reconfig_data_format.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
template <bool to_from_int8 = false>
ALWI void reconfig_data_format(const uint32_t srca_new_operand, const uint32_t srcb_new_operand) {
  (void)srca_new_operand, (void)srcb_new_operand;
}
template <bool to_from_int8 = false>
ALWI void reconfig_data_format(const uint32_t srca_old_operand, const uint32_t srca_new_operand,
                               const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
  (void)srca_old_operand, (void)srca_new_operand, (void)srcb_old_operand, (void)srcb_new_operand;
}
template <bool to_from_int8 = false>
ALWI void reconfig_data_format_srca(const uint32_t srca_new_operand) {
  (void)srca_new_operand;
}
template <bool to_from_int8 = false>
ALWI void reconfig_data_format_srca(const uint32_t srca_old_operand, const uint32_t srca_new_operand) {
  (void)srca_old_operand, (void)srca_new_operand;
}
template <bool to_from_int8 = false>
ALWI void reconfig_data_format_srcb(const uint32_t srcb_new_operand) {
  (void)srcb_new_operand;
}
template <bool to_from_int8 = false>
ALWI void reconfig_data_format_srcb(const uint32_t srcb_old_operand, const uint32_t srcb_new_operand) {
  (void)srcb_old_operand, (void)srcb_new_operand;
}
}  // namespace ckernel
