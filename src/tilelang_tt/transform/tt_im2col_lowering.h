// T.im2col on the Tenstorrent target (used by tensorize_tt): the op's definition (ir.h, Im2ColNode) as a row
// gather (tt_gather_lowering.h) over fresh row/column vars i, j of the M×K block:
//   m = nhw_step·M + i = (n, oh, ow),  k = c_step·K + j = (kh, kw, c),
//   col[i, j] = img[n, oh·stride + kh·dilation − pad, ow·stride + kw·dilation − pad, c]  when k < kernel²·C
// (pixels outside the image or past the last one are out of the tensor's bounds: the reader writes zeros).
// Runs are whole blocks (R = K) when K divides C (a block of columns is channels of one kernel tap), whole taps
// (R = C) when C divides K (fewer channels than the block's columns: C = 16 with block_K = 32); R elements must be
// a multiple of 32 bytes (the NoC's alignment) — else a UserError at the op's line says what to change. The image
// and the block must have one float dtype.
#pragma once

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_gather_lowering.h"

namespace tl::tt {

RowGather plan_im2col(const Im2ColNode& n);

}  // namespace tl::tt
