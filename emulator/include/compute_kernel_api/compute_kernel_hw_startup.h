// Hardware start-up: configures unpackers/math/packer for the given CBs. Formats are read from the CBs on
// every operation in the emulator, so this only has to exist.
#pragma once

#include "compute_kernel_api/common_globals.h"

namespace ckernel {
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb) { (void)icb0, (void)icb1, (void)ocb; }
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t ocb) { compute_kernel_hw_startup(icb0, icb0, ocb); }
}  // namespace ckernel
