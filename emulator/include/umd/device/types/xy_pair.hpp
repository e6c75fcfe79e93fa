// tt_xy_pair / tt::xy_pair (UMD's header path; the emulator defines them in core_coord.hpp).
#pragma once
#include <tt-metalium/core_coord.hpp>
