// FPU and SFPU numerics on row-major tiles, against references computed here (double precision, or the
// documented rounding steps replayed in plain float).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../../emulator/src/compute/sfpu.h"
#include "../../emulator/src/compute/tile_format.h"
#include "../../emulator/src/compute/tile_math.h"

using namespace emu::compute;

namespace {
using Tile = std::vector<float>;

Tile random_bf16_tile(uint32_t seed, float scale = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0.0f, scale);
  Tile t(1024);
  for (float& v : t) v = round_bf16(nd(rng));
  return t;
}

std::vector<double> matmul_ref(const Tile& a, const Tile& b) {
  std::vector<double> c(1024, 0.0);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j)
      for (int k = 0; k < 32; ++k) c[i * 32 + j] += static_cast<double>(a[i * 32 + k]) * b[k * 32 + j];
  return c;
}

double mean_abs_error(const Tile& got, const std::vector<double>& ref) {
  double s = 0;
  for (int i = 0; i < 1024; ++i) s += std::fabs(got[i] - ref[i]);
  return s / 1024;
}

Tile matmul(const Tile& a, const Tile& b, int fidelity, bool dst_bf16, bool transpose_b = false) {
  Tile c(1024, 0.0f);
  matmul_tile(a.data(), b.data(), c.data(), transpose_b, fidelity, dst_bf16);
  return c;
}
}  // namespace

TEST(ComputeNumerics, MatmulHiFi4OnBf16IsTheExactProductSumInFp32) {
  const Tile a = random_bf16_tile(1), b = random_bf16_tile(2);
  const Tile c = matmul(a, b, 4, /*dst_bf16=*/false);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j) {
      float acc = 0.0f;  // products of bf16 values are exact in fp32, so only the sums round
      for (int k = 0; k < 32; ++k) acc += a[i * 32 + k] * b[k * 32 + j];
      ASSERT_EQ(c[i * 32 + j], acc) << i << "," << j;
    }
  // And close to the double-precision result (fp32 summation error only).
  const auto ref = matmul_ref(a, b);
  for (int i = 0; i < 1024; ++i) ASSERT_NEAR(c[i], ref[i], 1e-5 * 32);
}

TEST(ComputeNumerics, MatmulBf16DstRoundsAfterEachSixteenDeepSlice) {
  const Tile a = random_bf16_tile(3), b = random_bf16_tile(4);
  Tile c(1024);
  for (int i = 0; i < 1024; ++i) c[i] = round_bf16(0.25f * (i % 7));  // DST already holds bf16 values
  Tile expect = c;
  matmul_tile(a.data(), b.data(), c.data(), false, 4, true);
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 32; ++j) {
      float acc = expect[i * 32 + j];
      for (int k = 0; k < 16; ++k) acc += a[i * 32 + k] * b[k * 32 + j];
      acc = round_bf16(acc);
      for (int k = 16; k < 32; ++k) acc += a[i * 32 + k] * b[k * 32 + j];
      ASSERT_EQ(c[i * 32 + j], round_bf16(acc));
    }
}

TEST(ComputeNumerics, EveryMatmulKernelGivesBitIdenticalResults) {
  const Tile a = random_bf16_tile(7, 3.0f), b = random_bf16_tile(8, 0.5f);
  Tile a32(1024), b32(1024);  // fp32 operands (TF32 after the source registers)
  for (int i = 0; i < 1024; ++i) a32[i] = truncate_mantissa(a[i] * 1.37f, 10), b32[i] = b[i] * 0.71f;
  std::vector<Tile> reference;
  for (const char* isa : {"avx512", "avx2", "generic"}) {
    const std::string chosen = select_matmul_kernel(isa);
    std::vector<Tile> results;
    for (int fid : {0, 2, 3, 4})
      for (bool bf16 : {false, true}) {
        results.push_back(matmul(a, b, fid, bf16));
        results.push_back(matmul(a32, b32, fid, bf16, /*transpose_b=*/true));
      }
    if (reference.empty()) {
      reference = results;
    } else {
      for (size_t i = 0; i < results.size(); ++i) ASSERT_EQ(results[i], reference[i]) << chosen << " case " << i;
    }
  }
  select_matmul_kernel(nullptr);
}

