// Interpreter: binding symbolic shape variables from the arguments, and the errors for arguments that do
// not fit the parameters (constant dims, inconsistent bindings, derived dims, rank, dtype, count).
#include "interp_test_util.h"

namespace tl::testing {
namespace {

// B[r, c] = A[r, c] * 2 + C[c] for A, B: (n, 4), C: (4,); one block per row, grid n.
struct RowFunc {
  VarRef n = make_var("n");
  Buffer A, B, C;
  PrimFunc f;
  RowFunc() {
    A = make_buffer("A", DType::Float32, {n, i32(4)}, Scope::Global, {"k.py", 2, 5});
    B = make_buffer("B", DType::Float32, {n, i32(4)}, Scope::Global, {"k.py", 3, 5});
    C = global("C", DType::Float32, {4});
    auto bx = make_var("bx"), c = make_var("c");
    Stmt st = make_store(B, {bx, c}, add(mul(make_load(A, {bx, c}), f32(2)), make_load(C, {c})));
    Stmt body = make_kernel({n}, {bx}, {128}, {}, {}, make_for(c, i32(0), i32(4), ForKind::Parallel, st));
    f = func({A, B, C}, body, {n});
  }
};

TEST(InterpShape, BindsSymbolicDims) {
  RowFunc rf;
  for (int64_t rows : {1, 5, 9}) {
    Host<float> a(DType::Float32, {rows, 4}), b(DType::Float32, {rows, 4}), c(DType::Float32, {4});
    for (size_t k = 0; k < a.data.size(); ++k) a[k] = float(k);
    for (int k = 0; k < 4; ++k) c[k] = 100.f * k;
    interpret(rf.f, {a.arg(), b.arg(), c.arg()});
    for (int64_t r = 0; r < rows; ++r)
      for (int k = 0; k < 4; ++k) EXPECT_EQ(b[r * 4 + k], a[r * 4 + k] * 2 + c[k]);
  }
}

TEST(InterpShape, InconsistentBindingNamesTheParameter) {
  RowFunc rf;
  Host<float> a(DType::Float32, {5, 4}), b(DType::Float32, {6, 4}), c(DType::Float32, {4});
  try {
    interpret(rf.f, {a.arg(), b.arg(), c.arg()});
    ADD_FAILURE() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.op(), "interpret");
    EXPECT_EQ(e.message(), "parameter B: dim 0 is n = 5 (from parameter A), got 6");
    EXPECT_EQ(e.span().line, 3);
  }
}

TEST(InterpShape, ConstantDimMismatchMessage) {
  auto A = global("A", DType::Float32, {128, 64});
  auto bx = make_var("bx");
  auto f = func({A}, kernel1(1, bx, {}, make_store(A, {i32(0), i32(0)}, f32(1))));
  Host<float> a(DType::Float32, {128, 32});
  try {
    interpret(f, {a.arg()});
    ADD_FAILURE() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.op(), "interpret");
    EXPECT_EQ(e.message(), "parameter A: expected shape (128, 64), got (128, 32)");
  }
  Host<float> r3(DType::Float32, {128, 64, 1});
  expect_user_error([&] { interpret(f, {r3.arg()}); }, {"parameter A: expected shape (128, 64), got (128, 64, 1)"});
  RowFunc rf;
  Host<float> a5(DType::Float32, {5, 3}), b5(DType::Float32, {5, 4}), c(DType::Float32, {4});
  expect_user_error([&] { interpret(rf.f, {a5.arg(), b5.arg(), c.arg()}); },
                    {"parameter A: expected shape (n, 4), got (5, 3)"});
}

TEST(InterpShape, DerivedDimIsChecked) {
  // X: (n,), Y: (2 * n,)
  auto n = make_var("n");
  auto X = make_buffer("X", DType::Int32, {n}, Scope::Global);
  auto Y = make_buffer("Y", DType::Int32, {mul(n, i32(2))}, Scope::Global);
  auto bx = make_var("bx"), i = make_var("i");
  Stmt body = kernel1(1, bx, {}, make_for(i, i32(0), n, ForKind::Serial,
                                          make_store(Y, {add(mul(i, i32(2)), i32(1))}, make_load(X, {i}))));
  auto f = func({X, Y}, body, {n});
  Host<int32_t> x(DType::Int32, {3}), y(DType::Int32, {6}), bad(DType::Int32, {7});
  for (int k = 0; k < 3; ++k) x[k] = k + 10;
  interpret(f, {x.arg(), y.arg()});
  for (int k = 0; k < 6; ++k) EXPECT_EQ(y[k], k % 2 ? x[k / 2] : 0);
  expect_user_error([&] { interpret(f, {x.arg(), bad.arg()}); }, {"parameter Y: dim 0 should be 6, got 7"});
}

TEST(InterpShape, CountAndDtypeErrors) {
  RowFunc rf;
  Host<float> a(DType::Float32, {2, 4}), b(DType::Float32, {2, 4});
  Host<int32_t> ci(DType::Int32, {4});
  expect_user_error([&] { interpret(rf.f, {a.arg(), b.arg()}); }, {"expected 3 arguments, got 2"});
  expect_user_error([&] { interpret(rf.f, {a.arg(), b.arg(), ci.arg()}); },
                    {"parameter C: expected dtype float32, got int32"});
}

TEST(InterpShape, UnbindableShapeVar) {
  // X: (2 * n,) alone cannot determine n.
  auto n = make_var("n");
  auto X = make_buffer("X", DType::Int32, {mul(n, i32(2))}, Scope::Global);
  auto bx = make_var("bx");
  auto f = func({X}, kernel1(1, bx, {}, make_store(X, {i32(0)}, n)), {n});
  Host<int32_t> x(DType::Int32, {6});
  expect_user_error([&] { interpret(f, {x.arg()}); }, {"shape variable n cannot be bound"});
}

}  // namespace
}  // namespace tl::testing
