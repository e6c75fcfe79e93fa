// Include path of WAYPOINT.
#pragma once
#include "emu/waypoint.h"