TEST(ComputeNumerics, MatmulTransposeUsesBTransposed) {
  const Tile a = random_bf16_tile(5), b = random_bf16_tile(6);
  Tile bt(1024);
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) bt[c * 32 + r] = b[r * 32 + c];
  EXPECT_EQ(matmul(a, b, 4, false, /*transpose_b=*/true), matmul(a, bt, 4, false));
}

TEST(ComputeNumerics, FidelityLowerPhasesAreVisiblyLessExact) {
  const Tile a = random_bf16_tile(11), b = random_bf16_tile(12);
  const auto ref = matmul_ref(a, b);
  const double e_lofi = mean_abs_error(matmul(a, b, 0, false), ref);
  const double e_hifi2 = mean_abs_error(matmul(a, b, 2, false), ref);
  const double e_hifi3 = mean_abs_error(matmul(a, b, 3, false), ref);
  const double e_hifi4 = mean_abs_error(matmul(a, b, 4, false), ref);
  // Truncating in1 to 4 mantissa bits costs ~2^-5 relative per product; in0's 7th bit ~2^-8.
  EXPECT_GT(e_lofi, 4 * e_hifi2);
  EXPECT_GT(e_hifi2, 4 * e_hifi3);
  EXPECT_GT(e_hifi3, e_hifi4);
  EXPECT_LT(e_hifi4, 1e-5);
  EXPECT_GT(e_lofi, 1e-2);
}

TEST(ComputeNumerics, FidelityPhasesCoverTheDocumentedMantissaFields) {
  // in0 (SrcB) with only 6 mantissa bits and in1 (SrcA) arbitrary bf16: HiFi2 is already exact.
  Tile a = random_bf16_tile(21), b = random_bf16_tile(22);
  for (float& v : a) v = truncate_mantissa(v, 6);
  EXPECT_EQ(matmul(a, b, 2, false), matmul(a, b, 4, false));
  // ...and LoFi is exact once in1 also has only 4 mantissa bits.
  for (float& v : b) v = truncate_mantissa(v, 4);
  EXPECT_EQ(matmul(a, b, 0, false), matmul(a, b, 4, false));
  // With in0's 7th mantissa bit in play, HiFi2 is not exact.
  const Tile a7 = random_bf16_tile(23), b7 = random_bf16_tile(24);
  EXPECT_NE(matmul(a7, b7, 2, false), matmul(a7, b7, 4, false));
  // Element-wise multiply: in0 is SrcA (4-bit phase field), in1 SrcB (6-bit).
  const float x = 1.0f + 127.0f / 128.0f, y = 1.0f + 127.0f / 128.0f;  // all 7 mantissa bits set
  EXPECT_EQ(fidelity_mul(x, y, 0), truncate_mantissa(x, 4) * truncate_mantissa(y, 6));
  EXPECT_EQ(fidelity_mul(x, y, 2), x * truncate_mantissa(y, 6));
  EXPECT_EQ(fidelity_mul(x, y, 4), x * y);
  EXPECT_LT(fidelity_mul(x, y, 3), x * y);
}

TEST(ComputeNumerics, SourceRegistersHoldTf32) {
  Tile t(1024, 1.0f + std::ldexp(1.0f, -20));
  to_src_register(t.data());
  EXPECT_EQ(t[0], 1.0f);
  t.assign(1024, 1.0f + std::ldexp(1.0f, -10));
  to_src_register(t.data());
  EXPECT_EQ(t[0], 1.0f + std::ldexp(1.0f, -10));
}

