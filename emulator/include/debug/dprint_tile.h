// Include path of TSLICE (pre-Dec 2025 layout).
#pragma once
#include "emu/dprint.h"
