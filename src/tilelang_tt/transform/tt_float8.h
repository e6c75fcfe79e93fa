// Float8 by conversion (the first step of tensorize_tt).
//
// Wormhole has no IEEE float8 tile format, but every float8_e4m3 (fn: 1-4-3, bias 7, max 448, no infinities) and
// float8_e5m2 (1-5-2, bias 15, max 57344) value is a normal bfloat16 (at most 3 mantissa bits, exponents 2^-16 …
// 2^15 inside bfloat16's 2^-126 … 2^127). So float8 data lives on the device in Float16_b tiles holding exactly
// float8 values (tt_format), the host converts float8 tensors to and from bfloat16 exactly when it tilizes them,
// and every place a value becomes float8 rounds it on the device, in an fp32 DST, as the interpreter does
// (support/numeric.h: nearest, ties to even; saturating at ±max, ±inf included; NaN stays NaN):
//
//   a = min(max(x, -max), max)                               saturation (a NaN x stays NaN)
//   |a| <  2^emin: (a + 1.5·2^(emin-m+23)) - 1.5·2^(...)     subnormals: the add rounds to multiples of 2^(emin-m)
//   |a| >= 2^emin: g = a·(2^(23-m)+1); g + (a - g)           normals: Veltkamp's split keeps the top m+1 bits
//
// (m = 3 or 2 mantissa bits, emin = -6 or -14). With fp32 operations that round to nearest even, both halves are
// that rounding of a to the format (Veltkamp's split is the round-to-nearest-even of a; checked exhaustively
// over a binade by tests/python/tt/test_tt_fp8.py against ml_dtypes). A value rounding to zero gives +0.
//
// Input: a PrimFunc as tensorize_tt takes it. Output: the same, with
//   * every Cast to a float8 dtype from another dtype, and every float8 arithmetic result (binary ops, calls),
//     wrapped as Cast(f8, round(Cast(float32, x))) with the expression above (constants rounded here); inside
//     a T.Parallel nest a computed x (not a load or constant) is first stored into a new per-element fragment
//     (indexed by the nest's variables; x's dtype, float32 for float8 arithmetic) and the rounding reads that,
//     so the rounding, which uses its operand five times, does not repeat x's tree;
//   * every T.copy into a float8 buffer or tensor from another dtype replaced by a T.Parallel nest storing the
//     rounded values (through a new float8 fragment when the destination is a global tensor, through a new
//     fragment of the source's dtype when the source is one), the new fragments added to the Kernel's allocs;
//   * tt.fp32_acc = "1" on each Kernel that rounds (the split needs fp32 DST arithmetic).
// T.gemm and reductions into float8 buffers are user errors (accumulate in float32 and copy).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc lower_tt_float8(const PrimFunc& f);

// x (float32) rounded to float8 dtype t, as a float32 expression (above).
Expr round_to_float8(DType t, const Expr& x);

}  // namespace tl::tt
