// Randomized round trip: random expression trees over every operator, literal kind and dtype (built with
// the make_* builder, as the front end does) print, parse back structurally equal, print identically and
// verify. A fixed seed keeps failures reproducible; the failing text is shown.
#include <gtest/gtest.h>

#include <random>

#include "ir_test_funcs.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/verifier.h"

namespace tl {
namespace {
using namespace tl::testing;

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  VarRef i = make_var("i"), j = make_var("j"), t = make_var("t", DType::Float32), h = make_var("h", DType::Float16);
  Buffer X = make_buffer("X", DType::Float32, {I(16)}, Scope::Global);
  Buffer N = make_buffer("N", DType::Int32, {I(16)}, Scope::Global);

  Expr index() { return make_binary(BinaryOp::FloorMod, integer(1), I(16)); }

  Expr integer(int d) {
    if (d <= 0 || pick(4) == 0) {
      switch (pick(4)) {
        case 0: return i;
        case 1: return j;
        case 2: return make_int(pick(41) - 20);
        default: return make_load(N, {make_binary(BinaryOp::FloorMod, i, I(16))});
      }
    }
    switch (pick(5)) {
      case 0: {
        static const BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Sub,      BinaryOp::Mul, BinaryOp::Div,
                                       BinaryOp::FloorDiv, BinaryOp::FloorMod, BinaryOp::Min, BinaryOp::Max};
        return make_binary(ops[pick(8)], integer(d - 1), integer(d - 1));
      }
      case 1: return make_unary(UnaryOp::Neg, integer(d - 1));
      case 2: return make_select(boolean(d - 1), integer(d - 1), integer(d - 1));
      case 3: return make_cast(DType::Int32, floating(d - 1));
      default: return make_call(Intrinsic::Abs, {integer(d - 1)});
    }
  }

  Expr floating(int d) {
    if (d <= 0 || pick(4) == 0) {
      static const double lits[] = {0.5, -0.25, 1e-7, -3e30, INFINITY, -INFINITY, NAN, -0.0, 0.1, 2.0};
      switch (pick(4)) {
        case 0: return t;
        case 1: return make_cast(DType::Float32, h);
        case 2: return make_float(lits[pick(10)]);
        default: return make_load(X, {index()});
      }
    }
    switch (pick(6)) {
      case 0: {
        static const BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div, BinaryOp::Min,
                                       BinaryOp::Max};
        return make_binary(ops[pick(6)], floating(d - 1), floating(d - 1));
      }
      case 1: return make_unary(UnaryOp::Neg, floating(d - 1));
      case 2: {
        auto fn = static_cast<Intrinsic>(pick(static_cast<int>(Intrinsic::Trunc) + 1));
        std::vector<Expr> args = {floating(d - 1)};
        if (intrinsic_arity(fn) == 2) args.push_back(floating(d - 1));
        return make_call(fn, args);
      }
      case 3: return make_select(boolean(d - 1), floating(d - 1), floating(d - 1));
      case 4: return make_cast(DType::Float32, make_binary(BinaryOp::Mul, make_cast(DType::Float16, floating(d - 1)),
                                                           make_float(1.5, DType::Float16)));
      default: return make_cast(DType::Float32, integer(d - 1));
    }
  }

  Expr boolean(int d) {
    if (d <= 0 || pick(5) == 0) return make_bool(pick(2));
    static const BinaryOp cmps[] = {BinaryOp::EQ, BinaryOp::NE, BinaryOp::LT, BinaryOp::LE, BinaryOp::GT, BinaryOp::GE};
    switch (pick(5)) {
      case 0: return make_binary(cmps[pick(6)], integer(d - 1), integer(d - 1));
      case 1: return make_binary(cmps[pick(6)], floating(d - 1), floating(d - 1));
      case 2: return make_binary(pick(2) ? BinaryOp::And : BinaryOp::Or, boolean(d - 1), boolean(d - 1));
      case 3: return make_unary(UnaryOp::Not, boolean(d - 1));
      default: return make_binary(cmps[pick(6)], boolean(d - 1), boolean(d - 1));
    }
  }

  PrimFunc func() {
    std::vector<Stmt> stores;
    for (int k = 0; k < 4; ++k) {
      stores.push_back(make_store(X, {index()}, floating(4)));
      stores.push_back(make_store(N, {index()}, integer(4)));
    }
    Stmt body = make_if(boolean(3), make_seq(stores), pick(2) ? make_store(X, {I(0)}, floating(2)) : nullptr);
    body = make_let(t, make_load(X, {I(1)}), make_let(h, make_cast(DType::Float16, make_load(X, {I(2)})), body));
    body = make_for(i, I(0), I(16), ForKind::Serial, make_for(j, I(-3), I(5), ForKind::Unrolled, body));
    return make_func("random", {X, N}, {}, {}, make_kernel({I(1)}, {make_var("bx")}, {1}, {}, {}, body));
  }

 private:
  std::mt19937 rng_;
};

TEST(IrRandom, RoundTrip) {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    PrimFunc f = Gen(seed).func();
    std::string text = print_func(f);
    SCOPED_TRACE("seed " + std::to_string(seed) + "\n" + text);
    ASSERT_NO_THROW(verify(f));
    PrimFunc g = parse_func(text);
    ASSERT_TRUE(structural_equal(f, g)) << print_func(g);
    ASSERT_EQ(print_func(g), text);
    ASSERT_EQ(structural_hash(f), structural_hash(g));
    ASSERT_NO_THROW(verify(g));
  }
}

TEST(IrRandom, DifferentFunctionsHashDifferently) {
  std::set<std::string> hashes;
  int distinct_texts = 0;
  std::set<std::string> texts;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    PrimFunc f = Gen(seed).func();
    distinct_texts += texts.insert(print_func(f)).second;
    hashes.insert(structural_hash(f));
  }
  EXPECT_EQ(static_cast<int>(hashes.size()), distinct_texts);
}

}  // namespace
}  // namespace tl
