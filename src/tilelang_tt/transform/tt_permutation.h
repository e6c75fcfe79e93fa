// Index permutations in T.Parallel nests, for tensorize_tt: `for i, j in T.Parallel(R, C): B[j, i] = A[i, j]` (a
// block transpose, optionally with a cast) between two local 2-D buffers A (R×C) and B (C×R), both whole; or between
// a whole local R×C block L and a global tensor G read or stored at its last dimension's `c0 + i` and another
// dimension k's `k0 + j` (indices of other dimensions free of i and j): `L[i, j] = G[.., k0 + j, .., c0 + i]` or
// `G[.., k0 + j, .., c0 + i] = L[i, j]` (or with L's indices swapped, L[j, i] and the roles of i and j with them) —
// G's block of C rows (along k) × R columns transposed, as the grouping of
// one-row blocks that are columns of G's tiles writes (tt_block_grouping.h). Such a nest is a tt.transpose_tiles
// (transpose_wh per tile; with the global block's tile reads or writes); element-wise nests whose loads and store
// share one index order are tt_parallel_match's.
#pragma once

#include <optional>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct Transpose {
  Buffer src, dst;      // src R×C, dst C×R (local); a global src or dst: the local side is the R×C block
  int64_t rows, cols;   // R, C (elements) of src's block as the nest reads it
  BufferRegion global;  // the global side's region (C along k, R along the last; extent 1 elsewhere), or empty
};

// The transpose a nest is, or nullopt when its store and load use the same index order (or it is not a single
// permuted copy). A permuted copy of buffers that are not whole local 2-D blocks (or such a global block) is a
// UserError at the nest.
std::optional<Transpose> match_transpose(const Stmt& nest);

}  // namespace tl::tt
