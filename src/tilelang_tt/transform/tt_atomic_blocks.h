// The blocks of lower_tt_atomics' combine and init kernels (lower_tt_atomics.h): the grid over a destination B's
// tiles and its workspace of partials, and the fold of one block into another.
#pragma once

#include <cstdint>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The combine and init kernels: blocks of up to 64×64 of B's tiled dimensions — r, the one the T.Parallel nest's rows
// run along, and the last (a 1-D B: blocks of up to 64 of its elements) — with grid coordinates cx (over the last),
// cy (over r) and cz over the rest: B's other dimensions (rank ≥ 3: one value each, the slices of its tiles) and,
// for the init, the workspace slices (slowest). The workspace has B's shape but along dimension 0, where it stacks
// its slices W0 apart: the rows the sites update (B's and any past its end), whole tiles when dimension 0 is r.
struct BlockGrid {
  size_t rank, r;
  int64_t M, N, W0, bm, bn;
  std::vector<int64_t> rest;  // extents of the dimensions cz runs over, fastest last: B's others, then the slices
  std::vector<size_t> rest_dim;  // B's dimension of each (rank for the slices)
  std::vector<Expr> grid;
  std::vector<VarRef> vars;  // [cx,] cy[, cz]
  std::vector<Expr> block() const {
    return rank >= 2 ? std::vector<Expr>{make_int(bm), make_int(bn)} : std::vector<Expr>{make_int(bm)};
  }
  // The index of dimension d (B's, or rank: the slice) within cz.
  Expr rest_index(size_t d) const;
};


// The grid of blocks over B (rank ≥ 1, constant shape) whose nest's rows run along dimension r: blocks of one
// workspace slice, or (slices > 1, the init) of every slice; rows0 = the extent the sites reach along dimension 0.
// Blocks shrink (to 32) while that puts more of `cores` to work.
BlockGrid block_grid(const Buffer& B, size_t r, int64_t slices, int64_t rows0, int64_t cores);

// The block (cx, cy[, cz]) of B, or of slice `slice` of its workspace.
BufferRegion block_region(const Buffer& buf, const BlockGrid& g, const Expr& slice);

// op(a, b) for an atomic's op: a + b, max or min.
Expr fold(AtomicOp op, Expr a, Expr b);

// for i, j in T.Parallel(bm, bn): acc[i, j] = op(acc[i, j], part[i, j])  (for i in T.Parallel(bm) for a 1-D block)
Stmt fold_blocks(AtomicOp op, const Buffer& acc, const Buffer& part, const Span& sp);

}  // namespace tl::tt
