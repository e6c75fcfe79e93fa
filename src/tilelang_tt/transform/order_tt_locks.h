// order_tt_locks: the tile lock of lower_tt_atomics' "lock" strategy. A block updates a locked tensor B by
// read-modify-writes — the reader reads B's tiles, compute combines, the writer stores them — and a later update of
// the same tiles must read what the earlier one wrote, which the reader and writer kernels, running side by side,
// do not order by themselves. A semaphore in the core's L1 (initially 0) orders them: the writer increments it with
// a NoC atomic increment once each write of B has landed (tt.lock_signal, after the write), the reader waits until
// it has counted as many writes as the reader has issued reads of B before (tt.lock_wait, before each read).
// Colliding blocks run on one core (lower_tt_atomics folds their grid indices into a loop), so a core's count is
// the lock of all the tiles its blocks update.
//
// Input: a PrimFunc after tensorize_tt whose kernels name their locked tensors in attr tt.atomic_lock (buffer names,
// comma-separated; lower_tt_atomics.h). Every loop body and every branch reads B's tiles by as many tile-read ops
// as it writes them by tile-write ops (an update is one read and one write of the same tiles, in program order).
// Output: the same with `tt.lock_wait()` before each tile read of a locked tensor and `tt.lock_signal()` after each
// tile write of one; the attr is kept.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc order_tt_locks(const PrimFunc& f);
// Whether a kernel of f has locked tensors (attr tt.atomic_lock): the pipeline runs the pass only then.
bool has_tt_locks(const PrimFunc& f);

}  // namespace tl::tt
