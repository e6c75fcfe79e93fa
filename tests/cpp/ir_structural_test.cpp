// Structural equality and hash: equal up to renaming, sensitive to every constant, dtype, flag, binding.
#include <gtest/gtest.h>

#include <set>

#include "ir_test_funcs.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/verifier.h"

namespace tl {
namespace {
using namespace tl::testing;

TEST(IrStructural, FreshAndRenamedCopiesAreEqual) {
  auto a = all_test_funcs(), b = all_test_funcs();
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(a[i].first);
    EXPECT_TRUE(structural_equal(a[i].second, b[i].second));
    EXPECT_EQ(structural_hash(a[i].second), structural_hash(b[i].second));
    EXPECT_EQ(structural_hash(a[i].second).size(), 16u);
  }
  auto renamed = elementwise_add("other_");
  EXPECT_NE(print_func(renamed), print_func(elementwise_add()));
  EXPECT_TRUE(structural_equal(renamed, elementwise_add()));
  EXPECT_EQ(structural_hash(renamed), structural_hash(elementwise_add()));
}

TEST(IrStructural, DistinctTestFunctionsDiffer) {
  auto fs = all_test_funcs();
  std::set<std::string> hashes;
  for (size_t i = 0; i < fs.size(); ++i) {
    hashes.insert(structural_hash(fs[i].second));
    for (size_t j = 0; j < fs.size(); ++j)
      EXPECT_EQ(structural_equal(fs[i].second, fs[j].second), i == j) << fs[i].first << " vs " << fs[j].first;
  }
  EXPECT_EQ(hashes.size(), fs.size());
}

// A small kernel; each variant changes exactly one thing.
PrimFunc variant(int v) {
  auto A = make_buffer("A", v == 3 ? DType::BFloat16 : DType::Float16, {I(64), I(64)}, Scope::Global);
  auto B = make_buffer("B", DType::Float16, {I(64), I(64)}, Scope::Global);
  auto C = make_buffer("C", DType::Float32, {I(64), I(64)}, Scope::Global);
  auto As = make_buffer("As", DType::Float16, {I(32), I(32)}, v == 15 ? Scope::Fragment : Scope::Shared);
  auto Bs = make_buffer("Bs", DType::Float16, {I(32), I(32)}, Scope::Shared);
  auto Cl = make_buffer("Cl", DType::Float32, {I(32), I(32)}, Scope::Fragment);
  auto m = make_buffer("m", DType::Float32, {I(32)}, Scope::Fragment);
  auto bx = make_var("bx"), k = make_var("k", v == 17 ? DType::Int64 : DType::Int32), i = make_var("i"), j = make_var("j");
  auto kk = make_cast(DType::Int32, k);
  auto a_src = region(v == 7 ? B : A, {{I(0), I(32)}, {mul(kk, I(32)), I(32)}});
  auto kbody = make_seq({make_copy(a_src, make_full_region(As)),
                         make_copy(region(B, {{mul(kk, I(32)), I(32)}, {I(0), I(32)}}), make_full_region(Bs)),
                         make_gemm(make_full_region(As), make_full_region(Bs), make_full_region(Cl), false, v == 5,
                                   v == 6)});
  ForKind kind = v == 8 ? ForKind::Serial : ForKind::Pipelined;
  auto kloop = make_for(k, I(0), I(v == 2 ? 3 : 2), kind, kbody, {}, v == 9 ? 2 : 3);
  Expr lit = v == 4 ? make_int(3, DType::Int64) : make_int(3);
  Stmt store = make_store(Cl, {v == 12 ? j : i, v == 12 ? i : j},
                          make_binary(BinaryOp::Add, make_load(Cl, {i, j}), std::make_shared<CastNode>(DType::Float32, lit)));
  auto par = make_for(i, I(0), I(32), ForKind::Parallel, make_for(j, I(0), I(32), ForKind::Parallel, store));
  Stmt guarded = make_if(make_binary(BinaryOp::LT, bx, I(1)), make_fill(make_full_region(m), make_float(v == 18 ? -0.0 : 0.0)),
                         v == 16 ? make_fill(make_full_region(m), make_float(2.0)) : nullptr);
  auto body = make_seq({make_fill(make_full_region(Cl), make_float(v == 1 ? 1.0 : 0.0)), kloop, par, guarded,
                        make_reduce(v == 10 ? ReduceKind::Min : ReduceKind::Max, make_full_region(Cl),
                                    make_full_region(m), 1, v != 11),
                        make_copy(make_full_region(Cl), region(C, {{I(0), I(32)}, {I(0), I(32)}})),
                        make_evaluate(make_extern(v == 21 ? "noc_barrier" : "noc_sync", v == 22 ? DType::Int64 : DType::Int32,
                                                  {I(v == 23 ? 1 : 0)}))});
  auto kern = make_kernel({I(2)}, {bx}, {v == 13 ? 256 : 128}, {As, Bs, Cl, m},
                          {{"swizzle", v == 19 ? "2" : "1"}}, body);
  std::vector<Buffer> params = v == 20 ? std::vector<Buffer>{B, A, C} : std::vector<Buffer>{A, B, C};
  return make_func(v == 14 ? "g" : "f", params, {}, {}, kern);
}
constexpr int kVariants = 24;

TEST(IrStructural, EveryChangeIsSeen) {
  std::vector<PrimFunc> fs;
  std::set<std::string> hashes;
  for (int v = 0; v < kVariants; ++v) {
    fs.push_back(variant(v));
    hashes.insert(structural_hash(fs.back()));
    EXPECT_TRUE(structural_equal(fs.back(), variant(v))) << v;
    EXPECT_EQ(structural_hash(fs.back()), structural_hash(variant(v))) << v;
    EXPECT_NO_THROW(verify(fs.back())) << v;
    EXPECT_TRUE(structural_equal(parse_func(print_func(fs.back())), fs.back())) << v;
  }
  for (int a = 0; a < kVariants; ++a)
    for (int b = a + 1; b < kVariants; ++b) EXPECT_FALSE(structural_equal(fs[a], fs[b])) << a << " vs " << b;
  EXPECT_EQ(hashes.size(), static_cast<size_t>(kVariants));
}

// The hash is a cache key kept on disk: it must not drift between builds or runs. If the canonical form
// changes on purpose, bump kFormatVersion in structural.cpp and update these values.
TEST(IrStructural, HashIsStable) {
  EXPECT_EQ(structural_hash(elementwise_add()), "7879c7808d95ca19");
  EXPECT_EQ(structural_hash(gemm_pipelined()), "437160d39d728626");
}

TEST(IrStructural, BindingsMustBeConsistent) {
  auto X = make_buffer("X", DType::Float32, {I(4)}, Scope::Global);
  auto bx = make_var("bx");
  auto two_loops = [&](VarRef a, VarRef b, bool use_first_in_second) {
    auto l1 = make_for(a, I(0), I(4), ForKind::Serial, make_store(X, {a}, make_float(1.0)));
    auto l2 = make_for(b, I(0), I(4), ForKind::Serial, make_store(X, {use_first_in_second ? a : b}, make_float(2.0)));
    return make_func("f", {X}, {}, {}, make_kernel({I(1)}, {bx}, {1}, {}, {}, make_seq({l1, l2})));
  };
  auto i = make_var("i"), j = make_var("j");
  auto distinct = two_loops(i, j, false);
  auto shared = two_loops(i, i, false);          // one var object defined twice
  auto cross = two_loops(make_var("i"), make_var("j"), true);  // second loop uses the first loop's var
  EXPECT_FALSE(structural_equal(distinct, shared));
  EXPECT_FALSE(structural_equal(distinct, cross));
  EXPECT_FALSE(structural_equal(shared, cross));
  EXPECT_TRUE(structural_equal(distinct, two_loops(make_var("a"), make_var("b"), false)));
}

TEST(IrStructural, FloatConstants) {
  auto X = make_buffer("X", DType::Float32, {I(1)}, Scope::Global);
  auto f = [&](double v) {
    return make_func("f", {X}, {}, {},
                     make_kernel({I(1)}, {make_var("b")}, {1}, {}, {}, make_store(X, {I(0)}, make_float(v))));
  };
  EXPECT_TRUE(structural_equal(f(NAN), f(-NAN)));  // NaNs are one constant
  EXPECT_EQ(structural_hash(f(NAN)), structural_hash(f(-NAN)));
  EXPECT_FALSE(structural_equal(f(0.0), f(-0.0)));
  EXPECT_FALSE(structural_equal(f(0.1), f(0.1 + 1e-17 * 2)));
  EXPECT_FALSE(structural_equal(f(INFINITY), f(-INFINITY)));
}

}  // namespace
}  // namespace tl
