// verify_tt: resource checks on a tensorized PrimFunc (tensorize_tt.h).
//
// Input: the output of tensorize_tt. Output: nothing; throws a UserError naming the kernel's source line and
// what to change when a Kernel's circular buffers need more L1 than a core has free, or more CBs than the
// device has; when fewer stages of a T.Pipelined loop would make them fit, the error points at that loop,
// names its largest CB and says to which num_stages to lower. (DST capacity is enforced where the compute code is generated:
// subblocking for matmul, an error for element-wise expressions needing too many DST tiles at once.)
#pragma once

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

void verify_tt(const PrimFunc& f, const DeviceParams& dev);

}  // namespace tl::tt
