// Newer include path (api/compute/...) of compute_kernel_api/reg_api.h.
#pragma once

#include "compute_kernel_api/reg_api.h"
