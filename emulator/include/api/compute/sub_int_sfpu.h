// The 0.81 API's include path of compute_kernel_api/sub_int_sfpu.h (emu/metalium_api.h).
#pragma once

#include "emu/metalium_api.h"
#if TT_METALIUM_API < 81
#error "api/compute/sub_int_sfpu.h is the TT-Metalium 0.81 API's include path; this build offers the 0.66 API: include compute_kernel_api/sub_int_sfpu.h"
#endif
#define EMU_COMPUTE_VIA_NEW_TREE
#include "compute_kernel_api/sub_int_sfpu.h"
#undef EMU_COMPUTE_VIA_NEW_TREE
