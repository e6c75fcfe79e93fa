// Parse errors: malformed text raises UserError("parse", "expected ... got ...") at the offending line:col.
#include <gtest/gtest.h>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/support/error.h"

namespace tl {
namespace {

struct Case {
  const char* text;
  int line, col;
  const char* message;
};

const char* kHeader = "func f(A: float32[4, 4]):\n  kernel bx in grid(1) threads(128):\n";

TEST(IrParseError, LineColumnAndMessage) {
  const Case cases[] = {
      // Missing value after '='.
      {"    A[0, 0] = \n", 3, 15, "expected an expression, got end of line"},
      // A var that is not in scope.
      {"    A[k, 0] = 1.0\n", 3, 7, "expected a var in scope, got 'k'"},
      // A buffer that does not exist.
      {"    Q[0, 0] = 1.0\n", 3, 5, "expected a statement or a buffer in scope, got 'Q'"},
      // Wrong number of indices.
      {"    A[0] = 1.0\n", 3, 5, "expected 2 indices into A, got 1"},
      // Unknown dtype in an allocation.
      {"    alloc S: shared floaty[4]\n    pass\n", 3, 21, "expected a dtype, got 'floaty'"},
      // Inconsistent dedent.
      {"    pass\n   pass\n", 4, 4, "expected indentation of 2 spaces, got 3"},
      // Unterminated string.
      {"    attr \"k\n    pass\n", 3, 10, "expected '\"' to end the string, got end of line"},
      // Chained comparisons.
      {"    if 1 < 2 < 3:\n      pass\n", 3, 14, "expected a parenthesized comparison"},
      // Reduce without dim.
      {"    alloc S: fragment float32[4]\n    reduce_sum(A, S)\n", 4, 5, "expected dim=<0..2>, got none"},
      // Unknown keyword argument.
      {"    gemm(A, A, A, transpose_c=True)\n", 3, 19, "expected a known keyword argument, got 'transpose_c'"},
      // Unknown loop kind.
      {"    for i in forever(0, 4):\n      pass\n", 3, 14, "expected serial, parallel, pipelined, unroll or thread, got 'forever'"},
      // Missing block.
      {"    for i in serial(0, 4):\n    pass\n", 4, 5, "expected an indented block, got 'pass'"},
      // Intrinsic arity.
      {"    A[0, 0] = pow(1.0)\n", 3, 15, "expected 2 argument(s) to pow, got 1"},
      // Integer literal too large.
      {"    A[0, 0] = cast(float32, int64(9223372036854775808))\n", 3, 35, "expected an integer that fits in 64 bits"},
      // Float literal for an integer dtype.
      {"    A[0, 0] = cast(float32, int8(1.5))\n", 3, 34, "expected an integer for int8, got '1.5'"},
      // Stray character.
      {"    A[0, 0] = 1.0 $\n", 3, 19, "expected a token, got '$'"},
      // Trailing tokens after a statement.
      {"    A[0, 0] = 1.0 1.0\n", 3, 19, "expected end of line, got '1.0'"},
      // Region with a ':' instead of '+:'.
      {"    alloc S: shared float32[4, 4]\n    copy(A[0:4, 0:4], S)\n", 4, 13, "expected '+:', got ':'"},
      // let whose value has another dtype.
      {"    let x: float16 = 1.0:\n      pass\n", 3, 5, "expected a value of dtype float16 for x, got float32"},
      // Name defined twice in one scope.
      {"    alloc S: shared float32[4]\n    alloc S: shared float32[4]\n", 4, 11, "expected a new name, got 'S'"},
  };
  for (const Case& c : cases) {
    std::string text = std::string(kHeader) + c.text;
    SCOPED_TRACE(text);
    try {
      parse_func(text);
      ADD_FAILURE() << "parsed without error";
    } catch (const UserError& e) {
      EXPECT_EQ(e.op(), "parse");
      EXPECT_EQ(e.span().file, "<ir>");
      EXPECT_EQ(e.span().line, c.line) << e.what();
      EXPECT_EQ(e.span().col, c.col) << e.what();
      EXPECT_NE(e.message().find(c.message), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("<ir>:" + std::to_string(c.line) + ":" + std::to_string(c.col) + ": error: [parse] expected", 0), 0u) << e.what();
    }
  }
}

TEST(IrParseError, HeaderErrors) {
  const Case cases[] = {
      {"", 1, 1, "expected 'func', got end of text"},
      {"fn f():\n  pass\n", 1, 1, "expected 'func', got 'fn'"},
      {"func f(A: shared float32[4]):\n  pass\n", 1, 8, "expected a global buffer parameter, got 'A'"},
      {"func f[N](A: float32[M]):\n  pass\n", 1, 22, "expected a var in scope, got 'M'"},
      {"func f():\n  pass\nfunc g():\n  pass\n", 3, 1, "expected end of text, got 'func'"},
      {"func f():\npass\n", 2, 1, "expected an indented block, got 'pass'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    try {
      parse_func(c.text);
      ADD_FAILURE() << "parsed without error";
    } catch (const UserError& e) {
      EXPECT_EQ(e.span().line, c.line) << e.what();
      EXPECT_EQ(e.span().col, c.col) << e.what();
      EXPECT_NE(e.message().find(c.message), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace tl
