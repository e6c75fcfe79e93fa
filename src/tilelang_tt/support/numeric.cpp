// Narrow-float conversions. bfloat16 and float16 from float use bit arithmetic (they are on hot paths);
// everything else goes through one generic rounding routine on doubles, which is exact because every format
// here has far fewer mantissa and exponent bits than double.
#include "tilelang_tt/support/numeric.h"

#include <array>
#include <cmath>
#include <cstring>

namespace tl {

namespace {
uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// A binary float format with an implicit leading one: sign, `ebits` exponent bits, `mbits` mantissa bits.
struct Format {
  int ebits, mbits, bias;
  double max_finite;
  bool saturate;       // overflow (and inf) → ±max_finite; otherwise → ±inf
  uint32_t inf_bits;   // magnitude bits of +inf (unused when saturating)
  uint32_t nan_bits;   // magnitude bits of the canonical quiet NaN
};
constexpr Format kBF16{8, 7, 127, 0, false, 0x7f80, 0x7fc0};
constexpr Format kF16{5, 10, 15, 65504.0, false, 0x7c00, 0x7e00};
constexpr Format kE4M3{4, 3, 7, 448.0, true, 0, 0x7f};
constexpr Format kE5M2{5, 2, 15, 57344.0, true, 0x7c, 0x7e};

double bf16_max() { return std::ldexp(2.0 - std::ldexp(1.0, -7), 127); }

// Round |v| to the format (ties to even) and encode it.
uint32_t narrow(double v, const Format& f) {
  uint32_t sign = std::signbit(v) ? 1u << (f.ebits + f.mbits) : 0u;
  double max_finite = f.max_finite > 0 ? f.max_finite : bf16_max();
  if (std::isnan(v)) return sign | f.nan_bits;
  double a = std::fabs(v);
  if (a == 0) return sign;
  const int emin = 1 - f.bias;
  int e;
  std::frexp(a, &e);  // a = m * 2^e with m in [0.5, 1): floor(log2 a) = e - 1
  int exp = std::max(e - 1, emin);
  double quantum = std::ldexp(1.0, exp - f.mbits);
  double r = std::isinf(a) ? a : std::nearbyint(a / quantum) * quantum;
  if (r > max_finite) {
    if (!f.saturate) return sign | f.inf_bits;
    r = max_finite;
  }
  if (r < std::ldexp(1.0, emin)) {  // subnormal (or rounded to zero)
    auto mant = static_cast<uint32_t>(r / std::ldexp(1.0, emin - f.mbits));
    return sign | mant;
  }
  std::frexp(r, &e);
  int re = e - 1;
  auto mant = static_cast<uint32_t>(r / std::ldexp(1.0, re - f.mbits)) - (1u << f.mbits);
  return sign | (static_cast<uint32_t>(re + f.bias) << f.mbits) | mant;
}

float widen(uint32_t b, const Format& f, bool fn_nan) {
  uint32_t sign = (b >> (f.ebits + f.mbits)) & 1;
  uint32_t exp = (b >> f.mbits) & ((1u << f.ebits) - 1);
  uint32_t mant = b & ((1u << f.mbits) - 1);
  uint32_t emax_field = (1u << f.ebits) - 1;
  double v;
  if (fn_nan) {  // e4m3fn: only all-ones is NaN; the top exponent otherwise holds normal numbers
    if (exp == emax_field && mant == (1u << f.mbits) - 1) return sign ? -NAN : NAN;
  } else if (exp == emax_field) {
    if (mant != 0) return sign ? -NAN : NAN;
    return sign ? -INFINITY : INFINITY;
  }
  if (exp == 0)
    v = std::ldexp(static_cast<double>(mant), 1 - f.bias - f.mbits);
  else
    v = std::ldexp(1.0 + std::ldexp(static_cast<double>(mant), -f.mbits), static_cast<int>(exp) - f.bias);
  return static_cast<float>(sign ? -v : v);
}

template <bool kE4M3Table>
const std::array<float, 256>& f8_table() {
  static const std::array<float, 256> table = [] {
    std::array<float, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) t[i] = kE4M3Table ? widen(i, kE4M3, true) : widen(i, kE5M2, false);
    return t;
  }();
  return table;
}
}  // namespace

uint16_t float_to_bf16_bits(float v) {
  uint32_t u = bits_of(v);
  if ((u & 0x7fffffff) > 0x7f800000) return static_cast<uint16_t>((u >> 16) | 0x0040);  // NaN: keep, make quiet
  uint32_t lsb = (u >> 16) & 1;
  u += 0x7fff + lsb;  // round to nearest even; carries into the exponent (and to inf) as it should
  return static_cast<uint16_t>(u >> 16);
}

float bf16_bits_to_float(uint16_t b) { return float_of(static_cast<uint32_t>(b) << 16); }

uint16_t float_to_f16_bits(float v) {
  uint32_t u = bits_of(v);
  uint32_t sign = (u >> 16) & 0x8000;
  u &= 0x7fffffff;
  if (u >= 0x7f800000)  // inf or NaN
    return static_cast<uint16_t>(sign | (u > 0x7f800000 ? 0x7e00 | ((u >> 13) & 0x3ff) : 0x7c00));
  if (u >= 0x477ff000) return static_cast<uint16_t>(sign | 0x7c00);  // >= 65520 rounds to inf
  if (u < 0x38800000) {
    // Below the smallest normal half (2^-14): adding 0.5 puts the value where the float's ulp (2^-24)
    // equals the half subnormal step, so the FPU's own round-to-nearest-even does the rounding.
    float t = float_of(u) + 0.5f;
    return static_cast<uint16_t>(sign | (bits_of(t) - 0x3f000000));
  }
  uint32_t odd = (u >> 13) & 1;
  u += 0xc8000fff + odd;  // rebias the exponent (127 → 15) and round the 13 dropped bits to nearest even
  return static_cast<uint16_t>(sign | (u >> 13));
}

float f16_bits_to_float(uint16_t b) {
  uint32_t sign = static_cast<uint32_t>(b & 0x8000) << 16;
  uint32_t em = b & 0x7fff;
  if (em >= 0x7c00) return float_of(sign | 0x7f800000 | ((em & 0x3ff) << 13));
  if (em >= 0x0400) return float_of(sign | ((em + 0x1c000) << 13));
  float mag = static_cast<float>(em) * 5.9604644775390625e-8f;  // subnormal: em * 2^-24
  return sign ? -mag : mag;
}

uint8_t float_to_f8e4m3_bits(double v) { return static_cast<uint8_t>(narrow(v, kE4M3)); }
float f8e4m3_bits_to_float(uint8_t b) { return f8_table<true>()[b]; }
uint8_t float_to_f8e5m2_bits(double v) { return static_cast<uint8_t>(narrow(v, kE5M2)); }
float f8e5m2_bits_to_float(uint8_t b) { return f8_table<false>()[b]; }

uint16_t double_to_bf16_bits(double v) {
  if (std::isnan(v) || static_cast<double>(static_cast<float>(v)) == v)
    return float_to_bf16_bits(static_cast<float>(v));
  return static_cast<uint16_t>(narrow(v, kBF16));
}

uint16_t double_to_f16_bits(double v) {
  if (std::isnan(v) || static_cast<double>(static_cast<float>(v)) == v)
    return float_to_f16_bits(static_cast<float>(v));
  return static_cast<uint16_t>(narrow(v, kF16));
}

}  // namespace tl
