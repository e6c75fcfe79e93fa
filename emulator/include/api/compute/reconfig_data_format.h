// Newer include path (api/compute/...) of compute_kernel_api/reconfig_data_format.h.
#pragma once

#include "compute_kernel_api/reconfig_data_format.h"
