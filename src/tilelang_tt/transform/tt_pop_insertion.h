// Placement of tt.pop for compute-consumed circular buffers (part of tensorize_tt).
//
// Input: a kernel body of TT tile ops (tensorize_tt.h) and the CB table. Every version pushed into a CB that the
//   writer drains (tt.write_tiles) is drained by it (tensorize_tt hands the writer a buffer's own CB only then).
// Output: the body with tt.pop(cb, tiles[, wait]) inserted in the compute stream so that between statements the
//   consumer holds exactly the live versions (those a later op may read, fold into or drain before they are
//   overwritten): after the op that last uses a version, after the op that made it when nothing uses it (a
//   T.fill overwritten by a reduce with clear=True, a T.clear under an if followed by a copy into the buffer),
//   at the start of an if branch that does not use a version the other branch uses, after a loop for versions
//   only its iterations used, and at the start of every iteration but the first for versions the loop leaves
//   for after it but overwrites before using (a reduce with clear=True in the loop, read after it). wait = 1
//   when no op has waited for the version on every path (a read under an `if` may not run). Ops that rewrite a
//   CB in place (matmul's c with clear = 0, reduce with clear=False, eltwise reading its own destination) pop
//   their old version themselves; write_tiles pops in the writer. A loop is taken to run at least once. A CB live at the kernel's start (a path may reach a read of
//   it without a write: written under an `if`, read after it) whose versions no op consumes or drains is tracked:
//   each of its pops is tt.pop(cb, tiles, wait, 1) — popped only if the consumer holds a version (the compute
//   kernel keeps a flag, set where a version is pushed) — and a version left at the kernel's end is popped there.
//   A CB live at the kernel's start that an op consumes in place or the writer drains, and that only the compute
//   kernel writes, gets a version of zeros at the kernel's start (tt.fill_tiles): the undefined read gives what
//   "interpret" gives, and no path waits for a version nobody pushes.
#pragma once

#include <vector>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

Stmt insert_pops(const Stmt& body, const std::vector<CBInfo>& cbs);

}  // namespace tl::tt
