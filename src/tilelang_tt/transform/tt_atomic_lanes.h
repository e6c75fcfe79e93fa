// Lanes of one T.Parallel nest that collide on an element of an atomic's destination (part of lower_tt_atomics): a
// column sum `for i, j in T.Parallel(M, N): T.atomic_add(s[j], X[i, j])`. A block's lanes are one block's work, so
// they are combined inside the block first — what a GPU's atomics to one address amount to — and the block then
// updates each element once, which the atomic strategies (owner, partials, lock) handle.
//
// Input: a T.Kernel. Rewritten: each perfect 2-D T.Parallel nest (both loops from 0 with constant extents) whose body
// is one T.atomic_add / atomic_max / atomic_min (no return_prev) of a float destination, where exactly one of the two
// nest indices occurs in the destination index. Output: that nest becomes
//   for i, j in T.Parallel(Ei, Ej): V[i, j] = float32(value)
//   T.reduce_sum / reduce_max / reduce_min(V, R, dim = the colliding index's, clear=True)
//   for k in T.Parallel(E): atomic(B[index with the other nest index replaced by k], R[k])
// with V (Ei × Ej) and R (E) float32 fragments added to the kernel's allocations (named after B by `unique`), and
// the kernel attr tt.atomic_lanes.<B> saying so. Other
// nests are left as they are (lower_tt_atomics refuses the lane collisions it cannot rewrite).
#pragma once

#include <functional>
#include <string>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

Stmt reduce_atomic_lanes(const KernelNode& n, const Stmt& s,
                         const std::function<std::string(const std::string&)>& unique);

}  // namespace tl::tt
