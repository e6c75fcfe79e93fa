// tt::ARCH (UMD's header path).
#pragma once
#include <tt-metalium/data_types.hpp>
