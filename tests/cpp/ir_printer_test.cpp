// Printer: exact text of small functions, names made unique, precedence, literals.
#include <gtest/gtest.h>

#include "ir_test_funcs.h"
#include "tilelang_tt/ir/printer.h"

namespace tl {
namespace {
using namespace tl::testing;

TEST(IrPrinter, Dump) {
  for (auto& [name, f] : all_test_funcs()) std::printf("%s\n", print_func(f).c_str());
}

}  // namespace
}  // namespace tl
