// Reads of kernel-local buffers that nothing can have written (ir.h: their contents are undefined until
// written, as upstream TileLang's are). Checked once on the tile IR, before any target sees it, so that the
// "interpret" and "tenstorrent" targets reject the same programs.
//
// Input: a well-formed PrimFunc (verifier.h).
// Output: nothing; throws UserError "[op] <scope> buffer <name> is read before anything writes it" at the
//   reading statement when a read of a shared/fragment/local/var buffer (a tile op operand, a gemm
//   accumulator or reduce destination folded into, or an element load anywhere in a statement) has no write
//   of that buffer before the first time it runs, on any path. Conservative toward accepting: a write to any
//   part of the buffer counts, a write under an `if` counts, and a write anywhere in a loop body counts for
//   every read in that body that may first run in a later iteration (under an `if`, or in a nested loop that
//   may run no iteration). A read that runs in every iteration sees only the writes before it: `T.gemm` into a
//   never-cleared accumulator reads it unwritten in the first iteration. Blocks of a T.Kernel start with
//   nothing written.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl {

void check_read_before_write(const PrimFunc& f);

}  // namespace tl
