// Newer include path (api/compute/...) of compute_kernel_api/transpose_wh_dest.h.
#pragma once

#include "compute_kernel_api/transpose_wh_dest.h"
