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
//    blocks; the start stays visibly tile-aligned), and each element an element-wise T.Parallel nest reads at
//    indices without the nest's own variables (one value per block: `Sinks[by]`), from a tensor the kernel does not
//    write, stored before the nest;
//  * a T.copy of a 2-D tensor's rows into a 2-D block from a row start computed from control data and not visibly a
//    multiple of 32 (grouped GEMM's m_start) becomes upstream's T.Parallel gather form, which tensorize_tt reads by
//    rows (tt_gather_lowering.h).
// So afterwards a global tensor is read outside T.Parallel nests and tile ops only in the values of scalar stores
// (control stores). Refused with a located UserError: control flow on a non-scalar buffer that tile code uses or a
// computation writes (known to the compute kernel only), a control buffer read where no copy into it is in scope, a
// copy whose start computed from control data is not visibly a multiple of 32 (other than the row gather above).
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc lower_tt_control_data(const PrimFunc& f);
// Whether f reads a non-scalar buffer in control flow, scalar code or a copy's start outside T.Parallel nests, or a
// global tensor at indices without a nest's own variables inside one (the pipeline runs the pass only then).
bool has_control_data(const PrimFunc& f);

}  // namespace tl::tt
