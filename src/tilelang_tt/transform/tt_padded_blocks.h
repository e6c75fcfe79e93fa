// Sub-tile blocks padded into the tiles that cover them (part of tensorize_tt).
//
// A local 2-D buffer of R×C elements (or a 1-D one of n: a vector's elements in one line of its tiles) with R or C not a multiple of 32 that group_tt_blocks did not make whole
// lives in the ceil(R/32)×ceil(C/32) tiles that cover it; the elements outside R×C are its pad. The ops below
// know what the pad holds:
//  * T.copy from a global tensor: the reader moves the block's elements into the tiles and zeroes the pad
//    (tt.read_shifted with the block's extents: tensorize_tt.h);
//  * T.copy into a global tensor: the writer stores the block's elements only, never the pad (tt.write_shifted
//    with the block's extents; where blocks of other block indices own the rest of those tiles, the copy is the
//    located error of any store off tile boundaries);
//  * T.copy between two local buffers of the same shape (tiles and pad copied), T.fill / T.clear (pad filled);
//  * element-wise T.Parallel nests over local buffers (tt_parallel_match.h): they compute the pad too, and only
//    the block's elements are ever stored to a global tensor;
//  * T.reduce_*: over the cover; a pad along the reduced dimension is first set to the reduction's identity (0
//    for sums, -inf for max) with index tiles, a pad along the other dimension gives the result's pad;
//  * T.cumsum: over the cover, a pad along its dimension zeroed first;
//  * T.gemm operands: a padded M or N dimension gives results in the accumulator's pad only; a padded reduction
//    dimension (A's columns, B's rows, or their transposes) adds pad × pad products, so it needs a zero pad.
// Input: a Kernel body. Output: which buffers may be padded and why the others may not; a T.gemm whose
// reduction dimension is padded in an operand whose pad may not be zero is a UserError at that T.gemm. The pad
// is zero when every write of the buffer is a copy from a global tensor, a fill with 0, or a copy from a
// buffer whose pad is zero.
#pragma once

#include <map>
#include <set>
#include <string>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct PaddedBlocks {
  std::set<const BufferNode*> padded;               // sub-tile buffers used only by the ops above
  std::map<const BufferNode*, std::string> blocked;  // other sub-tile buffers: the first other op that uses them
};

PaddedBlocks scan_padded_blocks(const Stmt& kernel_body);

// Whether buffer b (local, constant shape) has a dimension that is not a multiple of 32.
bool is_sub_tile(const Buffer& b);

}  // namespace tl::tt
