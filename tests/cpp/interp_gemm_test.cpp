// Interpreter: T.gemm — a blocked 256×256×256 float32 GEMM (speed and accuracy), every transpose combination,
// clear_accum, accumulation in C's dtype (f16 inputs into f32, bf16 into bf16 with per-step rounding,
// int8 into int32), and operand shape errors.
#include <chrono>
#include <cmath>
#include <random>

#include "interp_test_util.h"
#include "tilelang_tt/support/numeric.h"

namespace tl::testing {
namespace {

// The TileLang GEMM: grid (N/64, M/64); per block clear C_f, then for k: copy A/B tiles to shared, gemm.
PrimFunc blocked_gemm(int64_t M, int64_t N, int64_t K, DType in = DType::Float32) {
  auto A = global("A", in, {M, K}), B = global("B", in, {K, N}), C = global("C", in, {M, N});
  auto A_s = local("A_s", in, {64, 32}, Scope::Shared), B_s = local("B_s", in, {32, 64}, Scope::Shared);
  auto C_f = local("C_f", DType::Float32, {64, 64});
  auto bx = make_var("bx"), by = make_var("by"), k = make_var("k");
  Expr row = mul(by, i32(64)), col = mul(bx, i32(64)), kk = mul(k, i32(32));
  Stmt loop = make_for(k, i32(0), i32(K / 32), ForKind::Pipelined,
                       make_seq({make_copy(region(A, {{row, 64}, {kk, 32}}), make_full_region(A_s)),
                                 make_copy(region(B, {{kk, 32}, {col, 64}}), make_full_region(B_s)),
                                 make_gemm(make_full_region(A_s), make_full_region(B_s), make_full_region(C_f), false,
                                           false, false)}),
                       {}, 3);
  Stmt body = make_seq({make_fill(make_full_region(C_f), f32(0)), loop,
                        make_copy(make_full_region(C_f), region(C, {{row, 64}, {col, 64}}))});
  Stmt kern = make_kernel({i32(N / 64), i32(M / 64)}, {bx, by}, {128}, {A_s, B_s, C_f}, {}, body);
  return func({A, B, C}, kern);
}

TEST(InterpGemm, Blocked256Float32) {
  const int64_t n = 256;
  auto f = blocked_gemm(n, n, n);
  Host<float> a(DType::Float32, {n, n}), b(DType::Float32, {n, n}), c(DType::Float32, {n, n}, -1.f);
  std::mt19937 rng(7);
  std::normal_distribution<float> nd;
  for (auto& x : a.data) x = nd(rng);
  for (auto& x : b.data) x = nd(rng);
  double best = 1e9;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    interpret(f, {a.arg(), b.arg(), c.arg()});
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("256x256x256 float32 blocked gemm (64x64x32): %.2f ms (best of 3)\n", best);
  EXPECT_LT(best, 500.0);
  // Float32 accumulation of K products: |c - exact| <= K * 2^-24 * sum|a b| (the standard gamma_K bound).
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double exact = 0, mag = 0;
      for (int64_t k = 0; k < n; ++k) {
        exact += double(a[i * n + k]) * b[k * n + j];
        mag += std::fabs(double(a[i * n + k]) * b[k * n + j]);
      }
      ASSERT_NEAR(c[i * n + j], exact, n * std::ldexp(1.0, -24) * mag) << i << "," << j;
    }
}

// C (M×N) (+)= op(A) op(B) on global buffers with small integers (exact in float32).
TEST(InterpGemm, TransposesAndClearAccum) {
  const int64_t M = 5, N = 7, K = 3;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (int clr = 0; clr < 2; ++clr) {
        auto A = ta ? global("A", DType::Float32, {K, M}) : global("A", DType::Float32, {M, K});
        auto B = tb ? global("B", DType::Float32, {N, K}) : global("B", DType::Float32, {K, N});
        auto C = global("C", DType::Float32, {M, N});
        auto bx = make_var("bx");
        Stmt g = make_gemm(make_full_region(A), make_full_region(B), make_full_region(C), ta, tb, clr);
        Host<float> a(DType::Float32, {ta ? K : M, ta ? M : K});
        Host<float> b(DType::Float32, {tb ? N : K, tb ? K : N}), c(DType::Float32, {M, N});
        auto av = [](int64_t i, int64_t k) { return float((i * 3 + k * 5) % 7 - 3); };  // A[i][k]
        auto bv = [](int64_t k, int64_t j) { return float((k * 2 + j * 3) % 5 - 2); };  // B[k][j]
        for (int64_t i = 0; i < M; ++i)
          for (int64_t k = 0; k < K; ++k) (ta ? a[k * M + i] : a[i * K + k]) = av(i, k);
        for (int64_t k = 0; k < K; ++k)
          for (int64_t j = 0; j < N; ++j) (tb ? b[j * K + k] : b[k * N + j]) = bv(k, j);
        for (int64_t x = 0; x < M * N; ++x) c[x] = float(x);
        interpret(func({A, B, C}, kernel1(1, bx, {}, g)), {a.arg(), b.arg(), c.arg()});
        for (int64_t i = 0; i < M; ++i)
          for (int64_t j = 0; j < N; ++j) {
            float want = clr ? 0.f : float(i * N + j);
            for (int64_t k = 0; k < K; ++k) want += av(i, k) * bv(k, j);
            EXPECT_EQ(c[i * N + j], want) << "ta=" << ta << " tb=" << tb << " clear=" << clr << " at " << i << "," << j;
          }
      }
}

// One dot product C[0,0] = sum_k A[0,k] B[k,0] with A, B of dtype `in` and C of dtype `acc`.
PrimFunc dot_func(DType in, DType acc, int64_t K) {
  auto A = global("A", in, {1, K}), B = global("B", in, {K, 1}), C = global("C", acc, {1, 1});
  auto bx = make_var("bx");
  Stmt g = make_gemm(make_full_region(A), make_full_region(B), make_full_region(C), false, false, true);
  return func({A, B, C}, kernel1(1, bx, {}, g));
}

TEST(InterpGemm, Float16InputsFloat32Accumulator) {
  // (1 + 2^-10)^2 = 1 + 2^-9 + 2^-20 needs 21 bits: exact in f32, not representable in f16.
  auto f = dot_func(DType::Float16, DType::Float32, 2);
  Host<uint16_t> a(DType::Float16, {1, 2}), b(DType::Float16, {2, 1});
  Host<float> c(DType::Float32, {1, 1});
  float x = 1.0f + 0x1p-10f;
  a[0] = a[1] = b[0] = b[1] = float_to_f16_bits(x);
  interpret(f, {a.arg(), b.arg(), c.arg()});
  EXPECT_EQ(c[0], 2.0f * (1.0f + 0x1p-9f + 0x1p-20f));
}

TEST(InterpGemm, BFloat16AccumulatorRoundsEveryStep) {
  // 256 + 1 + 1 + 1 in bf16, rounding each partial sum: 257 ties to 256 every time → 256
  // (rounding only at the end would give bf16(259) = 260).
  auto f = dot_func(DType::BFloat16, DType::BFloat16, 4);
  Host<uint16_t> a(DType::BFloat16, {1, 4}), b(DType::BFloat16, {4, 1}), c(DType::BFloat16, {1, 1});
  float bs[4] = {256.f, 1.f, 1.f, 1.f};
  for (int k = 0; k < 4; ++k) a[k] = float_to_bf16_bits(1.0f), b[k] = float_to_bf16_bits(bs[k]);
  interpret(f, {a.arg(), b.arg(), c.arg()});
  EXPECT_EQ(bf16_bits_to_float(c[0]), 256.0f);
}

TEST(InterpGemm, Int8IntoInt32) {
  auto f = dot_func(DType::Int8, DType::Int32, 3);
  Host<int8_t> a(DType::Int8, {1, 3}), b(DType::Int8, {3, 1});
  Host<int32_t> c(DType::Int32, {1, 1});
  int8_t av[3] = {-128, 127, 5}, bv[3] = {-128, 127, -7};
  for (int k = 0; k < 3; ++k) a[k] = av[k], b[k] = bv[k];
  interpret(f, {a.arg(), b.arg(), c.arg()});
  EXPECT_EQ(c[0], 128 * 128 + 127 * 127 - 35);
}

TEST(InterpGemm, ShapeMismatchIsAUserError) {
  auto A = global("A", DType::Float32, {4, 3}), B = global("B", DType::Float32, {4, 5}), C = global("C", DType::Float32, {4, 5});
  auto bx = make_var("bx");
  Stmt g = make_gemm(make_full_region(A), make_full_region(B), make_full_region(C), false, false, true, {"k.py", 3, 1});
  Host<float> a(DType::Float32, {4, 3}), b(DType::Float32, {4, 5}), c(DType::Float32, {4, 5});
  expect_user_error([&] { interpret(func({A, B, C}, kernel1(1, bx, {}, g)), {a.arg(), b.arg(), c.arg()}); },
                    {"k.py:3:1", "gemm", "A[0:4, 0:3]", "B[0:4, 0:5]"});
}

// Leading dims batch the product: A (2, 3, 4) · B (2, 4, 5) → C (2, 3, 5); a rank-2 B is shared by all batches.
TEST(InterpGemm, BatchedAndBroadcast) {
  for (int bcast = 0; bcast < 2; ++bcast) {
    auto A = global("A", DType::Float32, {2, 3, 4});
    auto B = bcast ? global("B", DType::Float32, {4, 5}) : global("B", DType::Float32, {2, 4, 5});
    auto C = global("C", DType::Float32, {2, 3, 5});
    auto bx = make_var("bx");
    Stmt g = make_gemm(make_full_region(A), make_full_region(B), make_full_region(C), false, false, true);
    Host<float> a(DType::Float32, {2, 3, 4}), c(DType::Float32, {2, 3, 5});
    Host<float> b(DType::Float32, bcast ? std::vector<int64_t>{4, 5} : std::vector<int64_t>{2, 4, 5});
    for (size_t k = 0; k < a.data.size(); ++k) a[k] = float(int(k % 5) - 2);
    for (size_t k = 0; k < b.data.size(); ++k) b[k] = float(int(k % 7) - 3);
    interpret(func({A, B, C}, kernel1(1, bx, {}, g)), {a.arg(), b.arg(), c.arg()});
    for (int p = 0; p < 2; ++p)
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 5; ++j) {
          float want = 0;
          for (int k = 0; k < 4; ++k) want += a[(p * 3 + i) * 4 + k] * b[(bcast ? 0 : p * 20) + k * 5 + j];
          EXPECT_EQ(c[(p * 3 + i) * 5 + j], want) << "bcast=" << bcast << " " << p << "," << i << "," << j;
        }
  }
}

