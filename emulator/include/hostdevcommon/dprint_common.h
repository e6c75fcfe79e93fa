// SliceRange for DPRINT << TSLICE (hostdevcommon include path).
#pragma once
#include "emu/dprint_tile.h"
