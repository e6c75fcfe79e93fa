// build_plan: the Plan (plan.h) of a tensorized PrimFunc — tensors with their tiled views, and per Kernel
// the CB table, the emitted reader/compute/writer kernels (emit_kernels.h), and every core's runtime args
// (first block and block count from infer_tt_schedule's policy, then tensor addresses).
#pragma once

#include <vector>

#include "tilelang_tt/codegen/tt/plan.h"
#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

Plan build_plan(const PrimFunc& f, const DeviceParams& dev, const std::vector<bool>& outputs, int math_fidelity,
                MetaliumApi api);

}  // namespace tl::tt
