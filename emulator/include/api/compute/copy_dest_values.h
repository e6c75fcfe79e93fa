// Newer include path (api/compute/...) of compute_kernel_api/copy_dest_values.h.
#pragma once

#include "compute_kernel_api/copy_dest_values.h"
