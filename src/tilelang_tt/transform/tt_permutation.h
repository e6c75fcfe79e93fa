// Index permutations in T.Parallel nests, for tensorize_tt: `for i, j in T.Parallel(R, C): B[j, i] = A[i, j]` (a
// block transpose, optionally with a cast) between two local 2-D buffers A (R×C) and B (C×R), both whole. Such a
// nest is a tt.transpose_tiles (transpose_wh per tile); element-wise nests whose loads and store share one index
// order are tt_parallel_match's.
#pragma once

#include <optional>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct Transpose {
  Buffer src, dst;      // src R×C, dst C×R
  int64_t rows, cols;   // R, C (elements)
};

// The transpose a nest is, or nullopt when its store and load use the same index order (or it is not a single
// permuted copy). A permuted copy of buffers that are not whole local 2-D blocks is a UserError at the nest.
std::optional<Transpose> match_transpose(const Stmt& nest);

}  // namespace tl::tt
