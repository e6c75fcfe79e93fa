// Placement of tt.pop for compute-consumed circular buffers (part of tensorize_tt).
//
// Input: a kernel body of TT tile ops (tensorize_tt.h) and the CB table.
// Output: the body with tt.pop(cb, tiles) inserted in the compute stream: in each statement list, after the
//   last statement that purely reads a CB version (copy_tiles source, matmul a/b, eltwise leaves that are not
//   its destination) produced earlier in the same list. Operations that rewrite a CB in place (matmul's c,
//   eltwise reading its own destination) pop their old version themselves; write_tiles pops in the writer.
//   A version that nothing reads (overwritten first, or never used: a second T.clear, a dead fragment or
//   shared buffer) gets tt.discard(cb, tiles) right after the op that produced it; one produced in a loop body,
//   read only after the loop and overwritten by the next iteration, at the end of every iteration but the last.
//   So every version pushed is popped exactly once, on every path (verify_tt_cb_balance checks it).
#pragma once

#include <vector>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

Stmt insert_pops(const Stmt& body, const std::vector<CBInfo>& cbs);

}  // namespace tl::tt
