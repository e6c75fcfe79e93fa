// Conversions between float and the narrow float formats the tile IR knows, bit-exact:
//  * bfloat16 (1-8-7), float16 (IEEE binary16, 1-5-10), float8_e4m3 (the "fn" variant: 1-4-3, bias 7, no
//    infinities, max finite 448, S.1111.111 is NaN) and float8_e5m2 (1-5-2, bias 15, IEEE-like, max 57344).
//  * Narrowing rounds to nearest, ties to even. float16/bfloat16 overflow to ±inf. float8 saturates: any
//    value whose rounded magnitude exceeds the largest finite one, ±inf included, becomes ±max finite.
//  * NaN stays NaN (quiet; its sign is kept). Subnormals are supported in every format.
//  * Widening to float is exact.
// round_* functions narrow and widen again: the nearest representable value, as a float (or double).
#pragma once

#include <cstdint>

namespace tl {

uint16_t float_to_bf16_bits(float v);
float bf16_bits_to_float(uint16_t b);
uint16_t float_to_f16_bits(float v);
float f16_bits_to_float(uint16_t b);
uint8_t float_to_f8e4m3_bits(double v);
float f8e4m3_bits_to_float(uint8_t b);
uint8_t float_to_f8e5m2_bits(double v);
float f8e5m2_bits_to_float(uint8_t b);

// From double directly (no double rounding through float).
uint16_t double_to_bf16_bits(double v);
uint16_t double_to_f16_bits(double v);

// Integer division rounding toward -inf and its remainder (the sign of b): the tile IR's FloorDiv / FloorMod.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
inline int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

inline float round_bf16(float v) { return bf16_bits_to_float(float_to_bf16_bits(v)); }
inline float round_f16(float v) { return f16_bits_to_float(float_to_f16_bits(v)); }
inline float round_f8e4m3(float v) { return f8e4m3_bits_to_float(float_to_f8e4m3_bits(v)); }
inline float round_f8e5m2(float v) { return f8e5m2_bits_to_float(float_to_f8e5m2_bits(v)); }

}  // namespace tl
