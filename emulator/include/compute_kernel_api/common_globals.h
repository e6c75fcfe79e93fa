// Base of every compute API header: the prelude (normally force-included already) and ALWI.
#pragma once

#include "emu/compute_prelude.h"
