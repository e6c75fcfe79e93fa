// tt_range_fold: conditions decided by the ranges of the indices, and accumulators cleared by the matmul itself —
// part of tensorize_tt (applied to a Kernel's body before it is tensorized).
//
// Input: a Kernel body in the Tile IR (before tensorize_tt).
// Output, the same program with:
//  1. every Select whose condition is true (false) for every value its integer variables take replaced by its
//     true (false) branch (a constant condition stays as written). A variable's range: a loop's
//     [min, min + extent) when both are constants (any loop kind, T.Parallel's included), a Let's the range of its
//     value; any other variable is unbounded (so a condition on a block index or a run-time bound is kept).
//     Ranges follow + − ×, // and % by a positive constant, min and max; comparisons, and/or/not are decided when
//     their operands' ranges say so.
//     (Upstream's non-causal flash attention masks `k * block_N + j >= seq_kv` with k < ⌈seq_kv / block_N⌉:
//     never true when block_N divides seq_kv.)
//  2. a T.Parallel nest whose only statement stores a closed constant into the whole of a local buffer (indices
//     the nest's loop variables, extents the buffer's shape) replaced by T.fill of that buffer.
//  3. T.fill(C, 0) directly followed (same statement list) by T.gemm(A, B, C) with clear_accum=False and the whole
//     of C replaced by that gemm with clear_accum=True: the matmul starts from a zeroed DST instead of loading the
//     zero tiles it was just given (and the fill's packs go).
//  4. a T.Parallel nest storing select(L cmp R, t, f) (t and f closed constants, cmp one of >= > <= <) into the whole
//     of a local buffer, where L − R is affine in the nest's indices and other (outer) variables, versioned on
//     those: if (the condition holds at every index of the nest) T.fill(t) else if (at none) T.fill(f) else the
//     nest — scalar conditions on the outer variables (D's least and greatest value over the nest). Causal
//     attention's `bx * block_M + i >= k * block_N + j` is then computed only on the blocks that cross the
//     diagonal; the others get a fill.
// Nothing else changes; results are exactly the same (0 + x = x, and a decided condition selects the same value).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

Stmt fold_tt_ranges(const Stmt& kernel_body);

}  // namespace tl::tt
