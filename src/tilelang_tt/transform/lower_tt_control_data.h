// lower_tt_control_data: values read from global tensors that steer the kernels — the condition of an `if`, a loop
// bound, a let or a scalar computed from them (block-sparse attention's `if block_mask[k] != 0`, a trip count
// `n = lengths[bx]`) — become scalars of one kind, control scalars, that forward_tt_control (after tensorize_tt)
// has the reader compute and send to the compute and writer kernels, so that all three follow one control flow.
//
// Input: a PrimFunc after grid_to_persistent_loop. Output, per T.Kernel:
//  * control buffers are gone: a non-scalar buffer whose only writes are T.copy from a global tensor G (that the
//    kernel does not write) and which is otherwise only read by scalar code, conditions and bounds outside T.Parallel
//    nests (`block_mask`, a row of the mask tensor). Its copy becomes lets binding the region's start (`<F>_at<d>`)
//    around the rest of the statement list, and each load F[i] a load of G at start + i (F's dimensions are the
//    region's dimensions of extent > 1, in order);
//  * every if condition, loop bound (min, extent) and let value outside T.Parallel nests that reads a global tensor is
//    first stored into a fresh Int32 (float for a float let) scalar `<name>_ctl`, and reads that scalar; so is each
//    element of a global tensor that a T.copy region's start reads (`T.copy(A[ids[bx] * 32, 0], A_s)`: gathered
//    blocks; the start stays visibly tile-aligned).
// So afterwards a global tensor is read outside T.Parallel nests and tile ops only in the values of scalar stores
// (control stores). Refused with a located UserError: control flow on a non-scalar buffer that a computation writes
// (a fragment known to the compute kernel only), a control buffer read where no copy into it is in scope.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc lower_tt_control_data(const PrimFunc& f);
// Whether f reads a non-scalar buffer in control flow or scalar code outside T.Parallel nests (the pipeline runs
// the pass only then).
bool has_control_data(const PrimFunc& f);

}  // namespace tl::tt
