// Well-formedness of a PrimFunc, checked between passes in tests (DESIGN.md §3.6).
// Checks: every Var is defined before use (params' shape vars, kernel block vars, loop vars, let vars) and
// defined once; every non-global buffer used is allocated by the enclosing Kernel; global buffers are params;
// index counts match ranks; stores' value dtype equals the buffer's; tile-op regions have matching element
// counts (copy), gemm shapes agree; Kernels are not nested; a Parallel loop contains no tile op.
// A violation throws InternalError naming the node (the front end reports user mistakes before this).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl {

void verify(const PrimFunc& f);

}  // namespace tl
