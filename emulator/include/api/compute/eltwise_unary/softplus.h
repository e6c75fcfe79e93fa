// Newer include path (api/compute/...) of compute_kernel_api/eltwise_unary/softplus.h.
#pragma once

#include "compute_kernel_api/eltwise_unary/softplus.h"
