// SFPU numerics: per-element functions on DST tiles, computed in fp32 (the SFPU's precision) with the C++
// math library. The hardware's approximate modes are accepted but computed accurately (documented in
// docs/emulator-compute.md). Contract:
//  * sfpu_unary/sfpu_binary apply to the faces selected by vector_mode (VectorMode: R=1 -> faces 0,1 (top
//    half), C=2 -> faces 0,2 (left half), RC=4 (and anything else) -> all), then round the written elements
//    to bf16 (RNE) if dst_bf16.
//  * Scalar parameters are already decoded to float by the caller (the API passes fp32 bit patterns).
//  * typecast converts between DST representations: float values and raw integer patterns (tile_format.h).
#pragma once

#include <cstdint>

#include "emu/compute_calls.h"

namespace emu::compute {

float sfpu_unary_value(SfpuUnary op, float x, float p0, float p1, float p2);
float sfpu_binary_value(SfpuBinary op, float a, float b);

void sfpu_unary(SfpuUnary op, float* tile, float p0, float p1, float p2, int vector_mode, bool dst_bf16);
void sfpu_binary(SfpuBinary op, const float* a, const float* b, float* out, int vector_mode, bool dst_bf16);

// int32 operations on tiles of two's-complement int32 patterns (the SDK's add_int32_tile / add_int_tile<Int32>, ...):
// + - * wrap modulo 2^32 (the low 32 bits of the product), max/min and comparisons are signed, comparisons write
// the int32 1 or 0. The unary forms compare with zero or fill every element with `param`'s bits.
void sfpu_int32(SfpuInt32 op, const float* a, const float* b, float* out);
void sfpu_int32_unary(SfpuInt32Unary op, float* tile, uint32_t param);

// Convert a DST tile from the representation of format `in` to that of `out` (DataFormat numbers).
// Float32 -> Int32 truncates toward zero as the SDK's LLK does (|x| >= 2^31, inf and NaN give INT_MIN); other
// float -> int conversions round to nearest even and saturate (NaN becomes 0). Writes float results rounded to bf16
// when `out` is Float16_b or dst_bf16.
void typecast_tile(uint32_t in, uint32_t out, float* tile, bool dst_bf16);

// Whether element (r, c) is processed under vector_mode.
inline bool in_vector_mode(int vector_mode, int r, int c) {
  if (vector_mode == 1) return r < 16;
  if (vector_mode == 2) return c < 16;
  return true;
}

}  // namespace emu::compute
