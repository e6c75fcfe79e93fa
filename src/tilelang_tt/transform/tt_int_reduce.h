// Exact reductions of int32 data (part of tensorize_tt).
//
// reduce_tile works in the matrix engine, whose operands are floats of at most 19 bits, and the SFPU has no int32
// reduction across a tile's rows or columns. But a byte is exact in bfloat16, and a row of bytes sums exactly in
// an fp32 DST. Each int32 x is therefore taken as four base-256 digits, computed on the SFPU into bfloat16 part
// CBs: the top one signed, hi = floor(x / 2^24) in [-128, 127], the others the bytes of lo = x - hi * 2^24 in
// [0, 2^24), so x = d3 * 2^24 + d2 * 2^16 + d1 * 2^8 + d0 exactly.
//   hi: q = int(float(x) * 2^-24) truncates toward zero. float(x) rounds, but monotonically, and multiples of 2^24
//       are floats, so q is floor(x / 2^24) or one more; r = x - q * 2^24 (int32, modulo 2^32: exact, as the true
//       r lies in [-2^24, 2^24)) is negative exactly in the second case, which takes q - 1 and r + 2^24.
//   lo's bytes: float(lo) is exact below 2^24, and so are its truncated quotients by 2^16 and 2^8.
//   * sum (modulo 2^32, as numpy's int32): each digit tile is reduce_tile'd into an fp32 vector (at most 255 per
//     element: exact below 65793 elements per row or column), and the vectors are recombined on the SFPU in int32,
//     sum_k int(S_k) * 2^(8k), wrapping like int32 arithmetic.
//   * max: the order of int32 values is the lexicographic order of (d3, d2, d1, d0). v3 = max(d3); the elements
//     whose top digit is v3 keep their d2 (the others -1, below every byte), v2 is the maximum of that, and so on
//     down to v0: four masked reductions into bfloat16 vectors (small integers: exact, and so are their
//     broadcasts in the masks), then int(v3) * 2^24 + int(v2) * 2^16 + int(v1) * 2^8 + int(v0).
//   * min: max of ~x = -1 - x (order-reversing and without overflow, unlike -x at INT_MIN), then ~ again.
// Input: the reduction's plan (tt_reduce_lowering.h; its `pre` maps the int32 source tile first: complement for
// min, |x| for the abs forms), its source (Int32) and destination (Int32) CBs; part_cb(k), k = 0, 1, gives the
// k-th bfloat16 part CB (the source's tiles; the digits alternate between the two), vector_cb(k, fp32) the k-th vector CB (the destination's tiles; bfloat16, or
// Float32 for the sums), lo_cb a Float32 CB of the source's tiles for lo: CBs a kernel may share between its
// reductions (each reads them before the next writes).
// Output: the tt.eltwise / tt.reduce ops, in order; the destination gets one new version, as a tt.reduce would.
#pragma once

#include <functional>
#include <vector>

#include "tilelang_tt/transform/tt_fp32_exact.h"

namespace tl::tt {

std::vector<Stmt> lower_int_reduce(const ExactReduce& r, const std::function<uint32_t(int)>& part_cb,
                                   const std::function<uint32_t(int, bool)>& vector_cb, uint32_t lo_cb,
                                   const Span& sp);

}  // namespace tl::tt
