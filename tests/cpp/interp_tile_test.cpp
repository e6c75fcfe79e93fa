// Interpreter: T.copy (regions, extent-1 dims, dtype casts, global out-of-bounds, errors), T.fill,
// reductions (every kind, every dim, clear=false, kept dim), T.cumsum (both directions, in place).
// References are computed here with plain loops; inputs are small integers or halves, so float32 results
// are exact and compared with ==.
#include <cmath>
#include <functional>

#include "interp_test_util.h"
#include "tilelang_tt/support/numeric.h"

namespace tl::testing {
namespace {

TEST(InterpTile, CopyRegionsThroughSharedAndExtentOneDims) {
  // S = A[2:6, 1:5]; O[0:4, 4:8] = S; col = A[0:8, 3] (a column: extent-1 dim dropped); O[4, 0:8] = col.
  auto A = global("A", DType::Float32, {8, 8}), O = global("O", DType::Float32, {8, 8});
  auto S = local("S", DType::Float32, {4, 4}, Scope::Shared);
  auto col = local("col", DType::Float32, {8});
  auto bx = make_var("bx");
  Stmt body = make_seq({make_copy(region(A, {{i32(2), 4}, {i32(1), 4}}), make_full_region(S)),
                        make_copy(make_full_region(S), region(O, {{i32(0), 4}, {i32(4), 4}})),
                        make_copy(region(A, {{i32(0), 8}, {i32(3), 1}}), make_full_region(col)),
                        make_copy(make_full_region(col), region(O, {{i32(4), 1}, {i32(0), 8}}))});
  Host<float> a(DType::Float32, {8, 8}), o(DType::Float32, {8, 8}, -1.f);
  for (int k = 0; k < 64; ++k) a[k] = float(k);
  interpret(func({A, O}, kernel1(1, bx, {S, col}, body)), {a.arg(), o.arg()});
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) {
      float want = -1.f;
      if (i < 4 && j >= 4) want = a[(i + 2) * 8 + (j - 4 + 1)];
      if (i == 4) want = a[j * 8 + 3];
      EXPECT_EQ(o[i * 8 + j], want) << i << "," << j;
    }
}

// Same-dtype copies between regions whose rows differ in length (12 elements: 2×6 → 3×4 → 12), and an
// overlapping copy within one buffer, which must read all of the source before writing.
TEST(InterpTile, CopyReshapesAndOverlaps) {
  auto A = global("A", DType::Int32, {4, 6}), O = global("O", DType::Int32, {12}), P = global("P", DType::Int32, {4, 3});
  auto F = local("F", DType::Int32, {3, 4});
  auto bx = make_var("bx");
  Stmt body = make_seq({make_copy(region(A, {{i32(1), 2}, {i32(0), 6}}), make_full_region(F)),
                        make_copy(make_full_region(F), make_full_region(O)),
                        make_copy(region(P, {{i32(0), 3}, {i32(0), 3}}), region(P, {{i32(1), 3}, {i32(0), 3}}))});
  Host<int32_t> a(DType::Int32, {4, 6}), o(DType::Int32, {12}), p(DType::Int32, {4, 3});
  for (int k = 0; k < 24; ++k) a[k] = 100 + k;
  for (int k = 0; k < 12; ++k) p[k] = k;
  interpret(func({A, O, P}, kernel1(1, bx, {F}, body)), {a.arg(), o.arg(), p.arg()});
  for (int k = 0; k < 12; ++k) EXPECT_EQ(o[k], a[6 + k]) << k;
  for (int k = 0; k < 12; ++k) EXPECT_EQ(p[k], k < 3 ? k : k - 3) << k;  // rows 0..2 shifted down by one
}

TEST(InterpTile, CopyCasts) {
  auto X = global("X", DType::Float32, {5}), Bf = global("Bf", DType::BFloat16, {5}),
       I = global("I", DType::Int32, {5}), I8 = global("I8", DType::Int8, {5}), F8 = global("F8", DType::Float8E5M2, {5});
  auto bx = make_var("bx");
  Stmt body = make_seq({make_copy(make_full_region(X), make_full_region(Bf)), make_copy(make_full_region(X), make_full_region(I)),
                        make_copy(make_full_region(I), make_full_region(I8)), make_copy(make_full_region(X), make_full_region(F8))});
  float in[5] = {1.0f + 0x1p-8f, -2.75f, 300.9f, -1e9f, 70000.f};
  Host<float> x(DType::Float32, {5});
  for (int k = 0; k < 5; ++k) x[k] = in[k];
  Host<uint16_t> bf(DType::BFloat16, {5});
  Host<int32_t> iv(DType::Int32, {5});
  Host<int8_t> i8(DType::Int8, {5});
  Host<uint8_t> f8(DType::Float8E5M2, {5});
  interpret(func({X, Bf, I, I8, F8}, kernel1(1, bx, {}, body)), {x.arg(), bf.arg(), iv.arg(), i8.arg(), f8.arg()});
  float want_bf[5] = {1.0f, -2.75f, 300.f, -998244352.f, 70144.f};  // RNE to 8 significant bits (1e9 = 238.4 * 2^22)
  int32_t want_i[5] = {1, -2, 300, -1000000000, 70000};               // truncation toward zero
  int8_t want_i8[5] = {1, -2, 44, 0, 112};                           // int32 → int8 wraps
  float want_f8[5] = {1.0f, -3.0f, 320.f, -57344.f, 57344.f};         // -2.75 tie → -3 (even); saturation
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(bf16_bits_to_float(bf[k]), want_bf[k]) << k;
    EXPECT_EQ(iv[k], want_i[k]) << k;
    EXPECT_EQ(i8[k], want_i8[k]) << k;
    EXPECT_EQ(f8e5m2_bits_to_float(f8[k]), want_f8[k]) << k;
  }
}

