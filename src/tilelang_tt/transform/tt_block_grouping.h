// Grouping of independent sub-tile blocks into whole tiles (part of infer_tt_schedule).
//
// A TileLang block is the user's unit of work; a tile (32×32) is the hardware's. Upstream norms, casts and softmax
// use blocks of 1 or 8 rows (`blk_m = 1`): block bx owns rows [bx·m, bx·m + m) of each tensor it touches. When the
// blocks are independent row by row, f = lcm(m, 32) / m consecutive blocks are one block of m·f rows — whole tiles —
// with the same result: this is what group_tt_blocks does, per grid dimension.
//
// A grid dimension with block variable v is grouped when all of these hold (else the kernel is left as it is):
//  * v occurs only in indices of global tensors (copy regions, loads, stores), linearly, in one dimension of each
//    access, one of the tensor's last two (tiled) dimensions, with the same coefficient m everywhere; a copy's
//    region has extent m in that dimension; an element access is `v·m + i` with i a T.Parallel variable.
//  * The local dimensions that receive those rows ("row dimensions": followed through copies, reductions over
//    another dimension, and T.Parallel loops indexing them with a bare loop variable) are among the last two of
//    their buffers, have size m, and are only ever indexed by such loop variables, reduced over never, and not
//    used by T.cumsum along them (a 2-D cumsum along dim 1 keeps its rows apart), T.im2col, atomics or scalar
//    stores outside T.Parallel; in T.gemm only as the rows of op(A)
//    and of C (row i of C is row i of op(A) times B).
//  * m·f rows stay inside every accessed tensor's tile-padded extent, and a partial last group writes only rows
//    past the tensor's end (so no row outside the user's grid is written).
// Output: grid[d] = ceil(G / f); row dimensions of local buffers, their regions and row loops have extent m·f;
// global indices v·m + r become v·(m·f) + r. The kernel gets attr tt.grouped.<d> = "f".
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The kernel with its sub-tile grid dimensions grouped (see above); `n` itself when nothing is grouped.
Stmt group_tt_blocks(const KernelNode& n, const Stmt& s);

}  // namespace tl::tt
