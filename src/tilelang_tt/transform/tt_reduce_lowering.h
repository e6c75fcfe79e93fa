// T.reduce_* on the Tenstorrent target: the checks and the shape of the tt.reduce op that tensorize_tt emits.
//
// Input: a ReduceNode inside a Kernel. Supported: a whole 2-D shared/fragment source of R×C tiles, or padded into
//   the tiles that cover it (tt_padded_blocks.h) (float
//   dtypes, or int32 into int32: tt_int_reduce.h) reduced along dim 1 (each row → a 1-D column-vector destination of R tiles, value in column 0:
//   reduce_tile<REDUCE_ROW>) or dim 0 (each column → a row vector of C tiles, value in row 0: REDUCE_COL).
//   A whole 1-D source of N = 32·T elements (a vector: its values in column 0 or row 0 of T tiles) into a 1-element
//   destination (to_scalar): the caller reduces the T tiles along the vector's orientation (column vectors as T×1
//   tiles with REDUCE_COL, row vectors as 1×T with REDUCE_ROW), so the value lands at [0, 0] of one tile — a
//   scalar tile, which element-wise code reads broadcast (tt.scalar_tile leaves: BroadcastType::SCALAR).
//   Rank 3 and more: a UserError.
// Output: the op's kind and tile extents; abssum/absmax reduce |x| and min reduces -x with MAX (then negates),
//   so those first stage the source through an element-wise tile op (`pre`; for int32 min: ~x = -1 - x).
//   tt.reduce(src, dst, kind, dim, R, C, clear, scaler[, src2, ...])
//                                    compute: dst = (clear ? id : dst) ⊕ reduce(src, dim) [⊕ reduce(src2, dim) ...]
//     kind: 0 sum, 1 max, 2 min (src holds -x); scaler: a CB holding one tile of 1.0 (bf16); more sources of the
//     same shape are reduced into the same DST (tensorize_tt's fp32_exact parts).
#pragma once

#include <functional>
#include <string>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

enum class TTReduce { Sum = 0, Max = 1, Min = 2 };

struct ReduceLowering {
  TTReduce kind = TTReduce::Sum;
  int64_t rows = 0, cols = 0;                 // source extent in tiles
  std::function<Expr(const Expr&)> pre;       // element-wise op applied to the source first, or empty
  bool to_scalar = false;                     // a 1-D source into 1 element (rows: its tiles, cols 1)
  int64_t valid = 0;                          // a padded reduced dimension's element count (0: whole tiles);
                                              // its pad is set to the identity (0 for sums, -inf for max) first
};

ReduceLowering plan_reduce(const ReduceNode& n, const std::string& opname);

}  // namespace tl::tt
