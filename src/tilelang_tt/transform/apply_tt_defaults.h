// apply_tt_defaults: fills in the TT attributes a user did not set.
//
// Input: any PrimFunc; its attrs may already hold user annotations (annotate_tt_schedule/annotate_tt_layout).
// Output: the same IR with func attrs
//   tt.device            "wormhole_b0" (or the device named by the target)
//   tt.schedule.policy   "contiguous" | "strided" | "balanced"  tt.schedule.order "row_major" | "column_major"
//   tt.layout.<param>    "dram,interleaved" for every parameter without one ("l1,interleaved" may be set)
// Unknown values in user annotations are UserErrors.
#pragma once

#include <string>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc apply_tt_defaults(const PrimFunc& f, const std::string& device);

}  // namespace tl::tt
