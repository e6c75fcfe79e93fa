// The ComputeCore of the compute kernel running on the calling thread/fiber (via the runtime's hooks).
#pragma once

#include "compute_core.h"

namespace emu::compute {
ComputeCore& current_core();
}  // namespace emu::compute