TEST(InterpTile, CopyGlobalOutOfBoundsAndErrors) {
  // T = A[4:8, 2:6] of a 6×6 A (rows 6, 7 and cols 6, 7... read 0); O[3:7, -1:3] = T (outside dropped).
  auto A = global("A", DType::Float32, {6, 6}), O = global("O", DType::Float32, {6, 6});
  auto T = local("T", DType::Float32, {4, 4}, Scope::Shared);
  auto bx = make_var("bx");
  Stmt body = make_seq({make_copy(region(A, {{i32(4), 4}, {i32(3), 4}}), make_full_region(T)),
                        make_copy(make_full_region(T), region(O, {{i32(3), 4}, {i32(-1), 4}}))});
  Host<float> a(DType::Float32, {6, 6}), o(DType::Float32, {6, 6}, -1.f);
  for (int k = 0; k < 36; ++k) a[k] = float(k + 1);
  interpret(func({A, O}, kernel1(1, bx, {T}, body)), {a.arg(), o.arg()});
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) {
      float want = -1.f;
      int ti = i - 3, tj = j + 1;  // the T element stored at O[i, j]
      if (ti >= 0 && ti < 4 && tj < 4) {
        int ai = 4 + ti, aj = 3 + tj;
        want = (ai < 6 && aj < 6) ? a[ai * 6 + aj] : 0.f;
      }
      EXPECT_EQ(o[i * 6 + j], want) << i << "," << j;
    }
  // A shared region that leaves its buffer is an error naming the buffer.
  Stmt bad = make_copy(region(A, {{i32(0), 4}, {i32(0), 4}}), region(T, {{i32(1), 4}, {i32(0), 4}}), {"g.py", 12, 9});
  expect_user_error([&] { interpret(func({A, O}, kernel1(1, bx, {T}, bad)), {a.arg(), o.arg()}); },
                    {"g.py:12:9", "T[1:5, 0:4]", "shared buffer T", "index (4, 0)"});
  Stmt count = make_copy(region(A, {{i32(0), 2}, {i32(0), 4}}), make_full_region(T), {"g.py", 13, 9});
  expect_user_error([&] { interpret(func({A, O}, kernel1(1, bx, {T}, count)), {a.arg(), o.arg()}); },
                    {"g.py:13:9", "copy", "8 elements", "16"});
}

