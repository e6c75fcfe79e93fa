// Include path of TSLICE.
#pragma once
#include "emu/dprint.h"
