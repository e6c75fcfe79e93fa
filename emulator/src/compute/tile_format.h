// Tile formats: L1 bytes of one 32x32 tile <-> 1024 floats in row-major order (element [r][c] at r*32+c).
// Contract:
//  * L1 tiles are in the hardware's face layout: four 16x16 faces, face0 top-left, face1 top-right, face2
//    bottom-left, face3 bottom-right, each row-major and contiguous.
//  * Formats use tt::DataFormat numbering (Float32=0, Float16=1, Bfp8_b=6, Float16_b=5, Int32=8, UInt16=9,
//    UInt32=24, UInt8=30, Int8=14). tile_bytes() gives the tile's size in L1.
//  * pack rounds to nearest, ties to even (RNE): fp32->bf16, fp32->fp16, and Bfp8_b mantissas. Bfp8_b shares
//    one exponent per face row (16 values, the row's largest fp32 exponent); 64 exponent bytes come first,
//    then 1024 sign+7-bit mantissas with an explicit leading one; a mantissa that rounds up past 127
//    saturates at 127; zeros, denormals and values shifted out entirely become 0.
//  * Integer formats are carried in the float array as raw 32-bit patterns (bit-cast), not converted:
//    Int32/UInt32 copy the bits, UInt16/UInt8 zero-extend, Int8 sign-extends into an int32 pattern.
//    typecast_tile converts between integer patterns and float values.
//  * unpack of an unsupported format throws std::invalid_argument (an internal error: the runtime checks CB
//    formats when CBs are created).
#pragma once

#include <cstdint>
#include <cstring>

namespace emu::compute {

enum class DataFormat : uint32_t {
  Float32 = 0,
  Float16 = 1,
  Bfp8 = 2,
  Bfp4 = 3,
  Tf32 = 4,
  Float16_b = 5,
  Bfp8_b = 6,
  Bfp4_b = 7,
  Int32 = 8,
  UInt16 = 9,
  Bfp2 = 11,
  Int8 = 14,
  Bfp2_b = 15,
  UInt32 = 24,
  UInt8 = 30,
};

constexpr int kTileHW = 1024;

// Bytes of one 32x32 tile in L1; 0 for formats the emulator does not support.
uint32_t tile_bytes(DataFormat f);
bool is_supported(DataFormat f);
bool is_integer(DataFormat f);
const char* format_name(DataFormat f);

// L1 tile (face layout) -> row-major values.
void unpack_tile(DataFormat f, const uint8_t* src, float* dst);
// Row-major values -> L1 tile (face layout), RNE.
void pack_tile(DataFormat f, const float* src, uint8_t* dst);

// Index in face layout of row-major element (r, c).
inline int face_index(int r, int c) { return ((r >> 4) << 9) + ((c >> 4) << 8) + ((r & 15) << 4) + (c & 15); }

inline uint32_t float_bits(float v) {
  uint32_t b;
  std::memcpy(&b, &v, 4);
  return b;
}
inline float bits_float(uint32_t b) {
  float v;
  std::memcpy(&v, &b, 4);
  return v;
}

// fp32 -> bf16 bits, RNE; NaN stays a quiet NaN with its sign.
inline uint16_t bf16_bits(float v) {
  uint32_t b = float_bits(v);
  if ((b & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((b >> 16) | 0x0040u);
  b += 0x7fffu + ((b >> 16) & 1u);
  return static_cast<uint16_t>(b >> 16);
}
inline float bf16_float(uint16_t h) { return bits_float(static_cast<uint32_t>(h) << 16); }
inline float round_bf16(float v) { return bf16_float(bf16_bits(v)); }
// Keep the top `mantissa_bits` of fp32's 23 (truncation toward zero), e.g. 10 for TF32, 7 for bf16.
inline float truncate_mantissa(float v, int mantissa_bits) {
  uint32_t mask = ~((1u << (23 - mantissa_bits)) - 1u);
  return bits_float(float_bits(v) & mask);
}

// IEEE binary16 conversions (RNE, overflow to inf, subnormals kept).
uint16_t fp16_bits(float v);
float fp16_float(uint16_t h);

// Round every element of a row-major tile to bf16 (in place).
void round_tile_bf16(float* t, int n = kTileHW);

}  // namespace emu::compute
