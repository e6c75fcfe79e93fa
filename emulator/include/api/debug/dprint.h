// Include path of DPRINT.
#pragma once
#include "emu/dprint.h"
