// The TT lowering pipeline, top to bottom in one function (pipeline.cpp): TileLang PrimFunc → TT Plan
// (plan.h) with the emitted kernels. TILELANG_TT_DUMP_IR=1 prints the IR and the time after every pass.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tilelang_tt/codegen/tt/plan.h"
#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct LowerOptions {
  std::string device = "tenstorrent/wormhole_b0";
  std::vector<bool> outputs;          // per parameter: read back after the run
  int math_fidelity = 4;
  bool fp32_dest = false;              // pass config tt.fp32_dest: every compute kernel gets an fp32 DST
  bool fp32_exact = false;             // pass config tt.fp32_exact: float32 reductions exact (tensorize_tt.h)
  bool fp32_exact_broadcast = false;   // pass config tt.fp32_exact_broadcast: float32 vector broadcasts exact
  std::string atomic_strategy = "auto";  // pass config tt.atomic_strategy (lower_tt_atomics.h)
  MetaliumApi api = MetaliumApi::V0_81;  // the SDK API the emitted program uses (plan.h)
  std::vector<int64_t> sizes;          // a call's value of each symbolic dim (shape_vars order; bind_tt_sizes.h)
};

struct Lowered {
  Plan plan;
  std::vector<std::pair<std::string, std::string>> ir_after;  // (pass name, printed IR) after each pass
};

Lowered lower_to_tt(const PrimFunc& f, const LowerOptions& options);

}  // namespace tl::tt
