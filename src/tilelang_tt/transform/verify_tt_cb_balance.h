// verify_tt_cb_balance: the CB protocol of a tensorized kernel, checked statically before any code is emitted.
//
// Input: a PrimFunc after plan_tt_cb_depths (tt.cbs depths final). Each TT tile op pushes, waits for or pops
//   whole versions of CBs (tile_op_cbs: reads wait, consumes and drains pop, writes push; tt.pop waits first
//   only with its wait flag); the reader, compute and writer kernels follow the same control flow, so running
//   all ops in program order is one legal schedule, and CB channels are deterministic: if that schedule never
//   blocks, none does.
// Output: nothing; throws InternalError (a compiler bug: the generated program would hang) naming the op, the CB
//   and the user's source line when, in program order, an op waits for or pops a version nothing pushed, pushes
//   into a CB whose depth is taken by versions nothing popped yet, a tt.pop without wait takes a version no op
//   waited for, a later iteration of a loop does not leave every CB's versions as it found them, the two sides
//   of an `if` leave different numbers of versions, or a kernel ends with versions unpopped. The pops guarded by
//   later_iteration (tt_pop_insertion.h) are followed per iteration kind: a loop's body is run as its first
//   iteration, then as later ones from the state the previous left (which must repeat).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

void verify_tt_cb_balance(const PrimFunc& f);

}  // namespace tl::tt
