// Text form of the tile IR, and structural comparison.
//
// print_func(f) gives a readable text that parse_func parses back to a structurally equal PrimFunc
// (structural_equal(parse_func(print_func(f)), f) holds for every well-formed f). Buffer and var names are
// made unique in the text (a suffix is added where two distinct objects share a name).
#pragma once

#include <cstdint>
#include <string>

#include "tilelang_tt/ir/ir.h"

namespace tl {

std::string print_func(const PrimFunc& f);
std::string print_stmt(const Stmt& s);
std::string print_expr(const Expr& e);

// Throws UserError("parse", ...) with the text's line:col on malformed input.
PrimFunc parse_func(const std::string& text);

// Equality up to renaming of vars and buffers (binding by position of definition); spans are ignored.
bool structural_equal(const PrimFunc& a, const PrimFunc& b);
// A hash consistent with structural_equal: equal functions hash equal. Hex string of 64 bits.
std::string structural_hash(const PrimFunc& f);

}  // namespace tl
