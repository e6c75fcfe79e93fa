// Verifier: accepts every test function (and its parsed copy); rejects each kind of malformed IR with an
// InternalError that names the offending var, buffer or node.
#include <gtest/gtest.h>

#include "ir_test_funcs.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/verifier.h"
#include "tilelang_tt/support/error.h"

namespace tl {
namespace {
using namespace tl::testing;

// The InternalError message from verify(f), or "" if it passed.
std::string verify_error(const PrimFunc& f) {
  try {
    verify(f);
  } catch (const InternalError& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_REJECTED(f, fragment)                                                     \
  do {                                                                                   \
    std::string msg_ = verify_error(f);                                                  \
    EXPECT_NE(msg_, "") << "accepted:\n" << print_func(f);                               \
    EXPECT_NE(msg_.find(fragment), std::string::npos) << "message: " << msg_;            \
  } while (0)

struct Fixture {
  Buffer A = make_buffer("A", DType::Float32, {I(64), I(64)}, Scope::Global);
  Buffer B = make_buffer("B", DType::Float32, {I(64), I(64)}, Scope::Global);
  Buffer S = make_buffer("S", DType::Float32, {I(32), I(32)}, Scope::Shared);
  Buffer F = make_buffer("F", DType::Float32, {I(32), I(32)}, Scope::Fragment);
  VarRef bx = make_var("bx");
  PrimFunc func(Stmt body, std::vector<Buffer> allocs = {}) {
    if (allocs.empty()) allocs = {S, F};
    return make_func("f", {A, B}, {}, {}, make_kernel({I(2)}, {bx}, {128}, allocs, {}, body));
  }
  Stmt copy_in() { return make_copy(region(A, {{I(0), I(32)}, {I(0), I(32)}}), make_full_region(S)); }
};

TEST(IrVerifier, AcceptsTestFunctionsAndTheirParsedCopies) {
  for (auto& [name, f] : all_test_funcs()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(verify_error(f), "");
    EXPECT_EQ(verify_error(parse_func(print_func(f))), "");
  }
  Fixture x;
  EXPECT_EQ(verify_error(x.func(x.copy_in())), "");
}

TEST(IrVerifier, VarUsedOutsideItsDefinition) {
  Fixture x;
  auto k = make_var("k");
  EXPECT_REJECTED(x.func(make_store(x.A, {k, I(0)}, make_float(1.0))), "var k is used outside its definition");
  // A loop var used after its loop.
  auto i = make_var("i");
  auto loop = make_for(i, I(0), I(4), ForKind::Serial, make_store(x.A, {i, I(0)}, make_float(1.0)));
  EXPECT_REJECTED(x.func(make_seq({loop, make_store(x.A, {i, I(1)}, make_float(2.0))})), "var i is used outside");
  // A let var used in its own value is not yet defined.
  auto t = make_var("t");
  auto let = std::make_shared<LetStmtNode>(t, make_binary(BinaryOp::Add, t, I(1)), make_store(x.A, {t, I(0)}, make_float(1.0)),
                                           Span{});
  EXPECT_REJECTED(x.func(let), "var t is used outside");
  // A block var of one kernel used in the next.
  auto k1 = make_kernel({I(1)}, {x.bx}, {128}, {}, {}, make_store(x.A, {x.bx, I(0)}, make_float(1.0)));
  auto by = make_var("by");
  auto k2 = make_kernel({I(1)}, {by}, {128}, {}, {}, make_store(x.A, {x.bx, I(1)}, make_float(1.0)));
  EXPECT_REJECTED(make_func("f", {x.A}, {}, {}, make_seq({k1, k2})), "var bx is used outside");
}

TEST(IrVerifier, VarDefinedTwice) {
  Fixture x;
  auto i = make_var("i");
  auto loop = make_for(i, I(0), I(4), ForKind::Serial, make_store(x.A, {i, I(0)}, make_float(1.0)));
  EXPECT_REJECTED(x.func(make_seq({loop, loop})), "var i is defined twice");
}

TEST(IrVerifier, BufferScopes) {
  Fixture x;
  // S is shared but this kernel allocates only F.
  EXPECT_REJECTED(x.func(x.copy_in(), {x.F}), "shared buffer S is not allocated by the enclosing kernel");
  // A global buffer that is not a parameter.
  auto G = make_buffer("G", DType::Float32, {I(4)}, Scope::Global);
  EXPECT_REJECTED(x.func(make_store(G, {I(0)}, make_float(1.0))), "global buffer G is neither a parameter nor a workspace");
  // The same buffer allocated by two kernels.
  auto k1 = make_kernel({I(1)}, {make_var("b0")}, {128}, {x.S}, {}, x.copy_in());
  auto k2 = make_kernel({I(1)}, {make_var("b1")}, {128}, {x.S}, {}, x.copy_in());
  EXPECT_REJECTED(make_func("f", {x.A}, {}, {}, make_seq({k1, k2})), "buffer S is allocated twice");
  // A fragment used outside any kernel.
  auto loose = make_func("f", {x.A}, {}, {}, make_store(x.F, {I(0), I(0)}, make_float(0.0)));
  EXPECT_REJECTED(loose, "fragment buffer F is not allocated");
  // A local buffer with a symbolic shape.
  auto n = make_var("n");
  auto L = make_buffer("L", DType::Float32, {n}, Scope::Local);
  auto f = make_func("f", {x.A}, {n}, {},
                     make_kernel({I(1)}, {x.bx}, {128}, {L}, {}, make_store(L, {I(0)}, make_float(0.0))));
  EXPECT_REJECTED(f, "allocated buffer L needs a positive constant shape");
}

TEST(IrVerifier, IndexCountsAndDtypes) {
  Fixture x;
  auto bad_rank = std::make_shared<BufferStoreNode>(x.A, std::vector<Expr>{I(0)}, make_float(1.0), Span{});
  EXPECT_REJECTED(x.func(bad_rank), "1 indices into A of rank 2");
  auto bad_load = std::make_shared<BufferLoadNode>(x.B, std::vector<Expr>{I(0), I(1), I(2)});
  EXPECT_REJECTED(x.func(make_store(x.A, {I(0), I(0)}, bad_load)), "3 indices into B of rank 2");
  auto bad_value = std::make_shared<BufferStoreNode>(x.A, std::vector<Expr>{I(0), I(0)}, make_float(1.0, DType::Float16),
                                                     Span{});
  EXPECT_REJECTED(x.func(bad_value), "stored value is float16, buffer A is float32");
  auto i64 = make_int(0, DType::Int64);
  auto bad_index = std::make_shared<BufferStoreNode>(x.A, std::vector<Expr>{i64, I(0)}, make_float(1.0), Span{});
  EXPECT_REJECTED(x.func(bad_index), "index into A is int64, expected int32");
  auto mixed = std::make_shared<BinaryNode>(DType::Float32, BinaryOp::Add, make_float(1.0), make_float(1.0, DType::Float16));
  EXPECT_REJECTED(x.func(make_store(x.A, {I(0), I(0)}, mixed)), "operands of + are float32 and float16");
  auto int_cond = std::make_shared<IfThenElseNode>(I(1), make_store(x.A, {I(0), I(0)}, make_float(1.0)), nullptr, Span{});
  EXPECT_REJECTED(x.func(int_cond), "condition is not bool");
  auto int_exp = std::make_shared<CallNode>(DType::Int32, Intrinsic::Exp, std::vector<Expr>{I(1)});
  EXPECT_REJECTED(x.func(make_store(x.A, {I(0), I(0)}, make_cast(DType::Float32, int_exp))), "exp of non-float");
}

TEST(IrVerifier, TileOpShapes) {
  Fixture x;
  // Copy of 32x16 elements into a 32x32 buffer.
  EXPECT_REJECTED(x.func(make_copy(region(x.A, {{I(0), I(32)}, {I(0), I(16)}}), make_full_region(x.S))),
                  "copy regions of A and S differ in element count");
  // A copy dropping an extent-1 dim is fine.
  auto R = make_buffer("R", DType::Float32, {I(32)}, Scope::Fragment);
  EXPECT_EQ(verify_error(x.func(make_copy(region(x.A, {{I(3), I(1)}, {I(0), I(32)}}), make_full_region(R)), {R})), "");
  // Gemm K mismatch: A_s is 32x32, B_s 16x32.
  auto Bs = make_buffer("Bs", DType::Float32, {I(16), I(32)}, Scope::Shared);
  auto g = make_gemm(make_full_region(x.S), make_full_region(Bs), make_full_region(x.F), false, false, false);
  EXPECT_REJECTED(x.func(g, {x.S, Bs, x.F}), "gemm reduction extents of S and Bs differ");
  // ... but with transpose_b the shapes are (32x32)·(32x16)^T → C must be 32x16: N mismatch with F (32x32).
  auto gt = make_gemm(make_full_region(x.S), make_full_region(Bs), make_full_region(x.F), false, true, false);
  EXPECT_REJECTED(x.func(gt, {x.S, Bs, x.F}), "gemm N extents of Bs and F differ");
  // Reduce destination of the wrong shape.
  auto wrong = make_buffer("wrong", DType::Float32, {I(16)}, Scope::Fragment);
  EXPECT_REJECTED(x.func(make_reduce(ReduceKind::Max, make_full_region(x.F), make_full_region(wrong), 1, true),
                         {x.F, wrong}),
                  "reduce destination wrong is not the source shape without dim 1");
  // A shared region out of bounds.
  EXPECT_REJECTED(x.func(make_copy(region(x.A, {{I(0), I(32)}, {I(0), I(32)}}), region(x.S, {{I(16), I(32)}, {I(0), I(32)}}))),
                  "region of S is out of bounds in dim 0");
  // Fill with a value of another dtype.
  auto fill = std::make_shared<FillNode>(make_full_region(x.F), make_float(0.0, DType::Float16), Span{});
  EXPECT_REJECTED(x.func(fill), "fill value is float16, buffer is float32");
}

TEST(IrVerifier, KernelNestingAndParallelTileOps) {
  Fixture x;
  auto inner = make_kernel({I(1)}, {make_var("by")}, {128}, {}, {}, make_store(x.A, {I(0), I(0)}, make_float(1.0)));
  EXPECT_REJECTED(x.func(inner), "kernel nested in another kernel");
  auto i = make_var("i");
  auto par = make_for(i, I(0), I(4), ForKind::Parallel, x.copy_in());
  EXPECT_REJECTED(x.func(par), "copy inside a parallel loop");
  // The same copy in a serial loop is fine.
  auto j = make_var("j");
  EXPECT_EQ(verify_error(x.func(make_for(j, I(0), I(4), ForKind::Serial, x.copy_in()))), "");
}

TEST(IrVerifier, MessageNamesFunctionAndStatement) {
  Fixture x;
  auto k = make_var("k");
  std::string msg = verify_error(x.func(make_store(x.A, {k, I(0)}, make_float(1.0))));
  EXPECT_NE(msg.find("verify f:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(in `A[k, 0] = 1.0`)"), std::string::npos) << msg;
}

}  // namespace
}  // namespace tl
