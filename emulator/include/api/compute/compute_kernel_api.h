// Newer include path of compute_kernel_api.h.
#pragma once

#include "compute_kernel_api.h"
