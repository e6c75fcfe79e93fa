// plan_tt_cb_depths: how many pages each circular buffer of a TT kernel holds.
//
// Input: a PrimFunc after tensorize_tt (and plan_tt_multicast): every Kernel has its tt.cbs table, where each
//   CB holds two versions of its buffer (depth = 2 × tiles: the producer fills one while the consumer reads the
//   other), or num_stages versions when the reader fills (the writer drains) it inside a T.Pipelined loop.
// Output: the same IR with two kinds of CB given one version (depth = tiles):
//   - a GEMM accumulator: a CB that some tt.matmul accumulates into (clear = 0) and that is otherwise only
//     filled (tt.fill_tiles), accumulated into by tt.matmul with clear = 0, copied out (source of
//     tt.copy_tiles / tt.write_tiles) or popped. The compute emitter then accumulates in place: it pops the
//     old partials, reserves the same pages again (the CB holds exactly one version, so they are the pages just
//     popped) and packs with the packer's L1 accumulation, which adds onto the partials still there. No reload
//     into DST, and half the L1.
//   - when the kernel's CBs still exceed the device's free L1: the CBs that carry results to the writer
//     (sources of tt.write_tiles produced by compute), largest first, until they fit. Such a CB is filled once
//     per block, after the block's K loop, so one version costs little overlap. What still does not fit is
//     left for verify_tt to report.
// Other CBs are unchanged.
#pragma once

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

PrimFunc plan_tt_cb_depths(const PrimFunc& f, const DeviceParams& dev);

}  // namespace tl::tt