TEST(InterpTile, Fill) {
  // F = 2.5 (all), F[1:3, 1:2] = -1, O = F; then O[2:5, 3] = 7 on the global (row 4 lies outside: dropped).
  auto O = global("O", DType::Float32, {4, 4});
  auto F = local("F", DType::Float32, {4, 4});
  auto bx = make_var("bx");
  Stmt body = make_seq({make_fill(make_full_region(F), f32(2.5)), make_fill(region(F, {{i32(1), 2}, {i32(1), 1}}), f32(-1)),
                        make_copy(make_full_region(F), make_full_region(O)),
                        make_fill(region(O, {{i32(2), 3}, {i32(3), 1}}), f32(7))});
  Host<float> o(DType::Float32, {4, 4});
  interpret(func({O}, kernel1(1, bx, {F}, body)), {o.arg()});
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      float want = (i >= 1 && i < 3 && j == 1) ? -1.f : 2.5f;
      if (i >= 2 && j == 3) want = 7.f;
      EXPECT_EQ(o[i * 4 + j], want) << i << "," << j;
    }
}

// ---------------------------------------------------------------- reductions
constexpr int64_t D0 = 2, D1 = 3, D2 = 4;

float src_value(int64_t i, int64_t j, int64_t k) { return float(((i * 7 + j * 5 + k * 3) % 11) - 5) * 0.5f; }

float reference(ReduceKind kind, float acc, float x) {
  switch (kind) {
    case ReduceKind::Sum: return acc + x;
    case ReduceKind::AbsSum: return acc + std::fabs(x);
    case ReduceKind::Max: return std::max(acc, x);
    case ReduceKind::Min: return std::min(acc, x);
    case ReduceKind::AbsMax: return std::max(acc, std::fabs(x));
  }
  return 0;
}

TEST(InterpTile, ReduceEveryKindDimAndClear) {
  const int64_t ext[3] = {D0, D1, D2};
  for (int kind = 0; kind < 5; ++kind)
    for (int dim = 0; dim < 3; ++dim)
      for (int clear = 0; clear < 2; ++clear)
        for (int keep = 0; keep < 2; ++keep) {
          ReduceKind rk = static_cast<ReduceKind>(kind);
          std::vector<int64_t> out_shape;
          for (int d = 0; d < 3; ++d)
            if (d != dim) out_shape.push_back(ext[d]);
            else if (keep) out_shape.push_back(1);
          auto X = global("X", DType::Float32, {D0, D1, D2});
          std::vector<Expr> oshape;
          for (auto s : out_shape) oshape.push_back(i32(s));
          auto Y = make_buffer("Y", DType::Float32, oshape, Scope::Global);
          auto Xf = local("Xf", DType::Float32, {D0, D1, D2});
          auto Yf = make_buffer("Yf", DType::Float32, oshape, Scope::Fragment);
          auto bx = make_var("bx");
          // Stage through fragments, as kernels do; Yf starts as Y's contents so clear=false folds into them.
          Stmt body = make_seq({make_copy(make_full_region(X), make_full_region(Xf)),
                                make_copy(make_full_region(Y), make_full_region(Yf)),
                                make_reduce(rk, make_full_region(Xf), make_full_region(Yf), dim, clear),
                                make_copy(make_full_region(Yf), make_full_region(Y))});
          Host<float> x(DType::Float32, {D0, D1, D2}), y(DType::Float32, out_shape);
          for (int64_t i = 0; i < D0; ++i)
            for (int64_t j = 0; j < D1; ++j)
              for (int64_t k = 0; k < D2; ++k) x[(i * D1 + j) * D2 + k] = src_value(i, j, k);
          for (size_t o = 0; o < y.data.size(); ++o) y[o] = float(o % 3) - 1.0f;  // -1, 0, 1, ...
          std::vector<float> prior = y.data;
          interpret(func({X, Y}, kernel1(1, bx, {Xf, Yf}, body)), {x.arg(), y.arg()});
          // Reference: walk the two kept dims in order; output position o enumerates them row-major.
          int a = dim == 0 ? 1 : 0, b = dim == 2 ? 1 : 2;
          int64_t o = 0;
          for (int64_t p = 0; p < ext[a]; ++p)
            for (int64_t q = 0; q < ext[b]; ++q, ++o) {
              float acc = !clear ? prior[o]
                          : rk == ReduceKind::Max ? -INFINITY
                          : rk == ReduceKind::Min ? INFINITY
                                                  : 0.f;
              for (int64_t r = 0; r < ext[dim]; ++r) {
                int64_t idx[3];
                idx[a] = p, idx[b] = q, idx[dim] = r;
                acc = reference(rk, acc, src_value(idx[0], idx[1], idx[2]));
              }
              ASSERT_EQ(y[o], acc) << reduce_kind_name(rk) << " dim=" << dim << " clear=" << clear << " keep=" << keep
                                   << " at " << o;
            }
        }
}

