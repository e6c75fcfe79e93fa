// tensorize_tt: memory-space lowering and tensorization for the Tenstorrent target.
//
// Input: a PrimFunc after grid_to_persistent_loop, with constant shapes. Inside each Kernel: tile ops on
//   whole shared/fragment buffers whose last two dims are multiples of 32 (or padded into the tiles that cover
//   them: tt_padded_blocks.h), T.Parallel nests of element-wise
//   statements over whole 2-D buffers (or directly over global tensors at block offsets, as upstream's
//   element-wise examples do; tt_parallel_match.h says which bodies), scalar control flow on block and
//   loop indices, and scalar code: stores into scalars outside nests (tt_scalar_check.h). dev gives the DST
//   capacities. Masks the index ranges decide, constant nests and zero fills before a T.gemm into the same
//   buffer are folded first (tt_range_fold.h).
// Output: every tile op and Parallel nest is replaced by TT tile operations — Evaluate(ExternCall) with the
//   names below (T.cumsum: tt_cumsum_lowering.h); shared and fragment buffers are gone from the body, replaced
//   by circular-buffer indices. Scalar stores stay, with the allocations of their scalars (codegen/tt/emit_scalar.h
//   emits them); a scalar may be a value in tt.eltwise expressions.
//   The Kernel's attrs gain
//     tt.cbs        "index:format:depth_tiles:tiles:buffer[:stages:line:col];…" for every CB (format: a
//                   tt::DataFormat name; buffer: the buffer it carries, empty for staging CBs). A CB that the
//                   reader fills (or the writer drains) inside a T.Pipelined loop with num_stages = n > 0 is
//                   n versions deep and carries n and the loop's line:col; every other CB is 2 versions deep.
//     tt.fp32_acc   "1" when a float32 fragment lives in the compute kernel (fp32_dest_acc_en)
//   A global tensor's tiles are in its storage format (tt_tensor_format: the func attr tt.format.<param>, e.g.
//   Bfp8_b, else its dtype's): reads into, and writes from, buffers of another format are staged through a CB
//   of the storage format and a tt.copy_tiles (the only op that reads a Bfp8_b CB).
//   The func's attrs gain tt.view.<param> = "rows,cols" (the 2-D tiled view of each tensor; a 1-D
//   tensor used as a per-row vector is viewed as (n, 1), else (1, n)), or tt.sticks.<param> = "rows,C" for a
//   tensor read by a row gather (T.im2col, or upstream's T.Parallel form of it): stored row-major, one page per
//   row (tt_gather_lowering.h).
//
// TT tile operations (tensor = parameter index; tile coordinates are in 32×32 tiles; n = tile count):
//   tt.read_tiles(tensor, cb, r0, c0, h, w, s0) reader: push the h×w tiles at (r0, c0), row-major; tiles
//                                              outside the tensor (before or after it in either dimension, or
//                                              outside the slice whose first tile row is s0: tt_tile_box) are
//                                              zero; plan_tt_multicast may add an 8th arg: 1/2 = read once per
//                                              core row/column and multicast
//   tt.read_tiles(tensor, cb, r0, c0, n, 1, 0, 0, er, ec, line)   reader: the element at (er, ec) of tile
//                                              (r0, c0) (zero outside the tensor) in every element of n tiles
//                                              (line 0), or in column 0 (1) or row 0 (2) of each, the rest zero:
//                                              a T.Parallel's read of one element (`Sinks[by]`); never multicast
//   tt.write_tiles(cb, tensor, r0, c0, h, w, s0) writer: pop h×w tiles and store those inside the tensor (and
//                                              the slice)
//   tt.read_shifted(tensor, cb, er, ec, h, w, s0, scratch) / tt.write_shifted(cb, tensor, er, ec, h, w, s0, scratch)
//                                              a region off tile boundaries (er, ec: element offsets, tt_tile_box):
//                                              each covering tile passes through the reader's (writer's) one-page
//                                              scratch CB, and the block's elements are moved into (out of) it;
//                                              a store only where its offset does not depend on the block indices;
//                                              two more args R, C: a padded block of R×C elements in those tiles
//                                              (tt_padded_blocks.h): the read zeroes its pad, the store skips it
//   tt.write_line(cb, tensor, r0, c0, n, line, down, col)
//                                              writer: pop n tiles and store their column 0 (col) or row 0 values
//                                              into line `line` of the n tiles from (r0, c0) down (column `line`)
//                                              or across (row `line`): each tile is read, patched in L1, written
//                                              back (a 1-D nest's G[off + i, c] = v[i]; the block owns the tiles)
//   tt.fill_tiles(cb, n, value)                compute: push n tiles of value
//   tt.copy_tiles(src, dst, n)                 compute: pop n tiles of src, push them to dst (format change)
//   tt.transpose_tiles(src, dst, R, C)         compute: push the transpose of src's R×C-tile block (C×R tiles,
//                                              each transposed) to dst (T.gemm's transpose_A, B[j, i] = A[i, j])
//   tt.matmul(a, b, c, mt, nt, kt, transpose_b, clear)
//                                              compute: c = (clear ? 0 : c) + a·b on mt×kt and kt×nt tile
//                                              blocks (b is nt×kt when transpose_b); pops the old c, pushes new
//   tt.eltwise(dst, rows, cols, expr)          compute: push rows×cols tiles of expr, whose leaves are
//                                              tt.tile(cb) (same tiling), tt.col_vec(cb) (one tile per tile
//                                              row, value in column 0), tt.row_vec(cb) (one tile per tile
//                                              column, value in row 0) and float constants
//                                              and tt.col_vec / tt.row_vec leaves of tt.iota CBs (the loop indices;
//                                              tt.tile leaves in a 1-D nest);
//                                              scalar expressions of block and loop variables; every tt.eltwise
//                                              fits the kernel's DST (tt_dst_spill.h: larger trees are computed
//                                              in parts through temporary CBs)
//   tt.iota(cb, n, per_row)                    reader: push n float32 tiles of element indices (tile k holds
//                                              32k + r at (r, c) if per_row, else 32k + c)
//   tt.reduce(src, dst, kind, dim, R, C, clear, scaler[, src2, ...])
//                                              compute: T.reduce_* of an R×C-tile source into a column vector
//                                              (dim 1) or row vector (dim 0); see tt_reduce_lowering.h
//   tt.scaler(cb)                              compute: push (and wait for) one tile of 1.0, once per kernel
//   tt.pop(cb, n[, wait])                      compute: pop a version of n tiles where it stops being live
//                                              (tt_pop_insertion.h); wait = 1: wait for it first (unread)
//   tt.reserve_rows / tt.read_run / tt.push_rows  reader: a row gather into a row-major CB (tt_gather_lowering.h)
//   tt.tilize(src, dst, R, C)                  compute: R strips of 32 row-major rows, C tiles wide, of src
//                                              become tiles of dst (pops src itself)
//   tt.print_value / tt.print_tiles            compute: T.print, from the UNPACK thread (tt_print_lowering.h); the
//                                              kernel's attrs gain its text, tt.print.<id>
//   A 1-D T.Parallel over vectors is a tt.eltwise over their tiles (R×1), whatever their orientation.
// Each CB has one producer (reader or compute) and one consumer (compute or writer).
#pragma once

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

// fp32_dest: every Kernel gets tt.fp32_acc (pass config tt.fp32_dest).
// fp32_exact (pass config tt.fp32_exact): a reduction of a float32 or float16 source, whose elements the FPU
// would read with 9 mantissa bits, reads them exactly through their bfloat16 parts (tt_fp32_exact.h).
// fp32_exact_broadcast (pass config tt.fp32_exact_broadcast): float32/float16 vectors that compute made are
// broadcast in element-wise code through their bfloat16 parts (tt_fp32_exact.h; three CBs per vector of an op).
PrimFunc tensorize_tt(const PrimFunc& f, const DeviceParams& dev, bool fp32_dest = false, bool fp32_exact = false,
                      bool fp32_exact_broadcast = false);

}  // namespace tl::tt
