// infer_tt_schedule: distributes each Kernel's grid of blocks over the device's worker cores.
//
// Input: a PrimFunc whose func attrs carry the TT defaults (apply_tt_defaults). Every Kernel's grid
//   extents must be constants (a symbolic grid is a UserError naming the kernel's line).
// Output: the same IR, but for kernels whose sub-tile blocks are grouped into whole tiles first
//   (tt_block_grouping.h: grid, row dims and global indices rewritten; attr tt.grouped.<dim> = factor);
//   each Kernel gets attrs
//   tt.grid   "gx[,gy[,gz]]"   the block grid
//   tt.blocks total blocks B;  tt.cores  cores used C = min(B, cores available)
//   tt.policy "contiguous" (core c runs a run of consecutive blocks; the first B mod C cores get one more)
//             or "strided" (core c runs blocks c, c+C, c+2C, …)
//             or "balanced" (blocks of unequal cost dealt by cost, tt_block_costs.h; then tt.deal
//             "b,b,…;b,…" lists each core's blocks, in order): when the policy is "balanced", or when the schedule
//             is the compiler's choice (tt.schedule.reuse absent or "auto", policy "contiguous") and the busiest
//             core's cost is at least a tenth less than with contiguous runs; there are more blocks than cores,
//             the costs are known and not all equal, and every core's list fits its runtime
//             arguments (kMaxRuntimeArgs less the block start, count and one address per tensor); otherwise the
//             policy as given ("balanced" falls back to "contiguous").
//   tt.order  "row_major" (block index b = bx + gx·(by + gy·bz)) or "column_major" (by fastest)
#pragma once

#include <cstdint>
#include <utility>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc infer_tt_schedule(const PrimFunc& f);

// The blocks of core c under a policy: (first block, count) for contiguous; (c, count) for strided, where
// the blocks are first, first + C, ….
std::pair<uint32_t, uint32_t> core_blocks(uint32_t blocks, uint32_t cores, bool strided, uint32_t c);

}  // namespace tl::tt
