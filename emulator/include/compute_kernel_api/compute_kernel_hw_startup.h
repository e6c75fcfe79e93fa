// Hardware start-up: configures unpackers/math/packer for the given CBs. Formats are read from the CBs on
// every operation in the emulator, so this only has to exist.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/compute_kernel_hw_startup.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/compute_kernel_hw_startup.h"
#endif

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb) { (void)icb0, (void)icb1, (void)ocb; }
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t ocb) { compute_kernel_hw_startup(icb0, icb0, ocb); }
}  // namespace ckernel
