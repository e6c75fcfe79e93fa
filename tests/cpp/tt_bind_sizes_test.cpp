// bind_tt_sizes: the symbolic dims take a call's values everywhere (shapes, grid, loop bounds, indices), the integer
// arithmetic of constants folds with the interpreter's semantics, and a folded value outside int32 is a UserError.
#include <gtest/gtest.h>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/bind_tt_sizes.h"

namespace tl::tt {
namespace {

Expr bin(BinaryOp op, const Expr& a, const Expr& b) { return make_binary(op, a, b); }

// f[m](A: float32[m, 64]): kernel grid((m + 31) // 32): for i in 0 .. (m - 100) // 7: fill(S[(m - 100) % 7 ...])
PrimFunc func_of_m(const VarRef& m, const Expr& extent) {
  VarRef bx = make_var("bx"), i = make_var("i");
  Buffer a = make_buffer("A", DType::Float32, {m, make_int(64)}, Scope::Global);
  Buffer s = make_buffer("S", DType::Float32, {make_int(32), make_int(32)}, Scope::Shared);
  Expr grid = bin(BinaryOp::FloorDiv, bin(BinaryOp::Add, m, make_int(31)), make_int(32));
  Stmt body = make_for(i, make_int(0), extent, ForKind::Serial, make_copy(make_full_region(s), make_full_region(s)));
  Stmt k = make_kernel({grid}, {bx}, {128}, {s}, {}, body);
  return make_func("f", {a}, {m}, {}, k);
}

TEST(TTBindSizes, SubstitutesAndFoldsLikeTheInterpreter) {
  VarRef m = make_var("m");
  // (m - 100) // 7 and (m - 100) % 7 round toward -inf; m - 100 / 7 truncates (C semantics) — at m = 40: -9, 3, 26
  Expr extent = bin(BinaryOp::Add, bin(BinaryOp::Add, bin(BinaryOp::FloorDiv, bin(BinaryOp::Sub, m, make_int(100)),
                                                            make_int(7)),
                                      bin(BinaryOp::FloorMod, bin(BinaryOp::Sub, m, make_int(100)), make_int(7))),
                    bin(BinaryOp::Sub, m, bin(BinaryOp::Div, make_int(-100), make_int(7))));
  PrimFunc g = bind_tt_sizes(func_of_m(m, extent), {40});
  EXPECT_TRUE(g->shape_vars.empty());
  EXPECT_EQ(as_const_int(g->params[0]->shape[0]), 40);
  const KernelNode& k = *g->body->as<KernelNode>();
  EXPECT_EQ(as_const_int(k.grid[0]), 2);                          // (40 + 31) // 32
  EXPECT_EQ(as_const_int(k.body->as<ForNode>()->extent), -9 + 3 + 54);  // 40 - (-14)
}

TEST(TTBindSizes, AFoldedValueOutsideInt32IsAUserError) {
  VarRef m = make_var("m");
  Expr extent = bin(BinaryOp::Mul, m, make_int(1 << 20));
  try {
    bind_tt_sizes(func_of_m(m, extent), {4096});
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.op(), "T.dynamic");
    EXPECT_NE(e.message().find("a size expression is 4294967296 at these sizes: outside int32"), std::string::npos);
  }
}

}  // namespace
}  // namespace tl::tt
