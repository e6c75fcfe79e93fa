// Include path of the device dataflow API (pre-Dec 2025 layout).
#pragma once
#include "emu/dataflow_api.h"
