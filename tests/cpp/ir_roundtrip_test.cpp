// Text round trip: parse(print(f)) is structurally equal to f and prints to the same text, for functions
// covering every node kind and field; hand-written text with implicit promotions parses as documented.
#include <gtest/gtest.h>

#include "ir_test_funcs.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/support/error.h"

namespace tl {
namespace {
using namespace tl::testing;

TEST(IrRoundTrip, EveryTestFunction) {
  for (auto& [name, f] : all_test_funcs()) {
    SCOPED_TRACE(name);
    std::string text = print_func(f);
    PrimFunc g;
    try {
      g = parse_func(text);
    } catch (const UserError& e) {
      FAIL() << e.what() << "\n" << text;
    }
    EXPECT_TRUE(structural_equal(f, g)) << text << "\n---\n" << print_func(g);
    EXPECT_EQ(print_func(g), text);
    EXPECT_EQ(structural_hash(f), structural_hash(g));
    // And once more from the parsed copy.
    EXPECT_TRUE(structural_equal(parse_func(print_func(g)), f));
  }
}

TEST(IrRoundTrip, FloatBitsSurvive) {
  // -0.0 and the smallest subnormal must come back bit-exact; all NaNs are one constant.
  auto f = all_dtypes();
  auto g = parse_func(print_func(f));
  std::string t = print_func(g);
  EXPECT_NE(t.find("= -0.0\n"), std::string::npos);
  EXPECT_NE(t.find("float64(4.94065645841247e-324)"), std::string::npos);
  EXPECT_NE(t.find("= float64(nan)"), std::string::npos);
  EXPECT_NE(t.find("int64(-9223372036854775808)"), std::string::npos);
}

TEST(IrRoundTrip, SpansAreSetByParser) {
  auto g = parse_func(print_func(elementwise_add()));
  auto* k = g->body->as<KernelNode>();
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->span.file, "<ir>");
  EXPECT_EQ(k->span.line, 3);  // func line, attr line, kernel line
  EXPECT_EQ(k->span.col, 3);
}

TEST(IrRoundTrip, HandWrittenText) {
  // Literals take the other operand's dtype, stores cast to the buffer's dtype, names may shadow.
  const char* text = R"(# a hand-written function
func scale[N](X: float16[N], Y: float32[N]):
  kernel b in grid((N + 31) // 32) threads(32):
    alloc t: fragment float16[32]
    copy(X[b * 32 +: 32], t)
    for i in parallel(0, 32):
      t[i] = t[i] * 2 + 1     # float16 arithmetic
    for i in serial(0, 32):   # a second `i`
      if b * 32 + i < N:
        Y[b * 32 + i] = t[i]
)";
  PrimFunc f = parse_func(text);
  ASSERT_EQ(f->params.size(), 2u);
  auto* k = f->body->as<KernelNode>();
  ASSERT_NE(k, nullptr);
  auto* seq = k->body->as<SeqStmtNode>();
  ASSERT_NE(seq, nullptr);
  ASSERT_EQ(seq->seq.size(), 3u);
  auto* loop1 = seq->seq[1]->as<ForNode>();
  auto* loop2 = seq->seq[2]->as<ForNode>();
  ASSERT_TRUE(loop1 && loop2);
  EXPECT_NE(loop1->var, loop2->var);
  EXPECT_EQ(loop1->for_kind, ForKind::Parallel);
  auto* st = loop1->body->as<BufferStoreNode>();
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(st->value->dtype, DType::Float16);
  auto* add_node = st->value->as<BinaryNode>();
  ASSERT_NE(add_node, nullptr);
  ASSERT_NE(add_node->b->as<FloatImmNode>(), nullptr);
  EXPECT_EQ(add_node->b->dtype, DType::Float16);
  EXPECT_EQ(add_node->b->as<FloatImmNode>()->value, 1.0);
  auto* store2 = loop2->body->as<IfThenElseNode>()->then_case->as<BufferStoreNode>();
  ASSERT_NE(store2, nullptr);
  ASSERT_NE(store2->value->as<CastNode>(), nullptr);  // float16 → float32 cast inserted
  // Printing renames the second i and the result parses back equal.
  std::string printed = print_func(f);
  EXPECT_NE(printed.find("for i_1 in serial(0, 32):"), std::string::npos) << printed;
  EXPECT_TRUE(structural_equal(parse_func(printed), f));
}

TEST(IrRoundTrip, LinesJoinInsideBrackets) {
  const char* text = "func f(A: float32[4,\n                     4]):\n  kernel b in grid(1) threads(1):\n"
                     "    A[0,\n  1] = max(1.0,\n 2.0) # comment\n    A[1, 1] = 3.0\n";
  PrimFunc f = parse_func(text);
  auto* seq = f->body->as<KernelNode>()->body->as<SeqStmtNode>();
  ASSERT_NE(seq, nullptr);
  EXPECT_EQ(seq->seq.size(), 2u);
  EXPECT_EQ(print_func(f), "func f(A: float32[4, 4]):\n  kernel b in grid(1) threads(1):\n    A[0, 1] = max(1.0, 2.0)\n"
                           "    A[1, 1] = 3.0\n");
}

TEST(IrRoundTrip, IndentedText) {
  // As written inside a Python triple-quoted string: the first line sets the margin.
  const char* text = "\n    func f(A: float32[2]):\n      kernel b in grid(1) threads(1):\n        A[0] = 1.0\n";
  EXPECT_EQ(print_func(parse_func(text)), "func f(A: float32[2]):\n  kernel b in grid(1) threads(1):\n    A[0] = 1.0\n");
  try {
    parse_func("    func f(A: float32[2]):\n      pass\n  pass\n");
    ADD_FAILURE() << "a line left of the margin parsed";
  } catch (const UserError& e) {
    EXPECT_EQ(e.span().line, 3);
    EXPECT_EQ(e.span().col, 3);
    EXPECT_NE(e.message().find("expected indentation of 4 spaces, got 2"), std::string::npos) << e.what();
  }
}

TEST(IrRoundTrip, EmptyBodies) {
  auto A = make_buffer("A", DType::Float32, {I(4)}, Scope::Global);
  auto S = make_buffer("S", DType::Float32, {I(4)}, Scope::Local);
  auto empty = make_seq({});
  auto f = make_func("empty", {A}, {}, {{"x", "y"}}, empty);
  EXPECT_EQ(print_func(f), "func empty(A: float32[4]):\n  attr \"x\" = \"y\"\n  pass\n");
  EXPECT_TRUE(structural_equal(parse_func(print_func(f)), f));
  auto g = make_func("k", {}, {}, {}, make_kernel({I(1)}, {make_var("b")}, {}, {S}, {}, empty));
  EXPECT_EQ(print_func(g), "func k():\n  kernel b in grid(1) threads():\n    alloc S: local float32[4]\n    pass\n");
  EXPECT_TRUE(structural_equal(parse_func(print_func(g)), g));
}

TEST(IrRoundTrip, PrintExprAndStmt) {
  auto x = make_var("x"), y = make_var("y", DType::Float32), p = make_var("p", DType::Bool);
  EXPECT_EQ(print_expr(make_binary(BinaryOp::Sub, x, make_binary(BinaryOp::Sub, I(1), x))), "x - (1 - x)");
  EXPECT_EQ(print_expr(make_binary(BinaryOp::Mul, make_binary(BinaryOp::Add, x, I(1)), x)), "(x + 1) * x");
  EXPECT_EQ(print_expr(make_binary(BinaryOp::EQ, make_binary(BinaryOp::LT, x, I(1)), make_bool(true))),
            "(x < 1) == True");
  EXPECT_EQ(print_expr(make_unary(UnaryOp::Not, make_binary(BinaryOp::And, p, p))), "not (p and p)");
  EXPECT_EQ(print_expr(make_unary(UnaryOp::Neg, make_int(-3))), "-(-3)");
  EXPECT_EQ(print_expr(make_binary(BinaryOp::Add, y, make_float(0.1))), "y + 0.1");
  EXPECT_EQ(print_expr(make_cast(DType::Float16, y)), "cast(float16, y)");
  EXPECT_EQ(print_expr(make_float(1e20, DType::BFloat16)), "bfloat16(1e+20)");
  auto A = make_buffer("A", DType::Float32, {I(4)}, Scope::Shared);
  EXPECT_EQ(print_stmt(make_store(A, {x}, y)), "A[x] = y\n");
}

}  // namespace
}  // namespace tl
