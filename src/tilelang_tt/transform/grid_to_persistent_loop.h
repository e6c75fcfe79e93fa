// grid_to_persistent_loop: turns each scheduled Kernel into one persistent loop per core.
//
// Input: Kernels with the attrs of infer_tt_schedule.
// Output: each Kernel has grid [C] (C = tt.cores) with a fresh block var `tt_core`, attr tt.persistent = "1",
//   and body
//     for tt_i in serial(0, tt.block_count()):
//       let tt_block = tt.block_start() + tt_i            (contiguous; strided: + tt_i * C;
//                                                          balanced: tt.block_list(tt_i))
//       let bx = …; let by = …                           (recovered from tt_block in tt.order)
//       <original body>
//   where tt.block_start() / tt.block_count() are ExternCalls naming the core's first block and block count,
//   which the host passes as the first two runtime arguments of every kernel (see core_blocks), and
//   tt.block_list(i) the core's i-th block of tt.deal, a runtime argument after the kernel's tensor addresses.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc grid_to_persistent_loop(const PrimFunc& f);

}  // namespace tl::tt
