// Printer: the exact text of a GEMM kernel (the format documented in docs/ir.md), and how awkward names
// and non-canonical sequences are spelled.
#include <gtest/gtest.h>

#include "ir_test_funcs.h"
#include "tilelang_tt/ir/printer.h"

namespace tl {
namespace {
using namespace tl::testing;

TEST(IrPrinter, GemmText) {
  const char* expected = R"(func gemm[M](A: bfloat16[M, 512], B: bfloat16[256, 512], C: float32[M, 256]):
  kernel bx, by in grid(4, (M + 63) // 64) threads(128):
    alloc A_shared: shared bfloat16[64, 32]
    alloc B_shared: shared bfloat16[64, 32]
    alloc C_local: fragment float32[64, 64]
    attr "use_swizzle" = "10"
    fill(C_local, 0.0)
    for k in pipelined(0, 16, num_stages=3, order=[0, 1, 2], stage=[0, 0, 1], group=[0, 0, 1]):
      copy(A[by * 64 +: 64, k * 32 +: 32], A_shared)
      copy(B[bx * 64 +: 64, k * 32 +: 32], B_shared)
      gemm(A_shared, B_shared, C_local, transpose_b=True)
    copy(C_local, C[by * 64 +: 64, bx * 64 +: 64])
)";
  EXPECT_EQ(print_func(gemm_pipelined()), expected);
}

TEST(IrPrinter, AwkwardNames) {
  std::string t = print_func(awkward());
  auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
  EXPECT_TRUE(has("func \"awk ward\"(for_: float32[4], A_B: float32[4], sqrt: float32[4]):")) << t;
  EXPECT_TRUE(has("alloc i: shared float32[4]")) << t;
  EXPECT_TRUE(has("for exp in serial(0, 4):")) << t;     // the first "exp"
  EXPECT_TRUE(has("for A_B_1 in serial(0, 4):")) << t;   // clashes with the buffer "A.B"
  EXPECT_TRUE(has("for v9lives in serial(0, 4):")) << t; // not an identifier
  EXPECT_TRUE(has("for exp_1 in serial(0, 2):")) << t;   // the second "exp"
  EXPECT_TRUE(has("let max_ = int:")) << t;              // keyword
  EXPECT_TRUE(has("sqrt[max_] = sqrt(sqrt[int])")) << t;
  // One-element and nested sequences are kept as `seq:` blocks; empty ones are `pass`.
  EXPECT_TRUE(has("      seq:\n        for_[exp] = A_B[exp]\n")) << t;
  EXPECT_TRUE(has("    if True:\n      pass\n    else:\n      pass\n")) << t;
}

TEST(IrPrinter, ExternCalls) {
  std::string t = print_func(lowered());
  EXPECT_NE(t.find("      evaluate(extern(int32, \"cb_wait_front\", 0, 1))\n"), std::string::npos) << t;
  EXPECT_NE(t.find("      cb[i] = extern(float32, \"tile<float, 2>::get\", X[i], extern(uint32, \"get_arg_val<uint32_t>\", 0))\n"),
            std::string::npos) << t;
  EXPECT_NE(t.find("      evaluate(extern(int32, \"noc_async_read_barrier\"))\n      evaluate(0)\n"), std::string::npos) << t;
}

TEST(IrPrinter, IfWithoutElseAndTwoKernels) {
  std::string t = print_func(control_flow());
  EXPECT_NE(t.find("kernel bx in grid(M) threads(128, 2):"), std::string::npos) << t;
  EXPECT_NE(t.find("kernel bx_1 in grid(2) threads():"), std::string::npos) << t;
  EXPECT_NE(t.find("      if i_1 <= flag[0]:\n        acc[i_1] = acc[i_1 - 1] + 0.5\n      flag[0]"), std::string::npos) << t;
  EXPECT_NE(t.find("attr \"layout\" = \"row \\\"major\\\"\\n\\ttab\\\\\""), std::string::npos) << t;
}

}  // namespace
}  // namespace tl
