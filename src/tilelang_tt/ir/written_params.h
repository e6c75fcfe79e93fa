// written_params: which parameters of a function its body may write — a BufferStore into the parameter, or a
// tile op whose destination (copy/fill/reduce/cumsum/im2col dst, gemm C, an atomic's) is the parameter. Used to
// refuse read-only arrays for parameters a kernel writes in place, and to write them back after a run beside
// out_idx's (kernel.py).
#pragma once

#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl {

std::vector<bool> written_params(const PrimFunc& f);  // one entry per f->params

}  // namespace tl
