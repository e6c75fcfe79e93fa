// Recognition of element-wise T.Parallel nests for tensorize_tt, and the kernel pre-scan it relies on.
//
// An element-wise nest is `for i in Parallel(R): for j in Parallel(C): [lets] [if guard:] X[...] = value`
// where X is a local R×C buffer indexed (i, j) or a global 2-D tensor indexed (r + i, c + j) with r, c free of
// i and j (the guard, if any, may only compare those indices with the tensor's extents: the tile masking of
// the writer already does that). value's loads must be local R×C buffers at (i, j), local vectors at (i) or
// (j), or global 2-D tensors at (r' + i, c' + j). Anything else is a UserError naming the construct.
#pragma once

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/ir/visitor.h"

namespace tl::tt {

enum class LeafKind { Tile, ColVec, RowVec };

struct ParallelMatch {
  int64_t rows = 0, cols = 0;
  BufferRegion store;              // local: the whole buffer; global: the R×C region
  bool store_global = false;
  bool reads_store_target = false; // value reads the local buffer it stores to
  Expr value;
  std::vector<std::pair<Buffer, BufferRegion>> global_loads;
  std::vector<std::pair<Buffer, LeafKind>> local_loads;
  uint32_t tiles() const { return static_cast<uint32_t>(rows / 32 * (cols / 32)); }
};

ParallelMatch match_parallel(const Stmt& nest);

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
  // Local buffers whose every version is copied out once: compute does not read them, and their one writing
  // statement comes before their one copy out in the same statement list (the same loop body or branch, so
  // they run together). The writer may drain such a buffer's CB itself; any other version would stay in it.
  std::set<const BufferNode*> drainable;
};

KernelScan scan_kernel(const KernelNode& k);

}  // namespace tl::tt
