// The kernels' scalar code (emit_kernels.h): stores into scalars (T.alloc_var, 1-element alloc_local) outside
// T.Parallel nests, computed from constants, block and loop indices and other scalars (tensorize_tt refuses the
// rest). Each RISC-V kernel computes the scalars it reads — in its tile ops' arguments (compute: the element-wise
// expressions, where a scalar is a fill_tile value), and in the control flow (loop bounds, conditions, lets),
// which every kernel follows — and the scalars those are computed from; float math runs in software on the core
// (the compiler's builtins: expf, exp2f, …).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "tilelang_tt/codegen/tt/plan.h"
#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The scalars (buffers) the kernel of `role` reads, directly or through the stores of other scalars it reads.
std::set<const BufferNode*> scalars_needed(const Stmt& body, KernelRole role);

// The C++ of intrinsic fn applied to already printed arguments, in the dtype of the call (float: the f-suffixed
// builtins; the kernels have no <cmath>).
std::string scalar_call(Intrinsic fn, DType t, const std::vector<std::string>& args);

}  // namespace tl::tt