// float16 in and out, float32 fragment accumulator: products exact, sums in f32, one final rounding to f16.
TEST(InterpGemm, Blocked256Float16) {
  const int64_t n = 256;
  auto f = blocked_gemm(n, n, n, DType::Float16);
  Host<uint16_t> a(DType::Float16, {n, n}), b(DType::Float16, {n, n}), c(DType::Float16, {n, n});
  std::mt19937 rng(9);
  std::normal_distribution<float> nd;
  for (auto& x : a.data) x = float_to_f16_bits(nd(rng));
  for (auto& x : b.data) x = float_to_f16_bits(nd(rng));
  double best = 1e9;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    interpret(f, {a.arg(), b.arg(), c.arg()});
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("256x256x256 float16 blocked gemm, f32 accumulator: %.2f ms (best of 3)\n", best);
  EXPECT_LT(best, 500.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double exact = 0, mag = 0;
      for (int64_t k = 0; k < n; ++k) {
        double p = double(f16_bits_to_float(a[i * n + k])) * f16_bits_to_float(b[k * n + j]);
        exact += p, mag += std::fabs(p);
      }
      // f32 accumulation (gamma_K bound) then one f16 rounding (half an ulp: 2^-11 relative; 2^-25 absolute
      // below the normal range).
      double tol = n * std::ldexp(1.0, -24) * mag;
      tol += std::ldexp(1.0, -11) * (std::fabs(exact) + tol) + std::ldexp(1.0, -25);
      ASSERT_NEAR(f16_bits_to_float(c[i * n + j]), exact, tol) << i << "," << j;
    }
}

}  // namespace
}  // namespace tl::testing