TEST(ComputeNumerics, BinaryOpsAndBroadcasts) {
  const Tile a = random_bf16_tile(31), b = random_bf16_tile(32);
  struct Case {
    Bcast bc;
    int (*index)(int r, int c);
  } cases[] = {
      {Bcast::None, [](int r, int c) { return r * 32 + c; }},
      {Bcast::Col, [](int r, int) { return r * 32; }},
      {Bcast::Row, [](int, int c) { return c; }},
      {Bcast::Scalar, [](int, int) { return 0; }},
  };
  for (const auto& cs : cases) {
    Tile add(1024), sub(1024), mul(1024);
    binary_tile(BinaryOp::Add, cs.bc, a.data(), b.data(), add.data(), 4, true);
    binary_tile(BinaryOp::Sub, cs.bc, a.data(), b.data(), sub.data(), 4, true);
    binary_tile(BinaryOp::Mul, cs.bc, a.data(), b.data(), mul.data(), 4, true);
    for (int r = 0; r < 32; ++r)
      for (int c = 0; c < 32; ++c) {
        const double x = a[r * 32 + c], y = b[cs.index(r, c)];
        ASSERT_EQ(add[r * 32 + c], round_bf16(static_cast<float>(x + y)));
        ASSERT_EQ(sub[r * 32 + c], round_bf16(static_cast<float>(x - y)));
        ASSERT_EQ(mul[r * 32 + c], round_bf16(static_cast<float>(x * y)));  // exact product, one rounding
      }
  }
  // acc_to_dest adds onto DST.
  Tile d(1024, 1.0f);
  binary_tile(BinaryOp::Add, Bcast::None, a.data(), b.data(), d.data(), 4, false, true);
  EXPECT_EQ(d[5], 1.0f + (a[5] + b[5]));
}

TEST(ComputeNumerics, ReduceSumRowColScalar) {
  const Tile in = random_bf16_tile(41);
  Tile ones(1024, 1.0f), avg(1024, 1.0f / 32);
  Tile row(1024, 0.0f), col(1024, 0.0f), all(1024, 0.0f), mean(1024, 0.0f);
  reduce_tile(Pool::Sum, ReduceAxis::Row, in.data(), ones.data(), row.data(), 4, false, true);
  reduce_tile(Pool::Sum, ReduceAxis::Col, in.data(), ones.data(), col.data(), 4, false, true);
  reduce_tile(Pool::Sum, ReduceAxis::Scalar, in.data(), ones.data(), all.data(), 4, false, true);
  reduce_tile(Pool::Avg, ReduceAxis::Row, in.data(), avg.data(), mean.data(), 4, false, true);
  double total = 0;
  for (int r = 0; r < 32; ++r) {
    double s = 0;
    for (int c = 0; c < 32; ++c) s += in[r * 32 + c];
    total += s;
    EXPECT_NEAR(row[r * 32], s, 1e-5);
    EXPECT_NEAR(mean[r * 32], s / 32, 1e-6);
    for (int c = 1; c < 32; ++c) ASSERT_EQ(row[r * 32 + c], 0.0f);
  }
  for (int c = 0; c < 32; ++c) {
    double s = 0;
    for (int r = 0; r < 32; ++r) s += in[r * 32 + c];
    EXPECT_NEAR(col[c], s, 1e-5);
    for (int r = 1; r < 32; ++r) ASSERT_EQ(col[r * 32 + c], 0.0f);
  }
  EXPECT_NEAR(all[0], total, 1e-4);
  for (int i = 1; i < 1024; ++i) ASSERT_EQ(all[i], 0.0f);
  // Accumulates across calls.
  reduce_tile(Pool::Sum, ReduceAxis::Scalar, in.data(), ones.data(), all.data(), 4, false, false);
  EXPECT_NEAR(all[0], 2 * total, 2e-4);
}

