// Base of every compute API header: the prelude (normally force-included already) and ALWI.
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API >= 81 && !defined(EMU_COMPUTE_VIA_NEW_TREE)
#error "compute_kernel_api/common_globals.h is the TT-Metalium 0.66 API's include path; this build offers the 0.81 API: include api/compute/common_globals.h"
#endif

#include "emu/compute_prelude.h"
