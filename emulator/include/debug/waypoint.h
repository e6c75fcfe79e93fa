// Include path of WAYPOINT (pre-Dec 2025 layout).
#pragma once
#include "emu/waypoint.h"
