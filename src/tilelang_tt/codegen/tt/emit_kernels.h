// Emitters of the reader, writer and compute kernels of one tensorized T.Kernel (tensorize_tt.h).
//
// The split is structural: each TT tile op belongs to one role (read_tiles → reader, write_tiles → writer,
// everything else → compute); each role's kernel keeps its own ops and the scalar control flow (loops,
// lets, ifs) around them, and drops control flow that holds none. Every kernel takes the same first two
// runtime args (the core's first block and block count); data-movement kernels then take the DRAM
// addresses of the tensors they touch, in parameter order, with one TensorAccessorArgs each as
// compile-time args in the same order.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tilelang_tt/codegen/tt/plan.h"
#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

struct TensorView {
  std::string name;
  int64_t tile_rows = 0, tile_cols = 0;
  uint32_t tile_bytes = 0;
  int64_t slice_tile_rows = 0;  // tile rows of one slice (plan.h); = tile_rows below three dims
  bool one_row = false;         // a tensor of one row (a vector along the columns): data only in row 0 of its tiles
  // Written here and read by a later T.Kernel of the function: edge tiles are stored with their pad (rows
  // past the slice's last, columns past the last) zeroed, valid_rows × valid_cols being the edge tiles' data.
  bool zero_pad = false;
  uint32_t valid_rows = 32, valid_cols = 32;
};

struct KernelContext {
  std::string func_name;
  MetaliumApi api = MetaliumApi::V0_81;
  const KernelNode* kernel = nullptr;
  std::vector<CBInfo> cbs;
  std::vector<TensorView> tensors;  // per parameter
  bool fp32_acc = false;
  uint32_t dst_capacity = 8;        // tiles per acquire
  // Float32 vector CBs filled by the reader, and whether they hold per-row values (tt.col_vec) or per-column
  // ones (tt.row_vec): the reader broadcasts each tile's column 0 / row 0 across the tile in L1, and compute
  // copies those tiles into the fp32 DST as they are. (A broadcast through the FPU's source registers would
  // keep only 19-bit TF32 of a float32 vector.)
  std::map<uint32_t, bool> bcast_in_reader;  // CB → per_row
  // The WAYPOINT each TT tile op statement's code starts with (plan.h, OpSite).
  std::map<const StmtNode*, std::string> waypoints;
  uint32_t lock_sem = 0;  // the semaphore of tt.lock_wait / tt.lock_signal (order_tt_locks.h)
};

struct EmittedKernel {
  std::string source;
  std::vector<int> tensors;          // parameter indices, in runtime-arg / accessor order
  bool mcast = false;                // reads multicast blocks: the multicast args follow the tensor addresses
};

EmittedKernel emit_kernel(const KernelContext& ctx, KernelRole role);

// The kernel a TT tile op runs in: tt.read_tiles → reader (multicast reads too: moving the column operand's
// multicast to the writer and its NOC, as the vendor's in1 sender does, modeled slower, since the writer then
// cannot fetch the next block's B while it waits for this block's C), tt.write_tiles → writer, else compute.
KernelRole tt_op_role(const ExternCallNode& c);

// The row gather's reader ops (tt_gather_lowering.h; emit_gather.cpp): tt.reserve_rows, tt.read_run (reading
// from the TensorAccessor named `tensor`), tt.push_rows. Their code uses tl_zero_l1 (every reader has it).
bool is_row_gather_op(const ExternCallNode& c);
// The row scatter's writer ops (tt_gather_lowering.h, match_scatter): tt.wait_rows, tt.write_run, tt.pop_rows,
// emitted by emit_row_gather_op too.
bool is_row_scatter_op(const ExternCallNode& c);
std::string emit_row_gather_op(const ExternCallNode& c, const std::string& pad,
                               const std::function<std::string(const Expr&)>& expr, const std::string& tensor);

}  // namespace tl::tt
