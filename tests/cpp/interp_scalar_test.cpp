// Interpreter: scalar expressions and control flow (element-wise loops, if/else, let, guarded select,
// dtype arithmetic: bf16/f16 rounding, f16 overflow, float32 not widened, int32 wrap and division, float8
// saturation), kernels (block order, fresh allocations, sequencing) and run-time errors.
#include <chrono>
#include <cmath>
#include <random>

#include "interp_test_util.h"
#include "tilelang_tt/support/numeric.h"

namespace tl::testing {
namespace {

// C[i, j] = A[i, j] + B[i, j] over 256×256 float32: 4 blocks of 64 rows, Parallel loops.
TEST(InterpScalar, ElementwiseAdd) {
  auto A = global("A", DType::Float32, {256, 256}), B = global("B", DType::Float32, {256, 256}),
       C = global("C", DType::Float32, {256, 256});
  auto bx = make_var("bx"), i = make_var("i"), j = make_var("j");
  Expr row = add(mul(bx, i32(64)), i);
  Stmt st = make_store(C, {row, j}, add(make_load(A, {row, j}), make_load(B, {row, j})));
  Stmt body = make_for(i, i32(0), i32(64), ForKind::Parallel, make_for(j, i32(0), i32(256), ForKind::Parallel, st));
  auto f = func({A, B, C}, kernel1(4, bx, {}, body));
  Host<float> a(DType::Float32, {256, 256}), b(DType::Float32, {256, 256}), c(DType::Float32, {256, 256});
  std::mt19937 rng(1);
  std::normal_distribution<float> nd;
  for (auto& x : a.data) x = nd(rng);
  for (auto& x : b.data) x = nd(rng);
  auto t0 = std::chrono::steady_clock::now();
  interpret(f, {a.arg(), b.arg(), c.arg()});
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  for (size_t k = 0; k < c.data.size(); ++k) ASSERT_EQ(c[k], a[k] + b[k]) << k;  // float add is exact to compare
  // Information only: speed is a benchmark's claim, not a test's (this failed under a load average of 20).
  std::printf("256x256 element-wise parallel add: %.2f ms\n", ms);
}

// B[i] = (let t = A[i] * 2 in t > 5 ? t : -t), written with LetStmt and IfThenElse.
TEST(InterpScalar, LetAndIfElse) {
  auto A = global("A", DType::Float32, {16}), B = global("B", DType::Float32, {16});
  auto bx = make_var("bx"), i = make_var("i"), t = make_var("t", DType::Float32);
  Stmt ifs = make_if(bin(BinaryOp::GT, t, f32(5)), make_store(B, {i}, t),
                     make_store(B, {i}, make_unary(UnaryOp::Neg, t)));
  Stmt body = make_for(i, i32(0), i32(16), ForKind::Serial, make_let(t, mul(make_load(A, {i}), f32(2)), ifs));
  Host<float> a(DType::Float32, {16}), b(DType::Float32, {16});
  for (int k = 0; k < 16; ++k) a[k] = 0.5f * k - 1;
  interpret(func({A, B}, kernel1(1, bx, {}, body)), {a.arg(), b.arg()});
  for (int k = 0; k < 16; ++k) EXPECT_EQ(b[k], a[k] * 2 > 5 ? a[k] * 2 : -(a[k] * 2)) << k;
}

// select(i < 8, L[i], -1) on an 8-element fragment for i in [0, 16): the untaken arm must not be evaluated,
// or the load L[8..15] would be an out-of-bounds error.
TEST(InterpScalar, SelectEvaluatesOnlyTheChosenArm) {
  auto B = global("B", DType::Int32, {16});
  auto L = local("L", DType::Int32, {8});
  auto bx = make_var("bx"), i = make_var("i");
  Stmt init = make_for(i, i32(0), i32(8), ForKind::Parallel, make_store(L, {i}, mul(i, i32(10))));
  auto k = make_var("k");
  Stmt use = make_for(k, i32(0), i32(16), ForKind::Parallel,
                      make_store(B, {k}, make_select(bin(BinaryOp::LT, k, i32(8)), make_load(L, {k}), i32(-1))));
  Host<int32_t> b(DType::Int32, {16});
  interpret(func({B}, kernel1(1, bx, {L}, make_seq({init, use}))), {b.arg()});
  for (int x = 0; x < 16; ++x) EXPECT_EQ(b[x], x < 8 ? 10 * x : -1);
}

// Out[k] = X[k] op Y[k] for one binary op, over n elements of dtype t.
PrimFunc binop_func(BinaryOp op, DType t, int n) {
  auto X = global("X", t, {n}), Y = global("Y", t, {n}), O = global("O", t, {n});
  auto bx = make_var("bx"), k = make_var("k");
  Stmt body = make_for(k, i32(0), i32(n), ForKind::Parallel,
                       make_store(O, {k}, bin(op, make_load(X, {k}), make_load(Y, {k}))));
  return func({X, Y, O}, kernel1(1, bx, {}, body));
}

TEST(InterpScalar, BFloat16RoundsAfterEveryOp) {
  auto f = binop_func(BinaryOp::Add, DType::BFloat16, 4);
  Host<uint16_t> x(DType::BFloat16, {4}), y(DType::BFloat16, {4}), o(DType::BFloat16, {4});
  float xs[4] = {1.0f, 1.0f, 1.0f + 0x1p-7f, 256.0f};
  float ys[4] = {0x1p-9f, 0x1p-8f, 0x1p-8f, 1.0f};
  // 1 + 2^-9 → 1 (below half an ulp); 1 + 2^-8 → tie → 1 (even); (1 + 2^-7) + 2^-8 → tie → 1 + 2^-6 (even);
  // 256 + 1 → tie between 256 and 258 → 256.
  float want[4] = {1.0f, 1.0f, 1.0f + 0x1p-6f, 256.0f};
  for (int k = 0; k < 4; ++k) x[k] = float_to_bf16_bits(xs[k]), y[k] = float_to_bf16_bits(ys[k]);
  interpret(f, {x.arg(), y.arg(), o.arg()});
  for (int k = 0; k < 4; ++k) EXPECT_EQ(bf16_bits_to_float(o[k]), want[k]) << k;
}

TEST(InterpScalar, Float16OverflowsToInf) {
  auto f = binop_func(BinaryOp::Add, DType::Float16, 4);
  Host<uint16_t> x(DType::Float16, {4}), y(DType::Float16, {4}), o(DType::Float16, {4});
  float xs[4] = {65504.f, 65504.f, 60000.f, -65504.f};
  float ys[4] = {15.f, 16.f, 10000.f, -16.f};
  // 65519 → 65504; 65520 is the tie above max → inf; 70000 → inf; -65520 → -inf.
  float want[4] = {65504.f, INFINITY, INFINITY, -INFINITY};
  for (int k = 0; k < 4; ++k) x[k] = float_to_f16_bits(xs[k]), y[k] = float_to_f16_bits(ys[k]);
  interpret(f, {x.arg(), y.arg(), o.arg()});
  for (int k = 0; k < 4; ++k) EXPECT_EQ(f16_bits_to_float(o[k]), want[k]) << k;
}

TEST(InterpScalar, Float32IsNotWidened) {
  // O = (X + Y) - X: 1e8f + 1 rounds back to 1e8 in float (it would be 1 in double).
  auto X = global("X", DType::Float32, {1}), Y = global("Y", DType::Float32, {1}), O = global("O", DType::Float32, {1});
  auto bx = make_var("bx");
  Expr x = make_load(X, {i32(0)}), y = make_load(Y, {i32(0)});
  auto f = func({X, Y, O}, kernel1(1, bx, {}, make_store(O, {i32(0)}, sub(add(x, y), x))));
  Host<float> a(DType::Float32, {1}, 1e8f), b(DType::Float32, {1}, 1.0f), o(DType::Float32, {1});
  interpret(f, {a.arg(), b.arg(), o.arg()});
  EXPECT_EQ(o[0], 0.0f);
}

TEST(InterpScalar, Int32WrapsAndDivides) {
  struct Case {
    BinaryOp op;
    int32_t x, y, want;
  } cases[] = {
      {BinaryOp::Add, 2147483647, 1, -2147483647 - 1}, {BinaryOp::Mul, 65536, 65536, 0},
      {BinaryOp::Sub, -2147483647 - 1, 1, 2147483647}, {BinaryOp::Mul, 46341, 46341, -2147479015},
      {BinaryOp::Div, -7, 2, -3},                      {BinaryOp::FloorDiv, -7, 2, -4},
      {BinaryOp::FloorMod, -7, 2, 1},                  {BinaryOp::FloorMod, 7, -2, -1},
      {BinaryOp::Div, 7, -2, -3},                      {BinaryOp::FloorDiv, 7, -2, -4},
      {BinaryOp::Div, -2147483647 - 1, -1, -2147483647 - 1}, {BinaryOp::Max, -3, 2, 2},
      {BinaryOp::Min, -3, 2, -3},
  };
  for (auto& c : cases) {
    auto f = binop_func(c.op, DType::Int32, 1);
    Host<int32_t> x(DType::Int32, {1}, c.x), y(DType::Int32, {1}, c.y), o(DType::Int32, {1});
    interpret(f, {x.arg(), y.arg(), o.arg()});
    EXPECT_EQ(o[0], c.want) << binary_op_name(c.op) << " " << c.x << " " << c.y;
  }
  auto f = binop_func(BinaryOp::Div, DType::Int32, 1);
  Host<int32_t> x(DType::Int32, {1}, 5), y(DType::Int32, {1}, 0), o(DType::Int32, {1});
  expect_user_error([&] { interpret(f, {x.arg(), y.arg(), o.arg()}); }, {"[interpret]", "division by zero"});
}

TEST(InterpScalar, CastsSaturateTruncateAndWrap) {
  // O8[k] = cast<e4m3>(X[k]); I[k] = cast<int32>(X[k]); U[k] = cast<uint8>(cast<int32>(X[k])).
  auto X = global("X", DType::Float32, {6}), O8 = global("O8", DType::Float8E4M3, {6}),
       I = global("I", DType::Int32, {6}), U = global("U", DType::UInt8, {6});
  auto bx = make_var("bx"), k = make_var("k");
  Expr x = make_load(X, {k});
  Stmt body = make_for(k, i32(0), i32(6), ForKind::Parallel,
                       make_seq({make_store(O8, {k}, make_cast(DType::Float8E4M3, x)),
                                 make_store(I, {k}, make_cast(DType::Int32, x)),
                                 make_store(U, {k}, make_cast(DType::UInt8, make_cast(DType::Int32, x)))}));
  auto f = func({X, O8, I, U}, kernel1(1, bx, {}, body));
  Host<float> xs(DType::Float32, {6});
  float in[6] = {1000.f, -1000.f, 1.0625f, -2.75f, 300.5f, 17.f};
  for (int j = 0; j < 6; ++j) xs[j] = in[j];
  Host<uint8_t> o8(DType::Float8E4M3, {6}), u(DType::UInt8, {6});
  Host<int32_t> iv(DType::Int32, {6});
  interpret(f, {xs.arg(), o8.arg(), iv.arg(), u.arg()});
  float want8[6] = {448.f, -448.f, 1.0f, -2.75f, 288.f, 16.f};  // 1.0625 tie → 1; 300.5 → 288; 17 tie → 16
  int32_t wanti[6] = {1000, -1000, 1, -2, 300, 17};
  uint8_t wantu[6] = {232, 24, 1, 254, 44, 17};  // int32 → uint8 wraps mod 256
  for (int j = 0; j < 6; ++j) {
    EXPECT_EQ(f8e4m3_bits_to_float(o8[j]), want8[j]) << j;
    EXPECT_EQ(iv[j], wanti[j]) << j;
    EXPECT_EQ(u[j], wantu[j]) << j;
  }
}

TEST(InterpScalar, Float8ArithmeticSaturates) {
  auto f = binop_func(BinaryOp::Add, DType::Float8E4M3, 2);
  Host<uint8_t> x(DType::Float8E4M3, {2}), y(DType::Float8E4M3, {2}), o(DType::Float8E4M3, {2});
  x[0] = float_to_f8e4m3_bits(448.0), y[0] = float_to_f8e4m3_bits(448.0);
  x[1] = float_to_f8e4m3_bits(1.0), y[1] = float_to_f8e4m3_bits(0.0625);  // 1.0625: tie → 1
  interpret(f, {x.arg(), y.arg(), o.arg()});
  EXPECT_EQ(f8e4m3_bits_to_float(o[0]), 448.0f);
  EXPECT_EQ(f8e4m3_bits_to_float(o[1]), 1.0f);
}

TEST(InterpScalar, IntrinsicsRoundToTheirDtype) {
  auto X = global("X", DType::Float16, {3}), O = global("O", DType::Float16, {3});
  auto bx = make_var("bx"), k = make_var("k");
  Stmt body = make_for(k, i32(0), i32(3), ForKind::Parallel,
                       make_store(O, {k}, make_call(Intrinsic::Exp, {make_load(X, {k})})));
  Host<uint16_t> x(DType::Float16, {3}), o(DType::Float16, {3});
  float in[3] = {0.0f, 1.0f, -2.5f};
  for (int j = 0; j < 3; ++j) x[j] = float_to_f16_bits(in[j]);
  interpret(func({X, O}, kernel1(1, bx, {}, body)), {x.arg(), o.arg()});
  for (int j = 0; j < 3; ++j) EXPECT_EQ(f16_bits_to_float(o[j]), round_f16(std::exp(in[j]))) << j;
}

// Global accesses out of bounds read 0 and drop stores; other scopes raise a UserError naming the buffer.
TEST(InterpScalar, OutOfBounds) {
  auto A = global("A", DType::Float32, {4}), B = global("B", DType::Float32, {4});
  auto bx = make_var("bx"), k = make_var("k");
  // B[k - 2] = A[k] + 1 for k in [0, 6): reads past A's end give 0; stores below 0 are dropped.
  Stmt body = make_for(k, i32(0), i32(6), ForKind::Serial,
                       make_store(B, {sub(k, i32(2))}, add(make_load(A, {k}), f32(1))));
  Host<float> a(DType::Float32, {4}), b(DType::Float32, {4}, -5.f);
  for (int j = 0; j < 4; ++j) a[j] = 10.f * (j + 1);
  interpret(func({A, B}, kernel1(1, bx, {}, body)), {a.arg(), b.arg()});
  float want[4] = {a[2] + 1, a[3] + 1, 1.f, 1.f};
  for (int j = 0; j < 4; ++j) EXPECT_EQ(b[j], want[j]) << j;

  auto S = local("S_frag", DType::Float32, {2, 4});
  Span sp{"kernel.py", 7, 5};
  Stmt bad = make_store(S, {i32(1), i32(4)}, f32(0), sp);
  expect_user_error([&] { interpret(func({A, B}, kernel1(1, bx, {S}, bad)), {a.arg(), b.arg()}); },
                    {"kernel.py:7:5", "[interpret]", "index (1, 4)", "fragment buffer S_frag", "shape (2, 4)"});
  Stmt bad_load = make_store(A, {i32(0)}, make_load(S, {i32(-1), i32(0)}), sp);
  expect_user_error([&] { interpret(func({A, B}, kernel1(1, bx, {S}, bad_load)), {a.arg(), b.arg()}); },
                    {"kernel.py:7:5", "index (-1, 0)", "S_frag"});
}

// Blocks get fresh (zeroed) allocations; kernels run in order and see each other's global writes.
TEST(InterpScalar, KernelsAndBlocks) {
  auto O = global("O", DType::Int32, {3, 2}), P = global("P", DType::Int32, {3, 2});
  auto bx = make_var("bx"), by = make_var("by"), bx2 = make_var("bx2");
  auto acc = local("acc", DType::Int32, {1}, Scope::Var);
  // acc += 10 * bx + by + 1; O[bx, by] = acc   — equals 10 * bx + by + 1 only if acc starts at 0 per block.
  Stmt k1body = make_seq({make_store(acc, {i32(0)}, add(make_load(acc, {i32(0)}),
                                                        add(add(mul(bx, i32(10)), by), i32(1)))),
                          make_store(O, {bx, by}, make_load(acc, {i32(0)}))});
  Stmt k1 = make_kernel({i32(3), i32(2)}, {bx, by}, {128}, {acc}, {}, k1body);
  auto j = make_var("j");
  // P[bx2, j] = O[bx2, j] * 2
  Stmt k2 = make_kernel({i32(3)}, {bx2}, {128}, {}, {},
                        make_for(j, i32(0), i32(2), ForKind::Serial,
                                 make_store(P, {bx2, j}, mul(make_load(O, {bx2, j}), i32(2)))));
  Host<int32_t> o(DType::Int32, {3, 2}), p(DType::Int32, {3, 2});
  interpret(func({O, P}, make_seq({k1, k2})), {o.arg(), p.arg()});
  for (int x = 0; x < 3; ++x)
    for (int y = 0; y < 2; ++y) {
      EXPECT_EQ(o[x * 2 + y], 10 * x + y + 1);
      EXPECT_EQ(p[x * 2 + y], 2 * (10 * x + y + 1));
    }
}

// A buffer allocated by one kernel and used in another is an error, not a crash.
TEST(InterpScalar, BufferUsedOutsideItsKernel) {
  auto O = global("O", DType::Float32, {4});
  auto S = local("S", DType::Float32, {4}, Scope::Shared);
  auto bx = make_var("bx"), by = make_var("by");
  Stmt k1 = kernel1(1, bx, {S}, make_fill(make_full_region(S), f32(1)));
  Stmt k2 = kernel1(1, by, {}, make_store(O, {i32(0)}, make_load(S, {i32(0)}), {"u.py", 9, 2}));
  Stmt k3 = kernel1(1, by, {}, make_copy(make_full_region(S), make_full_region(O), {"u.py", 10, 2}));
  Host<float> o(DType::Float32, {4});
  expect_user_error([&] { interpret(func({O}, make_seq({k1, k2})), {o.arg()}); },
                    {"u.py:9:2", "buffer S is not available here"});
  expect_user_error([&] { interpret(func({O}, make_seq({k1, k3})), {o.arg()}); },
                    {"u.py:10:2", "buffer S is not available here"});
}

// Every intrinsic on float32 matches the float libm function applied to the same float input.
TEST(InterpScalar, Float32Intrinsics) {
  const int n = 5;
  float in[n] = {0.25f, 1.5f, 2.0f, 3.75f, 0.8f};
  for (int fi = 0; fi < 19; ++fi) {
    Intrinsic fn = static_cast<Intrinsic>(fi);
    auto X = global("X", DType::Float32, {n}), O = global("O", DType::Float32, {n});
    auto bx = make_var("bx"), k = make_var("k");
    std::vector<Expr> args{make_load(X, {k})};
    if (intrinsic_arity(fn) == 2) args.push_back(f32(1.5));
    Stmt body = make_for(k, i32(0), i32(n), ForKind::Unrolled, make_store(O, {k}, make_call(fn, args)));
    Host<float> x(DType::Float32, {n}), o(DType::Float32, {n});
    for (int j = 0; j < n; ++j) x[j] = in[j];
    interpret(func({X, O}, kernel1(1, bx, {}, body)), {x.arg(), o.arg()});
    for (int j = 0; j < n; ++j) {
      float v = in[j], want = 0;
      switch (fn) {
        case Intrinsic::Exp: want = std::exp(v); break;
        case Intrinsic::Exp2: want = std::exp2(v); break;
        case Intrinsic::Log: want = std::log(v); break;
        case Intrinsic::Log2: want = std::log2(v); break;
        case Intrinsic::Sqrt: want = std::sqrt(v); break;
        case Intrinsic::Rsqrt: want = 1.0f / std::sqrt(v); break;
        case Intrinsic::Abs: want = std::fabs(v); break;
        case Intrinsic::Tanh: want = std::tanh(v); break;
        case Intrinsic::Sigmoid: want = 1.0f / (1.0f + std::exp(-v)); break;
        case Intrinsic::Pow: want = std::pow(v, 1.5f); break;
        case Intrinsic::Floor: want = std::floor(v); break;
        case Intrinsic::Ceil: want = std::ceil(v); break;
        case Intrinsic::Round: want = std::nearbyint(v); break;
        case Intrinsic::Sin: want = std::sin(v); break;
        case Intrinsic::Cos: want = std::cos(v); break;
        case Intrinsic::Erf: want = std::erf(v); break;
        case Intrinsic::Log1p: want = std::log1p(v); break;
        case Intrinsic::Expm1: want = std::expm1(v); break;
        case Intrinsic::Trunc: want = std::trunc(v); break;
      }
      EXPECT_EQ(o[j], want) << intrinsic_name(fn) << "(" << v << ")";
    }
  }
}

// Bool buffers (one byte 0/1), comparisons, And/Or/Not, and a Pipelined loop (serial semantics).
TEST(InterpScalar, BoolsAndLogic) {
  auto X = global("X", DType::Int32, {8}), M = global("M", DType::Bool, {8}), O = global("O", DType::Int32, {8});
  auto bx = make_var("bx"), k = make_var("k");
  Expr x = make_load(X, {k});
  // M[k] = (x > 2 and x < 6) or not (x != 0);  O[k] = M[k] ? x : -x, reading M back.
  Expr m = make_binary(BinaryOp::Or, make_binary(BinaryOp::And, bin(BinaryOp::GT, x, i32(2)), bin(BinaryOp::LT, x, i32(6))),
                       make_unary(UnaryOp::Not, bin(BinaryOp::NE, x, i32(0))));
  Stmt body = make_for(k, i32(0), i32(8), ForKind::Pipelined,
                       make_seq({make_store(M, {k}, m),
                                 make_store(O, {k}, make_select(make_load(M, {k}), x, make_unary(UnaryOp::Neg, x)))}),
                       {}, 2);
  Host<int32_t> xs(DType::Int32, {8}), o(DType::Int32, {8});
  Host<uint8_t> ms(DType::Bool, {8}, 7);
  for (int j = 0; j < 8; ++j) xs[j] = j - 1;
  interpret(func({X, M, O}, kernel1(1, bx, {}, body)), {xs.arg(), ms.arg(), o.arg()});
  for (int j = 0; j < 8; ++j) {
    int v = j - 1;
    bool want = (v > 2 && v < 6) || v == 0;
    EXPECT_EQ(ms[j], want ? 1 : 0) << v;
    EXPECT_EQ(o[j], want ? v : -v) << v;
  }
}

// Target-lowered code (ExternCall) is not interpretable: a UserError at the statement, not a crash.
TEST(InterpScalar, ExternCallIsRejected) {
  auto O = global("O", DType::Int32, {1});
  auto bx = make_var("bx");
  Stmt ev = make_evaluate(make_extern("cb_wait_front", DType::Int32, {i32(0), i32(1)}), {"t.py", 2, 1});
  Host<int32_t> o(DType::Int32, {1});
  expect_user_error([&] { interpret(func({O}, kernel1(1, bx, {}, ev)), {o.arg()}); },
                    {"t.py:2:1", "[interpret]", "extern call cb_wait_front"});
  // Evaluate of an ordinary expression runs (and does nothing).
  Stmt ok = make_seq({make_evaluate(add(i32(1), i32(2))), make_store(O, {i32(0)}, i32(5))});
  interpret(func({O}, kernel1(1, bx, {}, ok)), {o.arg()});
  EXPECT_EQ(o[0], 5);
}

}  // namespace
}  // namespace tl::testing
