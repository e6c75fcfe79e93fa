// plan_tt_multicast: data reuse by multicast for GEMM-like kernels on the Tenstorrent target.
//
// Input: a PrimFunc after tensorize_tt. Each Kernel's body is the persistent loop of grid_to_persistent_loop,
//   For(tt_i, 0, count) { Let(tt_block, …) { Let(bx, …) { Let(by, …) { body } } } } with tt.grid "gx,gy", or
//   with Let(bz, …) inside Let(by, …) and tt.grid "gx,gy,gz" for a 3-D grid, possibly among once-per-kernel
//   compute ops (a Seq holding the loop: the reductions' tt.scaler before it, its tt.pop after it), kept in place.
// Decision (func attr tt.schedule.reuse: "auto" (default), "multicast" or "none"): a Kernel is placed on a
//   2-D core grid Cx × Cy when
//   - its grid is 2-D (or 3-D: each bz layer then on its own Cx × Cy rectangle) and some tt.read_tiles reads a block whose tile coordinates depend on by but not bx
//     ("row operand", like GEMM's A) or on bx but not by ("column operand", like B); loop variables whose
//     bounds do not depend on the block are allowed in both;
//   - every read sits under control flow (loop bounds, conditions) that does not depend on the block, so that
//     all cores of a row / column issue the same reads in the same order (CB pointers move in lockstep);
//   - with "auto", only when no core runs more blocks (sx·sy below) than the plain schedule's busiest core
//     (⌈blocks / cores⌉), and more than one core is used.
// Output for such a Kernel: sx = ⌈gx / device columns⌉ and sy = ⌈gy / device rows⌉ blocks per core (the fewest
//   possible), on Cx = ⌈gx / sx⌉ × Cy = ⌈gy / sy⌉ cores. Core (cx, cy) runs the sx × sy sub-grid of blocks
//   bx ∈ [cx·sx, (cx+1)·sx), by ∈ [cy·sy, (cy+1)·sy), by-major, which every core of a row/column walks in the
//   same order: tt_block = start, bx = tt_block mod gx + tt_i mod sx, by = tt_block div gx + tt_i div sx, with
//   start = cy·sy·gx + cx·sx and count = sx·sy set by the plan. Row-operand reads gain an 8th argument 1 (the
//   core in column 0 reads from DRAM and multicasts along its core row), column-operand reads 2 (row 0 reads
//   and multicasts down its core column). When Cx·sx > gx (or Cy·sy > gy) the last cores also run blocks
//   outside the grid, to stay in lockstep: every tensor access of such a block gets its first tile coordinate
//   replaced by one beyond every tensor (select(bx < gx, r0, 2^24)), so it reads zero tiles and writes nothing.
//   Kernel attrs: tt.policy = "multicast", tt.cores = Cx·Cy, tt.mcast = "Cx,Cy,sx,sy".
// 3-D grids (gx, gy, gz; split-K): each bz is a layer placed as above on its own Cx × Cy cores, Lx layers side by
//   side (Lx = min(gz, ⌊device columns / Cx⌋)), Ly = ⌈gz / Lx⌉ rows of them (not planned if Ly·Cy exceeds the
//   device rows). bz is constant on a layer, so reads that depend on by and bz (on bx and bz) are row (column)
//   operands too. The block decode is start = bz·gx·gy + cy·sy·gx + cx·sx, bz = tt_block div (gx·gy),
//   by = (tt_block div gx) mod gy + …; cores of unused layers run no blocks. tt.cores = Lx·Cx·Ly·Cy,
//   tt.mcast = "Cx,Cy,sx,sy,Lx,gz".
// Other Kernels are unchanged.
#pragma once

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

PrimFunc plan_tt_multicast(const PrimFunc& f, const DeviceParams& dev);

}  // namespace tl::tt
