// Helpers shared by the TT passes and the TT kernel emitters: CB tables in kernel attrs, tile-coordinate
// arithmetic, data formats of dtypes, and the names of the TT tile operations (tensorize_tt.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

struct CBInfo {
  uint32_t index = 0;
  std::string format;     // tt::DataFormat name: "Float16_b", "Float32", "Float16", "Int32"
  uint32_t depth = 0;     // pages (tiles) the CB holds
  uint32_t tiles = 0;     // tiles of one version of the buffer it carries
  std::string buffer;     // the buffer it carries, for messages ("" for staging CBs)
  // Set for a CB fed or drained inside a T.Pipelined loop with num_stages > 0: tensorize_tt makes depth =
  // stages × tiles (plan_tt_cb_depths may lower it to tiles), and the loop's line and column (in the Kernel's
  // file) are kept for the L1 budget error. Encoded only when stages > 0.
  uint32_t stages = 0;
  Span loop;
  // L1 bytes of the CB with `pages` pages (its depth unless given).
  uint64_t bytes(uint32_t pages) const;
  uint64_t bytes() const { return bytes(depth); }
};

std::string encode_cbs(const std::vector<CBInfo>& cbs);
std::vector<CBInfo> decode_cbs(const std::string& s);

// The tt::DataFormat name of a dtype's device storage; nullopt when the dtype has none on this target.
std::optional<std::string> tt_format(DType t);
uint32_t tt_format_tile_bytes(const std::string& format);
// The device storage format of a global tensor: the func attr tt.format.<name> (annotate_tt_layout's
// "format": "bfp8_b" gives "Bfp8_b") when set, else tt_format of its dtype.
std::optional<std::string> tt_tensor_format(const std::map<std::string, std::string>& func_attrs, const Buffer& g);

// True when e is provably a multiple of 32 for every value of its free vars (constants, products with a
// multiple of 32, sums of such, exact quotients by a constant such as k * 128 // 2, such a value modulo a constant
// multiple of 32).
bool is_tile_aligned(const Expr& e);
// e / 32 for an e with is_tile_aligned(e), simplified (e.g. by*64 → by*2, k*128 // 2 → k*2).
Expr tile_coord(const Expr& e);

// The statement of TT tile op `name` (an Int32 extern call) with `args`.
Stmt make_tt_op(const std::string& name, std::vector<Expr> args, const Span& sp);
// The TT tile operation an Evaluate statement holds, or null.
const ExternCallNode* tt_op(const Stmt& s);
int64_t const_arg(const ExternCallNode& call, size_t i);
// The CBs a TT tile op (tensorize_tt.h) names: all of them in argument order (`named`), and by role: `reads`
// (waited for, left for a tt.pop), `writes` (pushed), `consumes` (written CBs whose old contents the op itself
// waits for and pops: an accumulation or an in-place update), `drains` (CBs whose version the op takes and pops:
// tt.write_tiles in the writer, tt.tilize's source, tt.pop). The row gather's reserve/read steps name a CB in no
// role.
struct TileOpCbs {
  std::vector<int64_t> named;
  std::set<int64_t> reads, writes, consumes, drains;
};
TileOpCbs tile_op_cbs(const ExternCallNode& op);
// The global tensor (parameter index) a TT tile op reads or writes: tt.read_tiles' argument 0, tt.write_tiles'
// and tt.read_run's argument 1; -1 for ops on CBs only.
int64_t tile_op_tensor(const ExternCallNode& op);

// A reader op that pushes tiles of a global tensor into a CB: tt.read_tiles, or tt.read_shifted(tensor, cb, er,
// ec, h, w, s0, scratch) — the h×w tiles whose element (0, 0) is element (er, ec) of the tensor's 2-D view, each
// covering tile read into the reader's scratch page (a CB of one page, never pushed) and its elements moved.
bool is_tile_read(const ExternCallNode& op);
// A writer op that pops tiles from a CB (argument 0) into a global tensor (argument 1): tt.write_tiles,
// tt.write_line, or tt.write_shifted(cb, tensor, er, ec, h, w, s0, scratch) — tt.read_shifted's store: each
// covering tile is read, patched with the block's elements and written back.
bool is_tile_write(const ExternCallNode& op);
// The CBs that tt.eltwise ops in `body` use as vector leaves: CB → true for tt.col_vec, false for tt.row_vec.
std::map<int64_t, bool> vector_leaf_cbs(const Stmt& body);
// `var != min` of loop n: true in every iteration but the first (the guard of the pops tt_pop_insertion puts at
// the start of later iterations). is_later_iteration recognizes it.
Expr later_iteration(const ForNode& n);
bool is_later_iteration(const Expr& cond, const ForNode& n);
// A scalar: a T.alloc_var or a 1-element alloc_local. Outside T.Parallel nests, stores into scalars are the
// kernels' scalar code (each RISC-V kernel that reads one computes it in its C++); inside a nest a scalar the nest
// assigns is a per-element temporary (tt_parallel_match.h) and one it only reads is such a kernel scalar.
bool is_scalar_buffer(const Buffer& b);
// The function's global tensors as the device sees them: its parameters, then its workspaces (T.alloc_global and
// those lower_tt_atomics adds). Tensor indices (tt.read_tiles/write_tiles, the plan's tensors) count in this order.
std::vector<Buffer> tt_global_tensors(const PrimFunc& f);
// The names of all of f's buffers (global tensors and every kernel's allocations): a pass adding a buffer picks a
// name outside this set.
std::set<std::string> buffer_names(const PrimFunc& f);
// "a,b,c" (a kernel attr such as tt.grid) as integers.
std::vector<int64_t> parse_ints(const std::string& s);
// Whether e reads variable v.
bool mentions_var(const Expr& e, const VarNode* v);

}  // namespace tl::tt