TEST(ComputeNumerics, ReduceMaxOfNegativeValuesIntoFreshDst) {
  Tile in(1024);
  for (int i = 0; i < 1024; ++i) in[i] = -1.0f - static_cast<float>(i % 37);
  in[5 * 32 + 7] = -0.5f;
  Tile ones(1024, 1.0f), d(1024, 0.0f);
  reduce_tile(Pool::Max, ReduceAxis::Row, in.data(), ones.data(), d.data(), 4, true, /*dst_fresh=*/true);
  EXPECT_EQ(d[5 * 32], -0.5f);
  EXPECT_EQ(d[0], -1.0f);
  EXPECT_EQ(d[1], 0.0f);
  // A second tile only raises the maxima.
  Tile in2(1024, -3.0f);
  in2[0] = 2.0f;
  reduce_tile(Pool::Max, ReduceAxis::Row, in2.data(), ones.data(), d.data(), 4, true, false);
  EXPECT_EQ(d[0], 2.0f);
  EXPECT_EQ(d[5 * 32], -0.5f);
}

TEST(ComputeNumerics, Transpose) {
  const Tile a = random_bf16_tile(51);
  Tile t(1024);
  transpose_tile(a.data(), t.data());
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) ASSERT_EQ(t[c * 32 + r], a[r * 32 + c]);
}

TEST(ComputeNumerics, SfpuFunctionsMatchDoublePrecision) {
  std::mt19937 rng(61);
  std::uniform_real_distribution<float> ud(0.05f, 4.0f);
  Tile x(1024);
  for (float& v : x) v = ud(rng);
  struct Case {
    SfpuUnary op;
    double (*ref)(double);
  } cases[] = {
      {SfpuUnary::Exp, [](double v) { return std::exp(v); }},
      {SfpuUnary::Log, [](double v) { return std::log(v); }},
      {SfpuUnary::Sqrt, [](double v) { return std::sqrt(v); }},
      {SfpuUnary::Rsqrt, [](double v) { return 1 / std::sqrt(v); }},
      {SfpuUnary::Recip, [](double v) { return 1 / v; }},
      {SfpuUnary::Sigmoid, [](double v) { return 1 / (1 + std::exp(-v)); }},
      {SfpuUnary::Tanh, [](double v) { return std::tanh(v); }},
      {SfpuUnary::GeluExact, [](double v) { return 0.5 * v * (1 + std::erf(v / std::sqrt(2.0))); }},
      {SfpuUnary::Silu, [](double v) { return v / (1 + std::exp(-v)); }},
      {SfpuUnary::Sin, [](double v) { return std::sin(v); }},
      {SfpuUnary::Exp2, [](double v) { return std::exp2(v); }},
      {SfpuUnary::Cos, [](double v) { return std::cos(v); }},
      {SfpuUnary::Erf, [](double v) { return std::erf(v); }},
      {SfpuUnary::Expm1, [](double v) { return std::expm1(v); }},
      {SfpuUnary::Log1p, [](double v) { return std::log1p(v); }},
      {SfpuUnary::Floor, [](double v) { return std::floor(v); }},
      {SfpuUnary::Ceil, [](double v) { return std::ceil(v); }},
      {SfpuUnary::Trunc, [](double v) { return std::trunc(v); }},
  };
  for (const auto& cs : cases) {
    Tile t = x;
    sfpu_unary(cs.op, t.data(), 0, 0, 0, 4, /*dst_bf16=*/false);
    for (int i = 0; i < 1024; ++i) {
      const double r = cs.ref(x[i]);
      ASSERT_NEAR(t[i], r, 4e-7 * std::fabs(r) + 1e-7) << "op " << static_cast<int>(cs.op) << " x=" << x[i];
    }
    Tile tb = x;
    sfpu_unary(cs.op, tb.data(), 0, 0, 0, 4, /*dst_bf16=*/true);
    for (int i = 0; i < 1024; ++i) ASSERT_EQ(tb[i], round_bf16(t[i]));
  }
}

