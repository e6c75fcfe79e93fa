// Exact reductions of float32 (and float16) data (part of tensorize_tt; pass config tt.fp32_exact).
//
// The FPU reads a float32 element with 9 mantissa bits, but a bfloat16 one exactly. Each element x is therefore
// taken in three bfloat16 parts on the SFPU (fp32 DST): p1 = bf16(x) (the packer rounds), p2 = bf16(x - p1),
// p3 = x - p1 - p2 (at most 8 significant bits are left: exact).
//   * sum: the three parts are reduce_tile'd into the same fp32 DST (one tt.reduce with p2, p3 as more sources):
//     every element enters exactly; the error is fp32 accumulation over 3n terms.
//   * max (and min as -max(-x), absmax of |x|): rounding is monotonic, so the maximum's p1 is m1 = max(p1); among
//     the elements whose p1 is m1, the maximum's next part is m2 = max(bf16(x - m1)) (others: -inf), and among
//     those whose second part is m2 too, m3 = max(x - m1 - m2). The maximum is m1 + m2 + m3, exactly (each
//     partial sum is a float32 value). Three reductions into bfloat16 vectors, three element-wise passes over
//     the block (with broadcasts of the bfloat16 vectors: exact), one over the vectors. An infinite maximum is m1
//     itself (x - m1 is NaN for x = m1 = ±inf: a row of -inf, a masked row); NaN inputs are not handled.
//   * broadcasts: a float32 vector that compute made (a reduction's result, a 1-D nest's) is broadcast in
//     element-wise code through the FPU's source registers (10 mantissa bits; vectors the reader fills are
//     broadcast in L1, exactly). exact_vector_broadcasts splits such a vector v before each tt.eltwise that
//     broadcasts it into its three bfloat16 parts (three tt.eltwise over its tiles) and reads v as
//     vec(p1) + vec(p2) + vec(p3): exact broadcasts, two fp32 adds (an infinite v: p2 = p3 = 0).
// Input: the reduction's plan (tt_reduce_lowering.h), its source and destination CBs; part_cb(k) gives the k-th
// part CB (bf16, the source's tiles; k < 3 for sums, k < 2 for max: its levels alternate between two) and vector_cb(k) the k-th bf16 vector CB (the destination's tiles): CBs a
// kernel may share between its exact reductions (each reads them before the next one writes them).
// Output: the tt.eltwise / tt.reduce ops, in order; the destination gets one new version, as a tt.reduce would.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "tilelang_tt/transform/tt_reduce_lowering.h"

namespace tl::tt {

struct ExactReduce {
  ReduceLowering plan;
  uint32_t src = 0, dst = 0, scaler = 0;
  int dim = 1;
  bool clear = true;
};

std::vector<Stmt> lower_exact_reduce(const ExactReduce& r, const std::function<uint32_t(int)>& part_cb,
                                     const std::function<uint32_t(int)>& vector_cb, const Span& sp);

// Every tt.eltwise of a tensorized kernel body with its broadcasts of compute-made float32 vectors made exact.
// split(cb) says whether vector CB cb needs it and gives its tiles (0: no); part_cb(tiles, k) gives the k-th
// bf16 part CB of the vector's size for the j-th vector of one op (k = 3j + part). With compares_only, only the
// broadcasts inside an operand of a comparison (==, <, ...: a rounded operand flips its result, not just nudges it).
Stmt exact_vector_broadcasts(const Stmt& body, const std::function<uint32_t(int64_t cb)>& split,
                             const std::function<uint32_t(uint32_t tiles, int k)>& part_cb, bool compares_only);

}  // namespace tl::tt
