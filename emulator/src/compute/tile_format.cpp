// Tile format conversions (see tile_format.h). bf16 and fp32 are the hot paths (every matmul operand goes
// through them), so they are plain loops the compiler vectorises; the other formats favour clarity.
#include "tile_format.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "simd.h"

namespace emu::compute {

uint32_t tile_bytes(DataFormat f) {
  switch (f) {
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32: return 4096;
    case DataFormat::Float16:
    case DataFormat::Float16_b:
    case DataFormat::UInt16: return 2048;
    case DataFormat::Bfp8_b: return 1088;
    case DataFormat::UInt8:
    case DataFormat::Int8: return 1024;
    default: return 0;
  }
}

bool is_supported(DataFormat f) { return tile_bytes(f) != 0; }

bool is_integer(DataFormat f) {
  return f == DataFormat::Int32 || f == DataFormat::UInt32 || f == DataFormat::UInt16 || f == DataFormat::UInt8 ||
         f == DataFormat::Int8;
}

const char* format_name(DataFormat f) {
  switch (f) {
    case DataFormat::Float32: return "Float32";
    case DataFormat::Float16: return "Float16";
    case DataFormat::Bfp8: return "Bfp8";
    case DataFormat::Bfp4: return "Bfp4";
    case DataFormat::Tf32: return "Tf32";
    case DataFormat::Float16_b: return "Float16_b";
    case DataFormat::Bfp8_b: return "Bfp8_b";
    case DataFormat::Bfp4_b: return "Bfp4_b";
    case DataFormat::Int32: return "Int32";
    case DataFormat::UInt16: return "UInt16";
    case DataFormat::Bfp2: return "Bfp2";
    case DataFormat::Int8: return "Int8";
    case DataFormat::Bfp2_b: return "Bfp2_b";
    case DataFormat::UInt32: return "UInt32";
    case DataFormat::UInt8: return "UInt8";
  }
  return "unknown";
}

uint16_t fp16_bits(float v) {
  uint32_t b = float_bits(v);
  uint16_t sign = static_cast<uint16_t>((b >> 16) & 0x8000u);
  uint32_t a = b & 0x7fffffffu;
  if (a > 0x7f800000u) return sign | 0x7e00u | static_cast<uint16_t>((a >> 13) & 0x3ffu);  // NaN
  if (a >= 0x477ff000u) return sign | 0x7c00u;                                             // rounds to >= 65520: inf
  if (a < 0x38800000u) {               // below 2^-14: fp16 subnormal (or zero)
    if (a < 0x33000000u) return sign;  // below half the smallest subnormal (ties to even 0)
    uint32_t m = (a & 0x7fffffu) | 0x800000u;
    const int shift = 126 - static_cast<int>(a >> 23);  // value = m * 2^(e-150); q = value / 2^-24
    uint32_t q = m >> shift, rem = m & ((1u << shift) - 1u), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (q & 1u))) ++q;
    return sign | static_cast<uint16_t>(q);
  }
  uint32_t r = a - 0x38000000u;  // rebias exponent 127 -> 15
  r += 0xfffu + ((r >> 13) & 1u);
  return sign | static_cast<uint16_t>(r >> 13);
}

float fp16_float(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 0x1f) return bits_float(sign | 0x7f800000u | (m << 13));
  if (e == 0) return (sign ? -1.0f : 1.0f) * std::ldexp(static_cast<float>(m), -24);
  return bits_float(sign | ((e + 112u) << 23) | (m << 13));
}

EMU_MULTIVERSION
void round_tile_bf16(float* t, int n) {
  for (int i = 0; i < n; ++i) {
    uint32_t b = float_bits(t[i]);
    uint32_t r = (b + 0x7fffu + ((b >> 16) & 1u)) & 0xffff0000u;
    t[i] = bits_float(((b & 0x7fffffffu) > 0x7f800000u) ? (b | 0x00400000u) & 0xffff0000u : r);
  }
}