TEST(ComputeNumerics, SfpuParametersAndVectorModes) {
  Tile t(1024);
  for (int i = 0; i < 1024; ++i) t[i] = static_cast<float>(i % 9) - 4.0f;
  Tile r = t;
  sfpu_unary(SfpuUnary::ReluMax, r.data(), 2.0f, 0, 0, 4, false);
  for (int i = 0; i < 1024; ++i) ASSERT_EQ(r[i], std::min(std::max(t[i], 0.0f), 2.0f));
  r = t;
  sfpu_unary(SfpuUnary::LeakyRelu, r.data(), 0.125f, 0, 0, 4, false);
  for (int i = 0; i < 1024; ++i) ASSERT_EQ(r[i], t[i] < 0 ? t[i] * 0.125f : t[i]);
  r = t;
  sfpu_unary(SfpuUnary::RsubScalar, r.data(), 10.0f, 0, 0, 4, false);
  EXPECT_EQ(r[0], 14.0f);
  r = t;
  sfpu_unary(SfpuUnary::Power, r.data(), 3.0f, 0, 0, 4, false);
  EXPECT_EQ(r[1], -27.0f);
  r = t;
  sfpu_unary(SfpuUnary::PowerIterative, r.data(), 5.0f, 0, 0, 4, false);
  EXPECT_EQ(r[1], -243.0f);
  EXPECT_EQ(r[4], 0.0f);
  r = t;
  sfpu_unary(SfpuUnary::Softplus, r.data(), 1.0f, 1.0f, 20.0f, 4, false);
  EXPECT_NEAR(r[4], std::log(2.0), 1e-7);
  // VectorMode::R touches only rows 0-15, C only columns 0-15.
  r = t;
  sfpu_unary(SfpuUnary::Fill, r.data(), 7.0f, 0, 0, 1, false);
  EXPECT_EQ(r[15 * 32 + 31], 7.0f);
  EXPECT_EQ(r[16 * 32], t[16 * 32]);
  r = t;
  sfpu_unary(SfpuUnary::Fill, r.data(), 7.0f, 0, 0, 2, false);
  EXPECT_EQ(r[31 * 32 + 15], 7.0f);
  EXPECT_EQ(r[16], t[16]);
  // Binary SFPU.
  Tile a = t, b(1024, 1.5f), o(1024);
  sfpu_binary(SfpuBinary::Div, a.data(), b.data(), o.data(), 4, false);
  EXPECT_EQ(o[0], -4.0f / 1.5f);
  sfpu_binary(SfpuBinary::Max, a.data(), b.data(), o.data(), 4, false);
  EXPECT_EQ(o[0], 1.5f);
  EXPECT_EQ(o[8], 4.0f);
  sfpu_binary(SfpuBinary::Rsub, a.data(), b.data(), o.data(), 4, false);
  EXPECT_EQ(o[0], 5.5f);
}

TEST(ComputeNumerics, Typecast) {
  Tile t(1024);
  for (int i = 0; i < 1024; ++i) t[i] = static_cast<float>(i) - 512.5f;
  Tile u = t;
  typecast_tile(0 /*Float32*/, 8 /*Int32*/, u.data(), false);
  EXPECT_EQ(static_cast<int32_t>(float_bits(u[0])), -512);    // -512.5 -> toward zero (the SDK's LLK)
  EXPECT_EQ(static_cast<int32_t>(float_bits(u[1])), -511);    // -511.5 -> toward zero
  EXPECT_EQ(static_cast<int32_t>(float_bits(u[1023])), 510);  // 510.5 -> toward zero
  typecast_tile(8, 0, u.data(), false);
  EXPECT_EQ(u[3], -509.0f);
  Tile big(1024, 3e9f);
  big[1] = -3e9f, big[2] = std::numeric_limits<float>::quiet_NaN(), big[3] = 0.75f, big[4] = -2147483648.0f;
  typecast_tile(0, 8, big.data(), false);
  for (int i : {0, 1, 2, 4}) EXPECT_EQ(float_bits(big[i]), 0x80000000u) << i;  // out of range: INT_MIN
  EXPECT_EQ(float_bits(big[3]), 0u);
  Tile v = t;
  typecast_tile(0, 24 /*UInt32*/, v.data(), false);
  EXPECT_EQ(float_bits(v[0]), 0u);  // negative saturates at 0
  Tile w(1024, 1.0f + std::ldexp(1.0f, -9));
  typecast_tile(0, 5 /*Float16_b*/, w.data(), false);
  EXPECT_EQ(w[0], 1.0f);
}

