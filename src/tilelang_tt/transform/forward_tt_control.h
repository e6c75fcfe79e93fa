// forward_tt_control: the reader reads the control data (lower_tt_control_data.h) and forwards it, so that reader,
// compute and writer follow one control flow. A control store `s = v` (a scalar store outside T.Parallel whose value
// reads a global tensor) is scalar code of the reader alone:
//  * each element of a global tensor that v reads becomes `tt.read_element(tensor, row, col)` (the element at row,
//    col of the tensor's 2-D device view, plan.h; dtype the tensor's): the reader fetches the 64 bytes of the tile
//    around it into a scratch CB page of its own and takes the element out;
//  * for the compute and the writer kernel, when that kernel needs s (emit_scalar.h: scalars_needed — its control
//    flow or its ops read s), the store is followed by `tt.ctrl_push(cb, s)` (reader: reserve one page of that
//    kernel's control CB, write s's 32 bits, push) and `tt.ctrl_recv(cb, role, s)` (that kernel: wait, read the
//    32 bits into its s, pop; role 0 compute: read_tile_value, 1 writer: its L1 read pointer). Each consumer has one
//    control CB (Float16_b pages, two deep; the value is the page's first 32-bit word), so its pushes and pops are
//    the ordinary CB protocol that verify_tt_cb_balance checks.
// Input: a PrimFunc after tensorize_tt. Output: the same with those ops, the reader's scratch CB and the control CBs
// appended to each kernel's tt.cbs (attr tt.ctrl_scratch = the scratch CB's index), and tt.view / tt.tiledim set for
// tensors only control stores read. A control tensor in bfp8_b storage is a UserError at the store.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc forward_tt_control(const PrimFunc& f);
// Whether f (after tensorize_tt) has a control store: the pipeline runs the pass only then.
bool has_control_stores(const PrimFunc& f);
// Whether e reads control data: a global tensor's element, or tt.read_element after this pass.
bool reads_control_data(const Expr& e);

}  // namespace tl::tt