namespace {

EMU_MULTIVERSION
void unpack_bf16(const uint8_t* src, float* dst) {
  const uint16_t* s = reinterpret_cast<const uint16_t*>(src);
  for (int f = 0; f < 4; ++f) {
    const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
    for (int r = 0; r < 16; ++r) {
      const uint16_t* in = s + f * 256 + r * 16;
      float* out = dst + (r0 + r) * 32 + c0;
      for (int c = 0; c < 16; ++c) out[c] = bits_float(static_cast<uint32_t>(in[c]) << 16);
    }
  }
}

EMU_MULTIVERSION
void pack_bf16(const float* src, uint8_t* dst) {
  uint16_t* d = reinterpret_cast<uint16_t*>(dst);
  for (int f = 0; f < 4; ++f) {
    const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
    for (int r = 0; r < 16; ++r) {
      const float* in = src + (r0 + r) * 32 + c0;
      uint16_t* out = d + f * 256 + r * 16;
      for (int c = 0; c < 16; ++c) {
        uint32_t b = float_bits(in[c]);
        uint32_t rb = (b + 0x7fffu + ((b >> 16) & 1u)) >> 16;
        uint32_t nb = (b >> 16) | 0x40u;
        out[c] = static_cast<uint16_t>(((b & 0x7fffffffu) > 0x7f800000u) ? nb : rb);
      }
    }
  }
}

// 32-bit elements: a pure reordering between face layout and row-major.
void unpack_b32(const uint8_t* src, float* dst) {
  const float* s = reinterpret_cast<const float*>(src);
  for (int f = 0; f < 4; ++f) {
    const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
    for (int r = 0; r < 16; ++r) std::memcpy(dst + (r0 + r) * 32 + c0, s + f * 256 + r * 16, 64);
  }
}

void pack_b32(const float* src, uint8_t* dst) {
  float* d = reinterpret_cast<float*>(dst);
  for (int f = 0; f < 4; ++f) {
    const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
    for (int r = 0; r < 16; ++r) std::memcpy(d + f * 256 + r * 16, src + (r0 + r) * 32 + c0, 64);
  }
}

// One face row of Bfp8_b: shared exponent = largest biased exponent of the 16 values.
void pack_bfp8_row(const float* in, uint8_t* exp_out, uint8_t* mant_out) {
  uint32_t shared = 0;
  for (int c = 0; c < 16; ++c) {
    uint32_t e = (float_bits(in[c]) >> 23) & 0xffu;
    if (e > shared) shared = e;
  }
  *exp_out = static_cast<uint8_t>(shared);
  for (int c = 0; c < 16; ++c) {
    uint32_t b = float_bits(in[c]);
    uint32_t e = (b >> 23) & 0xffu;
    uint32_t m7 = 0;
    if (e != 0) {                                // zeros and denormals become 0
      uint64_t m = (b & 0x7fffffu) | 0x800000u;  // 24 bits with the leading one
      uint32_t s = 17 + (shared - e);            // keep 7 bits: 1 + 6 fraction bits
      if (s < 40) {
        uint64_t q = m >> s, rem = m & ((uint64_t{1} << s) - 1), half = uint64_t{1} << (s - 1);
        if (rem > half || (rem == half && (q & 1))) ++q;
        m7 = q > 127 ? 127 : static_cast<uint32_t>(q);  // saturate; the exponent is not recomputed
      }
    }
    mant_out[c] = m7 == 0 ? 0 : static_cast<uint8_t>(((b >> 24) & 0x80u) | m7);
  }
}

void pack_bfp8(const float* src, uint8_t* dst) {
  for (int f = 0; f < 4; ++f) {
    const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
    for (int r = 0; r < 16; ++r) pack_bfp8_row(src + (r0 + r) * 32 + c0, dst + f * 16 + r, dst + 64 + f * 256 + r * 16);
  }
}

void unpack_bfp8(const uint8_t* src, float* dst) {
  for (int f = 0; f < 4; ++f) {
    const int r0 = (f >> 1) * 16, c0 = (f & 1) * 16;
    for (int r = 0; r < 16; ++r) {
      int e = src[f * 16 + r];
      float scale = e > 6 ? bits_float(static_cast<uint32_t>(e - 6) << 23) : std::ldexp(1.0f, e - 133);
      const uint8_t* in = src + 64 + f * 256 + r * 16;
      float* out = dst + (r0 + r) * 32 + c0;
      for (int c = 0; c < 16; ++c) {
        float v = static_cast<float>(in[c] & 0x7f) * scale;
        out[c] = (in[c] & 0x80) ? -v : v;
      }
    }
  }
}

[[noreturn]] void unsupported(DataFormat f, const char* what) {
  throw std::invalid_argument(std::string(what) + ": unsupported data format " + format_name(f) + " (" +
                              std::to_string(static_cast<uint32_t>(f)) + ")");
}

}  // namespace

void unpack_tile(DataFormat f, const uint8_t* src, float* dst) {
  switch (f) {
    case DataFormat::Float16_b: return unpack_bf16(src, dst);
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32: return unpack_b32(src, dst);
    case DataFormat::Bfp8_b: return unpack_bfp8(src, dst);
    default: break;
  }
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) {
      const int i = face_index(r, c);
      float& out = dst[r * 32 + c];
      switch (f) {
        case DataFormat::Float16: {
          uint16_t h;
          std::memcpy(&h, src + 2 * i, 2);
          out = fp16_float(h);
          break;
        }
        case DataFormat::UInt16: {
          uint16_t h;
          std::memcpy(&h, src + 2 * i, 2);
          out = bits_float(h);
          break;
        }
        case DataFormat::UInt8: out = bits_float(src[i]); break;
        case DataFormat::Int8:
          out = bits_float(static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(src[i]))));
          break;
        default: unsupported(f, "unpack_tile");
      }
    }
}

void pack_tile(DataFormat f, const float* src, uint8_t* dst) {
  switch (f) {
    case DataFormat::Float16_b: return pack_bf16(src, dst);
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32: return pack_b32(src, dst);
    case DataFormat::Bfp8_b: return pack_bfp8(src, dst);
    default: break;
  }
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) {
      const int i = face_index(r, c);
      const float v = src[r * 32 + c];
      switch (f) {
        case DataFormat::Float16: {
          uint16_t h = fp16_bits(v);
          std::memcpy(dst + 2 * i, &h, 2);
          break;
        }
        case DataFormat::UInt16: {
          uint16_t h = static_cast<uint16_t>(float_bits(v));
          std::memcpy(dst + 2 * i, &h, 2);
          break;
        }
        case DataFormat::UInt8:
        case DataFormat::Int8: dst[i] = static_cast<uint8_t>(float_bits(v)); break;
        default: unsupported(f, "pack_tile");
      }
    }
}

}  // namespace emu::compute
