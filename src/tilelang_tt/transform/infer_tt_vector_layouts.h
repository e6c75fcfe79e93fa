// infer_tt_vector_layouts: a device layout for the global tensors that the kernels store into as lines.
//
// A line is a 1-D segment of a tensor along one dimension d: a T.copy region whose extent is > 1 in d alone, or a
// 1-D T.Parallel's load or store at (…, off + i, …) with the other indices free of i (upstream's
// `T.copy(logsum, lse[bz, by, bx * block_M:(bx + 1) * block_M])`, `X_amax[row * blk_m + i, row_g_id] = s[i]`).
// In the ordinary layout (tt_tensor_layout.h) such a line is one row or column of tiles that hold the lines of
// other blocks too, so a line store would be a read-modify-write racing with theirs. A tensor stored as lines is
// laid out instead so that every line owns whole tiles: each combination of its other indices (a "slice", the
// other indices in order, flattened) holds ceil(n_d / 32) tiles, the 32 consecutive elements along d of each in
// its column 0 ("col": the local vector holds one value per row of a block, tt.col_vec) or its row 0 ("row"). A
// line store then writes whole tiles no other block writes, and a line load reads them as a vector.
//
// Input: a PrimFunc after grid_to_persistent_loop (blocks grouped, lower_tt_control_data applied).
// Output: the same, with func attr tt.vector.<tensor> = "<d>,col" or "<d>,row" for each global tensor of rank >= 2
//   such that
//   * every access of it in every kernel is a line along d or one element (a T.Parallel's read at indices free of
//     the nest's, scalar code's read), at indices that do not read buffers;
//   * each line starts along d at a multiple of 32 (as seen through the lets in scope) and at least one is a store;
//   * the lines' local vectors have one orientation;
//   * the tensor is not stored as bfp8_b.
//   Any other tensor keeps the ordinary layout. plan.h stores a tensor with tt.vector as its view of
//   rows x 1 ("col": rows = slices·n_d, each slice's n_d padded to whole tiles) or slices x n_d ("row": one tile
//   row per slice), and the host program tilizes and untilizes it so.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

PrimFunc infer_tt_vector_layouts(const PrimFunc& f);
// Whether some tensor of f gets a vector layout (the pipeline runs the pass only then).
bool has_vector_layouts(const PrimFunc& f);

}  // namespace tl::tt
