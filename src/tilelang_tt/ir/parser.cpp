// Text → IR (temporary stub; the recursive-descent parser replaces it).
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/support/error.h"

namespace tl {
PrimFunc parse_func(const std::string& text) { throw UserError("parse", "parser not implemented yet"); }
}  // namespace tl
