// lower_tt_atomics: gives every atomic (T.atomic_add / atomic_max / atomic_min) a strategy that TT-Metalium, which has
// no floating-point read-modify-write on DRAM, can run, and states it in the IR (kernel attrs tt.atomic.<buffer>).
//
// Input: a PrimFunc as the front end built it (check_tt_supported passed), with constant grids and shapes.
// Output: the same function without Atomic nodes. Per T.Kernel and per buffer B it updates atomically, where "x owns
// the destination" means: some dimension of the destination
// index is affine, c·x + rest, with the other indices that vary with x spanning less than |c| (by*bM + i, 0 <= i < bM),
// or x takes one value, or x // c and x % c both own it (a flattened index: i_b = i_bh // H, i_h = i_bh % H):
//  * owner — every grid index owns it (or B is the block's own buffer): each element has one writer block, and the
//    site becomes its read-modify-write B[idx] = op(B[idx], value).
//  * partials — the grid indices z1..zk that do not own it collide (split-K's bz). A workspace B_partials of B's shape
//    (float32 for a float B, int32 for int32), appended to the function's workspaces, stacks one slice per value of
//    (z1..zk) along dimension 0, W0 apart (flat index z = z1 + ext1·(z2 + …); W0 = the extent the site's dimension-0
//    index reaches, B's and any past its end, rounded up to whole tiles when the nest's rows run along it); the site
//    stores its value (before its rounding to B's dtype) at index 0 z·W0 + its own, the rest unchanged.
//    A combine T.Kernel inserted after the kernel (blocks of 64×64 or smaller of the two dimensions the site's nest
//    spans, the last and its rows', one grid coordinate over each value of B's other dimensions) folds the
//    slices into B in a fixed order, B = op(…op(op(B, P[0]), P[1])…, P[S-1]), in the workspace's dtype, rounding
//    once to B's: results are deterministic. The workspace starts zeroed (atomic_add's identity, by the host); for atomic_max/min an init
//    T.Kernel before the kernel fills it with -inf / +inf (INT32_MIN / INT32_MAX).
//    Attrs: tt.atomic.<B> on the kernel (the strategy), tt.atomic_combine / tt.atomic_init on the added kernels.
//  * lock — a global B that one block updates more than once (a serial loop whose index does not own the
//    destination, several sites on B), or every global B when `strategy` is "lock": each site becomes the
//    read-modify-write B[idx] = op(B[idx], value), the grid indices that do not own B's sites are folded into serial
//    loops around the kernel's body (the colliding blocks run in turn in one block), and the kernel attr
//    tt.atomic_lock lists B (comma-separated) for order_tt_locks, which orders each read of B after the writes
//    before it. One element thus has all its updates in one block, in program order.
// `strategy` (pass config tt.atomic_strategy): "auto" as above, "partials" never locks (a block updating an element
// twice is then a UserError at the site), "lock" locks every colliding global B.
// Refused with a UserError at the site: collisions inside a nest — a T.Parallel index that does not own the
// destination (several lanes on one element: a reduction into a vector), a destination index read from a buffer (a
// histogram) — naming the tile lock they would need; return_prev=True; an atomic outside a T.Parallel nest; B also
// read or written otherwise in the kernel; B of a dtype other than float32, bfloat16, float16 or int32.
#pragma once

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

PrimFunc lower_tt_atomics(const PrimFunc& f, const DeviceParams& dev, const std::string& strategy = "auto");
bool has_atomics(const PrimFunc& f);  // whether f has an Atomic node (the pipeline runs the pass only then)

}  // namespace tl::tt
