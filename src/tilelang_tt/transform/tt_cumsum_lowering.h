// T.cumsum on the Tenstorrent target: a prefix sum is a product with a triangular matrix of ones, so it runs on
// the matrix engine (part of tensorize_tt).
//
// Input: a CumSumNode inside a Kernel: whole 2-D shared/fragment source and destination blocks of the same
//   R×C tiles (or padded into them: tt_padded_blocks.h) (float dtypes; the same buffer for an in-place cumsum), dim 0 or 1, reverse or not.
// Output (lower_cumsum): tile ops that push the prefix sums into the destination's CB:
//   * the triangle T, K×K tiles of 0/1 (K = C for dim 1, R for dim 0), bf16, made on the device from the
//     reader's index tiles (tt.iota) by one tt.eltwise: T[r, c] = (r <= c) for a forward dim-1 sum and a
//     reverse dim-0 one, (r >= c) for the other two. Then Y = X·T (dim 1: Y[i, j] = Σ_{k ≤ j} X[i, k]) or
//     Y = T·X (dim 0). The K×K block covers every tile of a row (column): the running sum is carried
//     across tiles by the off-diagonal all-ones tiles of T, with no separate carry.
//   * the source split into pieces the multiplier takes exactly: it keeps 9 mantissa bits of an operand
//     (docs/emulator-compute.md §5), a bfloat16 value has 8 significant bits, so X = P1 + … + Pn with each Pk
//     bfloat16: Pk = bf16(X − P1 − … − Pk−1) (the packer rounds to nearest even, the remainders are exact fp32
//     SFPU subtractions), n = 1 for bfloat16, 2 for float16 (11 bits), 3 for float32 (24 bits). Each product
//     with 0/1 is then exact and the only error is the fp32 accumulation in DST / the packer's L1
//     accumulation (tt.matmul with clear=0 for the pieces after the first), like a sequential fp32 sum's.
//   * the float32 sum copied into the destination's CB (rounded to its format there).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct CumSumPlan {
  int64_t rows = 0, cols = 0;  // block extent in tiles
  int dim = 1;
  bool reverse = false;
  int pieces = 1;              // bf16 pieces of the source (see above)
  int64_t valid = 0;           // a padded dimension dim's element count (0: whole tiles); tensorize_tt zeroes the
                               // pad along dim before the sum (tt_padded_blocks.h)
};

// The checks (a located UserError naming T.cumsum for what is not lowered) and the plan.
CumSumPlan plan_cumsum(const CumSumNode& n);

// A new CB of `format` for `tiles` tiles: filled by the reader (from_reader) or by compute; returns its index.
using FreshCb = std::function<uint32_t(const std::string& format, uint32_t tiles, bool from_reader)>;

// The tile ops of the cumsum of CB src (source format src_format) into CB dst (see above).
std::vector<Stmt> lower_cumsum(const CumSumPlan& p, uint32_t src, const std::string& src_format, uint32_t dst,
                               const FreshCb& fresh, const Span& sp);

}  // namespace tl::tt
