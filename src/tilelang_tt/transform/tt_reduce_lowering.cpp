// T.reduce_* checks and lowering shape (tt_reduce_lowering.h).
#include "tilelang_tt/transform/tt_reduce_lowering.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_int_tiles.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

ReduceLowering plan_reduce(const ReduceNode& n, const std::string& opname) {
  auto fail = [&](const std::string& why) { throw UserError(opname, why, n.span); };
  for (const BufferRegion* r : {&n.src, &n.dst}) {
    if (r->buffer->scope == Scope::Global)
      fail("operand " + r->buffer->name + " is a global tensor: on tenstorrent reductions take shared or fragment "
           "buffers; T.copy it into one first");
    for (size_t d = 0; d < r->ranges.size(); ++d) {
      auto mn = as_const_int(r->ranges[d].min), ext = as_const_int(r->ranges[d].extent);
      auto full = as_const_int(r->buffer->shape[d]);
      if (!mn || *mn != 0 || !ext || !full || *ext != *full)
        fail("on tenstorrent reductions take whole " + r->buffer->name + " buffers, not slices of them");
    }
    if (!dtype_is_float(r->buffer->dtype) && r->buffer->dtype != DType::Int32)
      fail("of " + std::string(dtype_name(r->buffer->dtype)) + " buffer " + r->buffer->name + " is not supported "
           "on tenstorrent: its reductions take float or int32 buffers");
  }
  const bool int32 = n.src.buffer->dtype == DType::Int32;
  if (int32 != (n.dst.buffer->dtype == DType::Int32))
    fail("of " + std::string(dtype_name(n.src.buffer->dtype)) + " buffer " + n.src.buffer->name + " into " +
         dtype_name(n.dst.buffer->dtype) + " buffer " + n.dst.buffer->name + " is not supported on tenstorrent: "
         "int32 data reduces (exactly, digit by digit) into an int32 destination only; T.copy one of them to the "
         "other's dtype first");
  ReduceLowering r;
  if (n.src.buffer->shape.size() == 1) {  // a vector to a scalar
    const int64_t len = *as_const_int(n.src.buffer->shape[0]);
    if (n.dst.buffer->shape.size() != 1 || *as_const_int(n.dst.buffer->shape[0]) != 1)
      fail("the destination " + n.dst.buffer->name + " must be a 1-D buffer of 1 element (the source without dim 0) "
           "on tenstorrent");
    if (is_scalar_buffer(n.dst.buffer))
      fail("the destination " + n.dst.buffer->name + " is a kernel scalar (T.alloc_var / alloc_local), which the "
           "RISC-V cores hold, not a tile: on tenstorrent reduce into a T.alloc_fragment((1,), ...) buffer");
    if (len % 32)
      fail("the source " + n.src.buffer->name + " has " + std::to_string(len) + " elements: on tenstorrent a "
           "vector reduced to one element must be a multiple of 32 elements (whole tiles)");
    r.rows = len / 32;
    r.cols = 1;
    r.to_scalar = true;
  } else if (n.src.buffer->shape.size() != 2) {
    fail("the source " + n.src.buffer->name + " has rank " + std::to_string(n.src.buffer->shape.size()) +
         ": local buffers of rank 3 or more are not supported on tenstorrent yet; use 1-D or 2-D blocks");
  }
  if (!r.to_scalar) {
    const int64_t rows = *as_const_int(n.src.buffer->shape[0]), cols = *as_const_int(n.src.buffer->shape[1]);
    const int64_t kept = n.dim == 1 ? rows : cols;
    if (n.dst.buffer->shape.size() != 1 || *as_const_int(n.dst.buffer->shape[0]) != kept)
      fail("the destination " + n.dst.buffer->name + " must be a 1-D buffer of " + std::to_string(kept) +
           " elements (the source without dim " + std::to_string(n.dim) + ") on tenstorrent");
    // A source that is not whole tiles is padded (tt_padded_blocks.h): reduced over its cover, the pad masked to
    // the reduction's identity when it lies along the reduced dimension.
    r.rows = (rows + 31) / 32;
    r.cols = (cols + 31) / 32;
    const int64_t reduced = n.dim == 1 ? cols : rows;
    if (reduced % 32) r.valid = reduced;
  }
  // int32 (tt_int_reduce.h): |x| with the SFPU's int32 ops, and min as the max of ~x = -1 - x (no overflow).
  std::function<Expr(const Expr&)> abs = [](const Expr& x) { return make_call(Intrinsic::Abs, {x}); };
  std::function<Expr(const Expr&)> neg = [](const Expr& x) { return make_unary(UnaryOp::Neg, x); };
  if (int32) {
    abs = int_abs;
    neg = [](const Expr& x) { return make_binary(BinaryOp::Sub, make_int(-1), x); };
  }
  switch (n.reduce_kind) {
    case ReduceKind::Sum: r.kind = TTReduce::Sum; break;
    case ReduceKind::Max: r.kind = TTReduce::Max; break;
    case ReduceKind::Min: r.kind = TTReduce::Min, r.pre = neg; break;  // min x = -max(-x)
    case ReduceKind::AbsSum: r.kind = TTReduce::Sum, r.pre = abs; break;
    case ReduceKind::AbsMax: r.kind = TTReduce::Max, r.pre = abs; break;
  }
  return r;
}

}  // namespace tl::tt
