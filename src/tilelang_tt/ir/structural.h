// Helpers around structural comparison (the public API, structural_equal / structural_hash, is in printer.h).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl {

// Exact equality of two expressions: same tree, same dtypes and constants, and the *same* Var and Buffer
// objects (no renaming). Used to recognise full regions and to compare symbolic extents.
bool expr_equal_exact(const Expr& a, const Expr& b);

// Whether r covers all of its buffer: every min is the int32 literal 0 and every extent equals the shape.
bool is_full_region(const BufferRegion& r);

}  // namespace tl
