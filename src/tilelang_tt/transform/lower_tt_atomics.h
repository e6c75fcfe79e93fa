// lower_tt_atomics: gives every atomic (T.atomic_add / atomic_max / atomic_min) a strategy that TT-Metalium, which has
// no floating-point read-modify-write on DRAM, can run, and states it in the IR (kernel attrs tt.atomic.<buffer>).
//
// Input: a PrimFunc as the front end built it (check_tt_supported passed), with constant grids and shapes.
// Output: the same function without Atomic nodes. Per T.Kernel and per global buffer B it updates atomically
// (the sites on B), with "x owns its index" meaning: some dimension of every site's destination index is affine,
// c·x + rest, where the other indices that vary with x span less than |c| (by*bM + i with 0 <= i < bM):
//  * owner — every grid index owns the destination: each element of B has one writer block. A site becomes the
//    owner's read-modify-write B[idx] = op(B[idx], value).
//  * partials — the grid indices z1..zk that do not own it collide (split-K's bz). A workspace B_partials
//    [S, *B.shape] (S = the product of their extents; float32 for a float B, int32 for int32) appended to the
//    function's workspaces gets one slice per value of (z1..zk), flat index z1 + ext1·(z2 + …); the sites store
//    their value (before its rounding to B's dtype) into their slice — or fold it in with op when one block may
//    update an element twice (a serial loop index that does not own it, or several sites on B). A combine
//    T.Kernel inserted after the kernel folds the slices into B in a fixed order, B = op(…op(op(B, P[0]), P[1])…,
//    P[S-1]), in the workspace's dtype, rounding once to B's: results are deterministic. The workspace starts zeroed
//    (atomic_add's identity); for atomic_max/min an init T.Kernel before the kernel fills it with -inf / +inf
//    (INT32_MIN / INT32_MAX). The combine and init kernels carry tt.atomic_combine / tt.atomic_init.
// Refused with a UserError at the site: collisions that are not over grid indices — a T.Parallel index that does
// not own the destination (several lanes on one element: a histogram, a reduction into one element), a destination
// index read from a buffer (data-dependent) — naming the tile lock they would need; return_prev=True; an atomic
// outside a T.Parallel nest; sites on B with different ops; B also read or written otherwise in the kernel; B of a
// dtype other than float32/bfloat16/float16/int32.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc lower_tt_atomics(const PrimFunc& f);
bool has_atomics(const PrimFunc& f);  // whether f has an Atomic node (the pipeline runs the pass only then)

}  // namespace tl::tt
