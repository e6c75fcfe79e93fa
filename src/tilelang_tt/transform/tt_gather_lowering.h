// Row gathers on the Tenstorrent target (used by tensorize_tt): how the im2col block of a convolution is read,
// whether written as T.im2col (tt_im2col_lowering.h makes the gather from its definition) or as upstream's
// T.Parallel form
//
//   for i, j in T.Parallel(M, K):                       # lets allowed in between
//       col[i, j] = T.if_then_else(cond, img[e_0, …, e_last], 0)     # or without the if_then_else
//
// with col a local M×K block and img a global tensor of rank ≥ 3 (or any rank under T.if_then_else).
//
// The tensor is stored as sticks: one DRAM page per index of its leading dims holding its last dim (C elements)
// row-major (func attr tt.sticks.<param> = "rows,C"; the host writes it without tilizing). That is the vendor's
// layout for convolution activations: reading whole 32×32 tiles of a tilized image instead would move 32 rows
// for every row used. The reader copies runs of R elements: for each row i and each j0 = 0, R, 2R, …, the run
// col[i, j0 : j0+R] = img[e_0, …, e_last : e_last+R] evaluated at j = j0 — one NoC read from one page at a
// 32-byte aligned offset (R elements a multiple of 32 bytes, R dividing K and C) — when the analysis below proves
// that, for j in [j0, j0 + R), cond and e_0 … e_{last−1} do not change and e_last grows by one per j. R is the
// largest such run for which that holds (16 channels of 16-bit data: one kernel tap of a 16-channel image).
//
// The proof substitutes j = q·R + t (0 ≤ t < R) and classifies each expression as free of t, or (base + t) with
// base a known multiple of R: floor division and modulo of (base + t) by a multiple of R keep that form
// (floordiv drops t, floormod keeps it), sums and products of t-free terms are t-free; anything else fails.
//
// lower_row_gather emits, in place of the nest:
//   tt.reserve_rows(cb, pages)                         reader: cb_reserve_back; the CB's write pointer
//   for i in serial(0, M): for q in serial(0, K / R): let j = q·R: [the nest's lets]
//     tt.read_run(cb, tensor, i·K + j, R, element bytes, cond, rank, e_0 … e_last, d_0 … d_last)
//                                                      reader: the run (zeros when cond is false or the indices
//                                                      fall outside the dims d: out-of-bounds reads give 0)
//   tt.push_rows(cb, pages)                            reader: wait for the reads, push M·K/1024 pages
//   tt.tilize(cb, col's cb, M/32, K/32)                compute: per strip of 32 rows wait, tilize_block, push, pop
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct RowGather {
  Buffer src, dst;              // the global tensor, the local M×K block
  VarRef i, j;                  // the row and column of the block the expressions below use
  std::vector<std::pair<VarRef, Expr>> lets;  // bound in order around each run (the nest's own lets)
  Expr cond;                    // bool
  std::vector<Expr> idx;        // one per dim of src
  int64_t rows = 0, cols = 0, run = 0;
  Expr value;                   // a scatter's stored value when it is not an element of a block (dst is null then)
};

// nullopt when `nest` is not of the gather form (an element-wise nest); a UserError at the store when it is but
// the indices do not give runs of at least 32 contiguous elements.
std::optional<RowGather> match_gather(const Stmt& nest);

// The tt.sticks value of g's tensor: "rows,C".
std::string sticks_of(const RowGather& g);

// The reader ops above (without the tilize) for tensor parameter `tensor` into staging CB `cb`.
Stmt lower_row_gather(const RowGather& g, int tensor, uint32_t cb, const Span& sp);

// The mirror image, a row scatter: a nest storing a local M×K block into a 2-D global tensor at rows that do not
// start at a visible multiple of 32 (`aligned` says which starts are: tensorize_tt's lets), optionally under an
// `if cond:` (grouped GEMM's `if i < actual_rows: C[m_start + i, by * bN + j] = C_local[i, j]`), the value the
// block's element or its cast to the tensor's dtype. The tensor is stored as sticks too. In the RowGather, src is
// the tensor (written) and dst the block (read); idx the store's indices. lower_row_scatter emits the writer's ops:
//   tt.wait_rows(cb, pages)                            writer: cb_wait_front; the CB's read pointer
//   for i, q: tt.write_run(cb, tensor, i·K + j, R, element bytes, cond, rank, e_0 … e_last, d_0 … d_last)
//                                                      writer: the run, when cond holds and the indices are inside
//   tt.pop_rows(cb, pages)                             writer: wait for the writes, pop
// after compute's tt.untilize(staging CB of the block's tiles in the tensor's format, cb, M/32, K/32). A computed
// value (routed MoE's `output_local[i, j] * weights[m_start + i]`) comes back in `value`, with no block: tensorize_tt
// computes it into a block first. nullopt for other nests; a UserError when the rows do not give runs of 32.
std::optional<RowGather> match_scatter(const Stmt& nest, const std::function<bool(const Expr&)>& aligned);
Stmt lower_row_scatter(const RowGather& s, int tensor, uint32_t cb, const Span& sp);

}  // namespace tl::tt