TEST(InterpTile, ReduceSumRoundsInTheDestinationDtype) {
  // Row of bf16 [256, 1, 1, 1] summed into bf16: each partial sum rounds (257 → 256), so 256.
  auto X = global("X", DType::BFloat16, {1, 4}), Y = global("Y", DType::BFloat16, {1});
  auto bx = make_var("bx");
  Stmt body = make_reduce(ReduceKind::Sum, make_full_region(X), make_full_region(Y), 1, true);
  Host<uint16_t> x(DType::BFloat16, {1, 4}), y(DType::BFloat16, {1});
  float xs[4] = {256.f, 1.f, 1.f, 1.f};
  for (int k = 0; k < 4; ++k) x[k] = float_to_bf16_bits(xs[k]);
  interpret(func({X, Y}, kernel1(1, bx, {}, body)), {x.arg(), y.arg()});
  EXPECT_EQ(bf16_bits_to_float(y[0]), 256.f);
}

TEST(InterpTile, ReduceShapeErrorNamesTheRegions) {
  auto X = global("X", DType::Float32, {3, 4}), Y = global("Y", DType::Float32, {4});
  auto bx = make_var("bx");
  Stmt body = make_reduce(ReduceKind::Max, make_full_region(X), make_full_region(Y), 1, true, {"r.py", 4, 3});
  Host<float> x(DType::Float32, {3, 4}), y(DType::Float32, {4});
  expect_user_error([&] { interpret(func({X, Y}, kernel1(1, bx, {}, body)), {x.arg(), y.arg()}); },
                    {"r.py:4:3", "reduce_max", "Y[0:4]", "X[0:3, 0:4] without dim 1"});
  // Same element count, wrong arrangement: (2, 3, 4) reduced over dim 1 is (2, 4), not (4, 2).
  auto X3 = global("X3", DType::Float32, {2, 3, 4}), Y3 = global("Y3", DType::Float32, {4, 2});
  Stmt body3 = make_reduce(ReduceKind::Sum, make_full_region(X3), make_full_region(Y3), 1, true, {"r.py", 5, 3});
  Host<float> x3(DType::Float32, {2, 3, 4}), y3(DType::Float32, {4, 2});
  expect_user_error([&] { interpret(func({X3, Y3}, kernel1(1, bx, {}, body3)), {x3.arg(), y3.arg()}); },
                    {"r.py:5:3", "reduce_sum", "Y3[0:4, 0:2]"});
}

TEST(InterpTile, CumSumBothDirectionsInPlace) {
  for (int dim = 0; dim < 2; ++dim)
    for (int rev = 0; rev < 2; ++rev) {
      // F = X; cumsum(F, F) in place; Y = F.   X is 3×4.
      auto X = global("X", DType::Float32, {3, 4}), Y = global("Y", DType::Float32, {3, 4});
      auto F = local("F", DType::Float32, {3, 4}, Scope::Shared);
      auto bx = make_var("bx");
      Stmt body = make_seq({make_copy(make_full_region(X), make_full_region(F)),
                            make_cumsum(make_full_region(F), make_full_region(F), dim, rev),
                            make_copy(make_full_region(F), make_full_region(Y))});
      Host<float> x(DType::Float32, {3, 4}), y(DType::Float32, {3, 4});
      for (int k = 0; k < 12; ++k) x[k] = float((k * 5) % 7) - 2.5f;
      interpret(func({X, Y}, kernel1(1, bx, {F}, body)), {x.arg(), y.arg()});
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) {
          float want = 0;
          int n = dim == 0 ? 3 : 4, at = dim == 0 ? i : j;
          for (int t = 0; t < n; ++t) {
            bool in = rev ? t >= at : t <= at;
            if (in) want += dim == 0 ? x[t * 4 + j] : x[i * 4 + t];
          }
          EXPECT_EQ(y[i * 4 + j], want) << "dim=" << dim << " rev=" << rev << " at " << i << "," << j;
        }
    }
}