TEST(ComputeNumerics, Int32Ops) {
  // Two's-complement int32 patterns: + - * wrap modulo 2^32, max/min and comparisons are signed and give 1 or 0.
  auto tile_of = [](int32_t v) { return Tile(1024, bits_float(static_cast<uint32_t>(v))); };
  auto val = [](const Tile& t) { return static_cast<int32_t>(float_bits(t[7])); };
  Tile a = tile_of(2147483647), b = tile_of(-3), o(1024);
  sfpu_int32(SfpuInt32::Add, a.data(), b.data(), o.data());
  EXPECT_EQ(val(o), 2147483644);
  sfpu_int32(SfpuInt32::Sub, b.data(), a.data(), o.data());
  EXPECT_EQ(val(o), static_cast<int32_t>(-3LL - 2147483647LL + 4294967296LL));
  sfpu_int32(SfpuInt32::Mul, a.data(), b.data(), o.data());
  EXPECT_EQ(val(o), static_cast<int32_t>(static_cast<uint32_t>(2147483647u * static_cast<uint32_t>(-3))));
  sfpu_int32(SfpuInt32::Max, a.data(), b.data(), o.data());
  EXPECT_EQ(val(o), 2147483647);
  sfpu_int32(SfpuInt32::Min, a.data(), b.data(), o.data());
  EXPECT_EQ(val(o), -3);
  sfpu_int32(SfpuInt32::Lt, b.data(), a.data(), o.data());  // no overflow in the comparison
  EXPECT_EQ(val(o), 1);
  sfpu_int32(SfpuInt32::Ge, b.data(), a.data(), o.data());
  EXPECT_EQ(val(o), 0);
  sfpu_int32_unary(SfpuInt32Unary::Fill, o.data(), static_cast<uint32_t>(-7));
  EXPECT_EQ(val(o), -7);
  sfpu_int32_unary(SfpuInt32Unary::Ltz, o.data(), 0);
  EXPECT_EQ(val(o), 1);
}

TEST(ComputeNumerics, ExpIsWithinOnePointFiveUlpEverywhere) {
  // A sweep over all float bit patterns (every 4099th): finite results within 1.5 ulp of the exact value,
  // overflow to inf, underflow to the nearest denormals or 0, NaN stays NaN.
  for (uint32_t bits = 0; bits < 0xffffffffu - 4099; bits += 4099) {
    const float x = bits_float(bits);
    const float got = sfpu_unary_value(SfpuUnary::Exp, x, 0, 0, 0);
    if (std::isnan(x)) {
      ASSERT_TRUE(std::isnan(got)) << x;
      continue;
    }
    const double ref = std::exp(static_cast<double>(x));
    if (ref > 3.4028234663852886e38) {
      ASSERT_TRUE(std::isinf(got)) << x;
    } else if (ref < 1.1754943508222875e-38) {
      ASSERT_LE(std::fabs(got - ref), std::ldexp(1.0, -149)) << x;  // denormal range: one denormal step
    } else {
      const double ulp = std::ldexp(1.0, std::ilogb(static_cast<float>(ref)) - 23);
      ASSERT_LE(std::fabs(got - ref), 1.5 * ulp) << "x=" << x;
    }
  }
  EXPECT_EQ(sfpu_unary_value(SfpuUnary::Exp, 0.0f, 0, 0, 0), 1.0f);
  EXPECT_EQ(sfpu_unary_value(SfpuUnary::Exp, -INFINITY, 0, 0, 0), 0.0f);
  EXPECT_TRUE(std::isinf(sfpu_unary_value(SfpuUnary::Exp, INFINITY, 0, 0, 0)));
  // The tile path gives exactly the per-element values.
  Tile t = random_bf16_tile(81, 20.0f), u = t;
  sfpu_unary(SfpuUnary::Exp, u.data(), 0, 0, 0, 4, false);
  for (int i = 0; i < 1024; ++i) ASSERT_EQ(u[i], sfpu_unary_value(SfpuUnary::Exp, t[i], 0, 0, 0));
}
