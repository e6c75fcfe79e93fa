// Float8 by conversion, and float16 rounding (the first step of tensorize_tt).
//
// Wormhole has no IEEE float8 tile format, but every float8_e4m3 (fn: 1-4-3, bias 7, max 448, no infinities) and
// float8_e5m2 (1-5-2, bias 15, max 57344) value is a normal bfloat16 (at most 3 mantissa bits, exponents 2^-16 …
// 2^15 inside bfloat16's 2^-126 … 2^127). So float8 data lives on the device in Float16_b tiles holding exactly
// float8 values (tt_format), the host converts float8 tensors to and from bfloat16 exactly when it tilizes them,
// and every place a value becomes float8 rounds it on the device, in an fp32 DST, as the interpreter does
// (support/numeric.h: nearest, ties to even; saturating at ±max, ±inf included; NaN stays NaN):
//
//   a = min(max(x, -max), max)                               saturation (a NaN x stays NaN)
//   |a| <  2^emin: s = (a + 1.5·2^(emin-m+23)) - 1.5·2^(...) subnormals: the add rounds to multiples of 2^(emin-m);
//                  s == 0 ? a·0 : s                          a zero keeps a's sign (x + -x is +0)
//   |a| >= 2^emin: g = a·(2^(23-m)+1); g + (a - g)           normals: Veltkamp's split keeps the top m+1 bits
//
// (m = 3 or 2 mantissa bits, emin = -6 or -14). With fp32 operations that round to nearest even, both halves are
// that rounding of a to the format (Veltkamp's split is the round-to-nearest-even of a; checked exhaustively
// over a binade by tests/python/tt/test_tt_fp8.py against ml_dtypes). A value rounding to zero gives ±0 of its sign.
//
// Float16 intermediates are rounded too (a computed one through a float16 temporary tile, the packer's rounding,
// see the output contract; a load or constant by this split, m = 10, emin = -14), so that float16 code computes
// float16 values as the interpreter does (each op in double, rounded to float16; upstream's CUDA half
// arithmetic): float16 tiles are Float16 CBs in an fp32 DST, whose results would otherwise keep fp32's range and
// precision. Overflow gives ±inf, not saturation: a is clamped to ±65520 (the least magnitude that rounds to
// inf), which the split rounds to ±2^16, and the result is scaled by 2^112 and back (±2^16 overflows fp32 to
// ±inf; every float16 value is exact both ways). For +, -, *, / and sqrt, the fp32 result rounded again to
// float16 is the correctly rounded float16 result (fp32's 24 bits ≥ 2·11 + 2: double rounding is innocuous),
// so with IEEE fp32 SFPU arithmetic float16 chains equal the interpreter's bit for bit; exp, log, … are
// within an ulp of float16 of it.
// Not rounded, because the value is already one of its dtype: loads (float16 CBs hold float16 values),
// constants (rounded here), min/max, negation, selects and comparisons of such values, abs/floor/ceil/trunc/
// round of one, and casts to float16 from float8 and bool.
//
// Input: a PrimFunc as tensorize_tt takes it. Output: the same, with
//   * every Cast to a float8 dtype from another dtype, every Cast to float16 from a dtype it does not hold, and
//     every float8 or float16 arithmetic result (binary ops, calls, but for the exact ones above) wrapped as
//     Cast(t, round(Cast(float32, x))) with the expression above (constants rounded here); inside a T.Parallel
//     nest a computed x (not a load or constant) is first stored, clamped, into a new float32 per-element
//     fragment (indexed by the nest's variables) and the rounding reads that, so the rounding, which uses its
//     operand five times, does not repeat x's tree; a computed float16 x is instead stored into a new float16
//     fragment and read back: the packer rounds it (below), no SFPU operation;
//   * every T.copy into a float8 buffer or tensor from another dtype replaced by a T.Parallel nest storing the
//     rounded values (through a new float8 fragment when the destination is a global tensor, through a new
//     fragment of the source's dtype when the source is one), the new fragments added to the Kernel's allocs;
//   * every bfloat16 arithmetic result (the same ops) wrapped as Cast(bfloat16, Cast(float32, x)): a mark that
//     tensorize_tt's leaf substitution keeps (it drops other casts between floats) and the compute emitter turns
//     into a rounding to bfloat16 (typecast_tile) when the DST is fp32 (a bf16 DST rounds every result itself);
//     bfloat16 constants rounded here;
//   * tt.fp32_acc = "1" on each Kernel that rounds (the split needs fp32 DST arithmetic).
// Nor is (or marked) the value stored into a float16 or bfloat16 tile (shared, fragment or global; not a scalar,
// whose value stays in DST): a store's root (below selects, negations, min, max, which commute with rounding) is
// left to the packer, as is a T.copy into a float16 buffer: it rounds into the tile's CB (nearest even, inf, NaN
// and subnormals as IEEE; docs/emulator-compute.md), the same value.
// T.gemm and reductions into float8 buffers are user errors (accumulate in float32 and copy).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// mark_bf16: mark bfloat16 results (off under the tt.fp32_dest pass config, which asks for unrounded bf16
// intermediates in its fp32 DST).
PrimFunc lower_tt_float8(const PrimFunc& f, bool mark_bf16);

// x (float32) rounded to dtype t (a float8 dtype or float16), as a float32 expression (above): the rounding of
// the clamp of x.
Expr round_to_narrow_float(DType t, const Expr& x);
Expr clamp_for_rounding(DType t, const Expr& x);  // min(max(x, -max), max)
Expr round_clamped(DType t, const Expr& a);       // the rest, for a clamped a

}  // namespace tl::tt
