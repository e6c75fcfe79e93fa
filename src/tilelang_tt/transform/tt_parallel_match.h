// Element-wise T.Parallel nests for tensorize_tt, and the kernel pre-scan it relies on.
//
// An element-wise nest is `for i in Parallel(R): for j in Parallel(C): body` (or a 1-D nest over vectors).
// The body is any sequence of lets, stores and ifs:
//  * a let, or a store into a scalar (T.alloc_var / a 1-element alloc_local indexed by a constant), binds a
//    per-element temporary: later reads in the same iteration see its value (a scalar read before it is
//    written in the iteration is a loop-carried value, which is an error);
//  * a store into a local R×C buffer at (i, j), or into a global tensor at (r + i, c + j) with r, c free of i
//    and j, is one element-wise statement: one ParallelMatch, in program order (each statement reads and writes
//    only the element (i, j) of tiles, so running them one after the other over whole tiles is the same);
//  * an `if` whose condition bounds the stored global tensor's indices by its extents is a guard the writer's
//    tile masking already applies; any other `if c: X = a [else: X = b]` stores select(c, a, X) (select(c, a,
//    b)): both branches are computed and the condition picks per element.
// Values may read local R×C buffers at (i, j), local vectors at (i) or (j), global 2-D tensors at
// (r' + i, c' + j) and global 1-D tensors at (r' + i) or (c' + j) (per-row / per-column vectors). A global tensor
// of rank ≥ 3 is read and stored as one R×C block of a slice: (c + j) in its last dimension, (r + i) in one other,
// indices free of i and j in the rest (its region then has extent 1 there, as a T.copy of a slice's block).
// A nest whose extents are not multiples of 32 runs over the tiles that cover its blocks (tt_padded_blocks.h): it
// reads and stores local buffers, and single elements of global tensors, only (a global block or vector would
// need the reader's and writer's element moves: an error).
// Anything else is a UserError naming the construct.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/ir/visitor.h"

namespace tl::tt {

// Element: one element of a global tensor at indices free of the nest's (`Sinks[by]`: one value per block), read
// by the reader into tiles that hold it at every element of the nest (every line of a vector's orientation).
// Scalar: a local 1-element buffer read at [0] (a 1-D reduction's result: one tile holding it at [0, 0]),
// broadcast to every element of the nest's tiles.
enum class LeafKind { Tile, ColVec, RowVec, Element, Scalar };

struct ParallelMatch {
  int64_t rows = 0, cols = 0;
  const VarNode *i = nullptr, *j = nullptr;  // the loop indices (j null in a 1-D nest): value may use them
  BufferRegion store;              // local: the whole buffer; global: the R×C region
  bool store_global = false;
  // A 1-D nest's store into one line of a 2-D global tensor, G[off + i, c] (store_line 0: a column, c free of i)
  // or G[r, off + i] (1: a row); store is then the R×32 (32×R) region at (off, 0) ((0, off)) and line_index c (r).
  int store_line = -1;
  Expr line_index;
  Span store_span;  // the store statement's
  bool reads_store_target = false; // value reads the local buffer it stores to
  Expr value;
  struct GlobalLoad {
    Buffer buffer;
    BufferRegion region;  // R×C for a 2-D tensor (rank ≥ 3: extent 1 elsewhere); R (ColVec) or C (RowVec) for a
                          // 1-D one; extents 1 (Element)
    LeafKind kind;
  };
  std::vector<GlobalLoad> global_loads;
  std::vector<std::pair<Buffer, LeafKind>> local_loads;
  // Tiles that cover the nest (a nest over a block that is not whole tiles covers its padded tiles:
  // tt_padded_blocks.h).
  int64_t tile_rows() const { return (rows + 31) / 32; }
  int64_t tile_cols() const { return (cols + 31) / 32; }
  uint32_t tiles() const { return static_cast<uint32_t>(tile_rows() * tile_cols()); }
};

// The nest's element-wise statements in program order (at least one).
std::vector<ParallelMatch> match_parallel(const Stmt& nest);

// e = base + v with base free of i and j (j may be null): base (int 0 when e is v itself), else nullopt.
std::optional<Expr> offset_of(const Expr& e, const VarNode* v, const VarNode* i, const VarNode* j);

// Replaces let-bound vars by their values (a nest's lets are pure index arithmetic).
class Inline : public IRMutator {
 public:
  std::map<const VarNode*, Expr> values;
  Expr mutate_Var(const VarNode& n, const Expr& e) override;
};

// value with every load of a buffer in `leaf` replaced by its leaf expression.
Expr substitute_leaves(const Expr& value, const std::map<const BufferNode*, Expr>& leaf);

struct KernelScan {
  std::set<const BufferNode*> reader_produced;   // local targets of same-dtype copies from global tensors
  std::set<const BufferNode*> compute_read;      // local buffers read by compute operations
  std::set<const BufferNode*> col_vectors;       // 1-D local buffers indexed by the row index of a nest
  std::set<const BufferNode*> compared;          // local buffers an operand of a comparison in a nest reads, and
                                                 // the sources of max/min reductions into them, transitively
  std::set<const BufferNode*> scalar_tiles;      // 1-element destinations of reductions of 1-D buffers
  // Local buffers whose every version is copied out once: compute does not read them, and their one writing
  // statement comes before their one copy out in the same statement list (the same loop body or branch, so
  // they run together). The writer may drain such a buffer's CB itself; any other version would stay in it.
  std::set<const BufferNode*> drainable;
};

KernelScan scan_kernel(const KernelNode& k);

}  // namespace tl::tt
