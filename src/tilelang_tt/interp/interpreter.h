// The reference interpreter: runs a PrimFunc on host arrays. It is the executable definition of the tile
// IR's semantics (ir.h) and the ground truth the Tenstorrent path is checked against.
//
// Contract:
//  * args has one entry per func->params, in order. Each points at dense row-major host memory holding the
//    buffer's dtype in its natural encoding (bf16/fp16/fp8 as their bit patterns, bool as one byte 0/1).
//  * shape gives each argument's actual extents. Symbolic dims (func->shape_vars) are bound from them; a
//    mismatch with a constant dim, or an inconsistent binding, is a UserError naming the parameter.
//  * Arithmetic is done in each node's dtype (float16/bfloat16/float8 results are rounded to the dtype
//    after every operation, round-to-nearest-even; int32 wraps). Tile ops (copy, fill, gemm, reduce, cumsum)
//    and Parallel loops run as bulk loops over whole regions, not as per-element tree walks.
//  * Errors in the program at run time (out-of-bounds access to a non-global buffer, division by zero in
//    integer arithmetic) are UserErrors carrying the statement's span.
#pragma once

#include <cstdint>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl {

struct ArgBuffer {
  void* data = nullptr;
  DType dtype = DType::Float32;
  std::vector<int64_t> shape;
};

void interpret(const PrimFunc& func, const std::vector<ArgBuffer>& args);

}  // namespace tl
