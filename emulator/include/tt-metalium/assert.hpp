// Older include path for TT_FATAL / TT_THROW.
#pragma once
#include <tt_stl/assert.hpp>
