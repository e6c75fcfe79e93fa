// bind_tt_sizes: gives a function's symbolic dimensions (T.dynamic) the values of one call.
//
// Input: a PrimFunc with shape_vars, and one value per shape var (in shape_vars order), each >= 1 and < 2^31.
// Output: the same function with every use of a shape var replaced by its value — in the parameters' and
// workspaces' shapes, the grid, loop bounds, indices and conditions — and the integer arithmetic of constants
// that this creates folded (+ - * / // % min max, comparisons, casts between integer types), so that a
// ceildiv(m, 64) grid extent is an immediate again; shape_vars is empty. A folded value outside int32 is a
// UserError at the expression's statement.
//
// This is how a kernel with symbolic dimensions runs on tenstorrent today: the TT pipeline lowers it at the sizes
// of a call (the runtime caches one program per distinct set of sizes; docs/tenstorrent.md, "Dynamic shapes").
#pragma once

#include <cstdint>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc bind_tt_sizes(const PrimFunc& f, const std::vector<int64_t>& values);

}  // namespace tl::tt