// Integer reductions wrap; a sub-region source; the reduced dim kept as extent 1.
TEST(InterpTile, ReduceIntegersOnSubRegions) {
  auto X = global("X", DType::Int32, {4, 6}), S = global("S", DType::Int32, {2, 1}), M = global("M", DType::Int32, {2, 1});
  auto bx = make_var("bx");
  BufferRegion src = region(X, {{i32(1), 2}, {i32(2), 4}});  // rows 1..2, cols 2..5
  Stmt body = make_seq({make_reduce(ReduceKind::Sum, src, make_full_region(S), 1, true),
                        make_reduce(ReduceKind::Min, src, make_full_region(M), 1, true)});
  Host<int32_t> x(DType::Int32, {4, 6}), sm(DType::Int32, {2, 1}), mn(DType::Int32, {2, 1});
  for (int k = 0; k < 24; ++k) x[k] = k * 3 - 20;
  x[1 * 6 + 2] = 2147483647;  // row 1 sums past INT32_MAX and wraps
  interpret(func({X, S, M}, kernel1(1, bx, {}, body)), {x.arg(), sm.arg(), mn.arg()});
  for (int r = 0; r < 2; ++r) {
    int64_t sum = 0;
    int32_t lo = 2147483647;
    for (int c = 2; c < 6; ++c) sum += x[(r + 1) * 6 + c], lo = std::min(lo, x[(r + 1) * 6 + c]);
    EXPECT_EQ(sm[r], static_cast<int32_t>(static_cast<uint32_t>(sum))) << r;
    EXPECT_EQ(mn[r], lo) << r;
  }
  EXPECT_LT(sm[0], 0);  // the wrap happened
}

// float16 source, float32 destination: elements are cast first, then summed in float32.
// In float16, 2048 + 1 rounds back to 2048; in float32 the sum is exact.
TEST(InterpTile, ReduceAccumulatesInTheDestinationDtype) {
  auto X = global("X", DType::Float16, {3}), Y = global("Y", DType::Float32, {1}), Z = global("Z", DType::Float16, {1});
  auto bx = make_var("bx");
  Stmt body = make_seq({make_reduce(ReduceKind::Sum, make_full_region(X), make_full_region(Y), 0, true),
                        make_reduce(ReduceKind::Sum, make_full_region(X), make_full_region(Z), 0, true)});
  Host<uint16_t> x(DType::Float16, {3}), z(DType::Float16, {1});
  Host<float> y(DType::Float32, {1});
  float xs[3] = {2048.f, 1.f, 1.f};
  for (int k = 0; k < 3; ++k) x[k] = float_to_f16_bits(xs[k]);
  interpret(func({X, Y, Z}, kernel1(1, bx, {}, body)), {x.arg(), y.arg(), z.arg()});
  EXPECT_EQ(y[0], 2050.f);
  EXPECT_EQ(f16_bits_to_float(z[0]), 2048.f);
}

TEST(InterpTile, CumSumIntegersReverseIntoAnotherBuffer) {
  auto X = global("X", DType::Int8, {5}), Y = global("Y", DType::Int8, {5});
  auto bx = make_var("bx");
  Stmt body = make_cumsum(make_full_region(X), make_full_region(Y), 0, true);
  Host<int8_t> x(DType::Int8, {5}), y(DType::Int8, {5});
  int8_t xs[5] = {100, 20, 10, -3, 7};
  for (int k = 0; k < 5; ++k) x[k] = xs[k];
  interpret(func({X, Y}, kernel1(1, bx, {}, body)), {x.arg(), y.arg()});
  int8_t want[5] = {static_cast<int8_t>(134 - 256), 34, 14, 4, 7};  // 7, 4, 14, 34, 134 → wraps to -122
  for (int k = 0; k < 5; ++k) EXPECT_EQ(y[k], want[k]) << k;
  for (int k = 0; k < 5; ++k) EXPECT_EQ(x[k], xs[k]) << k;  // source untouched
}

}  // namespace
}  // namespace tl::testing
