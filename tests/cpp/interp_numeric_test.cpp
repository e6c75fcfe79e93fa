// support/numeric: narrow-float conversions checked against hand-computed values and against an
// independent reference — the nearest value found by search over every finite value of the format, ties
// to the even mantissa — and, for float16, the compiler's own _Float16 conversion.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "tilelang_tt/support/numeric.h"

namespace tl {
namespace {

// All finite non-negative values of a format, as (value, bits), sorted by value; decode is checked by hand below.
template <class Decode>
std::vector<std::pair<double, uint32_t>> finite_values(int nbits, Decode decode) {
  std::vector<std::pair<double, uint32_t>> v;
  for (uint32_t b = 0; b < (1u << (nbits - 1)); ++b) {
    double x = decode(b);
    if (std::isfinite(x)) v.push_back({x, b});
  }
  std::sort(v.begin(), v.end());
  return v;
}

// Reference rounding by search: nearest value, ties → even bit pattern; beyond the top → overflow_bits.
uint32_t nearest(const std::vector<std::pair<double, uint32_t>>& vals, double x, uint32_t sign_bit, uint32_t overflow_bits,
                 double overflow_threshold) {
  uint32_t sign = std::signbit(x) ? sign_bit : 0;
  double a = std::fabs(x);
  if (a >= overflow_threshold) return sign | overflow_bits;
  auto it = std::lower_bound(vals.begin(), vals.end(), std::make_pair(a, 0u));
  if (it == vals.end()) return sign | vals.back().second;
  if (it->first == a || it == vals.begin()) return sign | it->second;
  auto lo = it - 1;
  double dl = a - lo->first, dh = it->first - a;
  if (dl < dh) return sign | lo->second;
  if (dh < dl) return sign | it->second;
  return sign | ((lo->second & 1) ? it->second : lo->second);
}

TEST(Numeric, HandValues) {
  EXPECT_EQ(float_to_bf16_bits(1.0f), 0x3f80);
  EXPECT_EQ(bf16_bits_to_float(0x3f81), 1.0f + 1.0f / 128);
  EXPECT_EQ(round_bf16(1.0f + std::ldexp(1.0f, -9)), 1.0f);                        // below half an ulp
  EXPECT_EQ(round_bf16(1.0f + std::ldexp(1.0f, -8)), 1.0f);                        // tie → even (1.0)
  EXPECT_EQ(round_bf16(1.0f + 3 * std::ldexp(1.0f, -8)), 1.0f + std::ldexp(1.0f, -6));  // tie → even (up)
  EXPECT_EQ(f16_bits_to_float(0x3c00), 1.0f);
  EXPECT_EQ(f16_bits_to_float(0x7bff), 65504.0f);
  EXPECT_EQ(f16_bits_to_float(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(float_to_f16_bits(65519.0f), 0x7bff);
  EXPECT_EQ(float_to_f16_bits(65520.0f), 0x7c00);  // the tie at the top rounds to inf
  EXPECT_EQ(float_to_f16_bits(-1e6f), 0xfc00);
  EXPECT_EQ(float_to_f16_bits(std::ldexp(1.0f, -25)), 0x0000);                       // tie → even (0)
  EXPECT_EQ(float_to_f16_bits(std::ldexp(3.0f, -25)), 0x0002);                       // tie → even (2)
  EXPECT_EQ(f8e4m3_bits_to_float(0x7e), 448.0f);
  EXPECT_EQ(f8e4m3_bits_to_float(0x01), std::ldexp(1.0f, -9));
  EXPECT_EQ(f8e4m3_bits_to_float(0x38), 1.0f);
  EXPECT_TRUE(std::isnan(f8e4m3_bits_to_float(0x7f)));
  EXPECT_EQ(f8e5m2_bits_to_float(0x7b), 57344.0f);
  EXPECT_EQ(f8e5m2_bits_to_float(0x3c), 1.0f);
  EXPECT_EQ(f8e5m2_bits_to_float(0x01), std::ldexp(1.0f, -16));
  EXPECT_TRUE(std::isinf(f8e5m2_bits_to_float(0x7c)));
  // float8 saturates, inf included.
  EXPECT_EQ(float_to_f8e4m3_bits(1000.0), 0x7e);
  EXPECT_EQ(float_to_f8e4m3_bits(-1e30), 0xfe);
  EXPECT_EQ(float_to_f8e4m3_bits(INFINITY), 0x7e);
  EXPECT_EQ(float_to_f8e5m2_bits(1e6), 0x7b);
  EXPECT_EQ(float_to_f8e5m2_bits(-INFINITY), 0xfb);
  EXPECT_EQ(float_to_f8e4m3_bits(464.0), 0x7e);  // between 448 and 480 (tie) → 448 (even)
  // NaN is preserved everywhere.
  EXPECT_TRUE(std::isnan(round_bf16(NAN)));
  EXPECT_TRUE(std::isnan(round_f16(NAN)));
  EXPECT_TRUE(std::isnan(round_f8e4m3(NAN)));
  EXPECT_TRUE(std::isnan(round_f8e5m2(NAN)));
}

TEST(Numeric, RoundTripAllPatterns) {
  for (uint32_t b = 0; b < 65536; ++b) {
    float x = f16_bits_to_float(b);
    if (!std::isnan(x)) {
      ASSERT_EQ(float_to_f16_bits(x), b) << std::hex << b;
      ASSERT_EQ(double_to_f16_bits(x), b) << std::hex << b;
    }
    float y = bf16_bits_to_float(b);
    if (!std::isnan(y)) ASSERT_EQ(float_to_bf16_bits(y), b) << std::hex << b;
  }
  for (uint32_t b = 0; b < 256; ++b) {
    float x = f8e4m3_bits_to_float(b), y = f8e5m2_bits_to_float(b);
    if (!std::isnan(x)) ASSERT_EQ(float_to_f8e4m3_bits(x), b) << std::hex << b;
    if (!std::isnan(y) && !std::isinf(y)) ASSERT_EQ(float_to_f8e5m2_bits(y), b) << std::hex << b;
  }
}

// Random floats spread over every binade the formats cover, plus exact midpoints between neighbours.
std::vector<float> samples() {
  std::mt19937 rng(123);
  std::vector<float> v;
  std::uniform_real_distribution<float> mant(1.0f, 2.0f);
  std::uniform_int_distribution<int> ex(-30, 20);
  for (int i = 0; i < 200000; ++i) v.push_back((i & 1 ? -1 : 1) * std::ldexp(mant(rng), ex(rng)));
  for (uint32_t b = 0; b < 0x7bff; b += 7) {  // float16 midpoints (exact in float)
    v.push_back(0.5f * (f16_bits_to_float(b) + f16_bits_to_float(b + 1)));
  }
  return v;
}

TEST(Numeric, MatchesNearestSearch) {
  auto f16 = finite_values(16, [](uint32_t b) { return double(f16_bits_to_float(b)); });
  auto bf16 = finite_values(16, [](uint32_t b) { return double(bf16_bits_to_float(b)); });
  auto e4 = finite_values(8, [](uint32_t b) { return double(f8e4m3_bits_to_float(b)); });
  auto e5 = finite_values(8, [](uint32_t b) { return double(f8e5m2_bits_to_float(b)); });
  // Overflow thresholds: the midpoint between max finite and the next (unrepresentable) step.
  double f16_top = 65520.0, bf16_top = std::ldexp(2.0 - std::ldexp(1.0, -8), 127);
  for (float x : samples()) {
    ASSERT_EQ(float_to_f16_bits(x), nearest(f16, x, 0x8000, 0x7c00, f16_top)) << x;
    ASSERT_EQ(float_to_bf16_bits(x), nearest(bf16, x, 0x8000, 0x7f80, bf16_top)) << x;
    ASSERT_EQ(float_to_f8e4m3_bits(x), nearest(e4, x, 0x80, 0x7e, INFINITY)) << x;
    ASSERT_EQ(float_to_f8e5m2_bits(x), nearest(e5, x, 0x80, 0x7b, INFINITY)) << x;
#ifdef __FLT16_MAX__
    ASSERT_EQ(round_f16(x), static_cast<float>(static_cast<_Float16>(x))) << x;
#endif
  }
}

TEST(Numeric, FromDoubleHasNoDoubleRounding) {
  // 1 + 2^-11 + 2^-40: just above a float16 tie; rounding to float first would make it a tie → 1.0.
  double x = 1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40);
  EXPECT_EQ(f16_bits_to_float(double_to_f16_bits(x)), 1.0f + std::ldexp(1.0f, -10));
  double y = 1.0 + std::ldexp(1.0, -8) + std::ldexp(1.0, -40);
  EXPECT_EQ(bf16_bits_to_float(double_to_bf16_bits(y)), 1.0f + std::ldexp(1.0f, -7));
}

}  // namespace
}  // namespace tl
