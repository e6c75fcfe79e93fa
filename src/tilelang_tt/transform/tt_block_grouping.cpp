// Grouping of independent sub-tile blocks (tt_block_grouping.h). One grid dimension at a time: RowScan collects,
// in one walk, how the block variable and the local buffers' dimensions are tied together (edges between
// "dimension nodes": (buffer, dim) pairs and T.Parallel variables); the closure of the edges from the dimensions
// that receive the block's rows is the set of row dimensions; Regroup then widens them.
#include "tilelang_tt/transform/tt_block_grouping.h"

#include <numeric>
#include <optional>
#include <set>
#include <utility>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

using Dim = std::pair<const BufferNode*, int>;

bool mentions(const Expr& e, const VarNode* v) { return mentions_var(e, v); }

// e = coef·v + rest (rest null for 0), when e is linear in v; nullopt otherwise.
struct Linear {
  int64_t coef = 0;
  Expr rest;
};
std::optional<Linear> linear(const Expr& e, const VarNode* v) {
  if (!mentions(e, v)) return Linear{0, e};
  if (e.get() == v) return Linear{1, nullptr};
  if (auto* c = e->as<CastNode>(); c && dtype_is_int(c->dtype)) return linear(c->value, v);
  auto* b = e->as<BinaryNode>();
  if (!b) return std::nullopt;
  auto x = linear(b->a, v), y = linear(b->b, v);
  if (!x || !y) return std::nullopt;
  auto add = [&](BinaryOp op) {
    Expr r = !y->rest ? x->rest : !x->rest ? (op == BinaryOp::Add ? y->rest : make_binary(op, make_int(0), y->rest))
                                           : make_binary(op, x->rest, y->rest);
    return Linear{op == BinaryOp::Add ? x->coef + y->coef : x->coef - y->coef, r};
  };
  switch (b->op) {
    case BinaryOp::Add: return add(BinaryOp::Add);
    case BinaryOp::Sub: return add(BinaryOp::Sub);
    case BinaryOp::Mul: {
      const Linear& var = x->coef ? *x : *y;
      auto k = as_const_int(x->coef ? b->b : b->a);
      if ((x->coef && y->coef) || !k) return std::nullopt;
      return Linear{var.coef * *k, var.rest ? make_binary(BinaryOp::Mul, var.rest, make_int(*k)) : nullptr};
    }
    default: return std::nullopt;
  }
}

// e with `v // H` and `v % H` (H a positive constant) as they are within a group of f consecutive blocks when H
// is a multiple of f (group_dim checks it; each H is added to `moduli`): v // H is the same for the whole group
// (the stand-in variable `invariant`), and v % H steps by one from block to block as v does (so it is v itself).
// A flattened grid index (upstream's `bb, bh = bbh // H, bbh % H`) then reads as a row offset.
Expr within_group(const Expr& e, const VarNode* v, const VarRef& invariant, std::set<int64_t>& moduli) {
  struct Sub : IRMutator {
    const VarNode* v;
    const VarRef* invariant;
    std::set<int64_t>* moduli;
    Expr mutate_Binary(const BinaryNode& b, const Expr& e) override {
      auto h = as_const_int(b.b);
      if ((b.op == BinaryOp::FloorDiv || b.op == BinaryOp::FloorMod) && b.a.get() == v && h && *h > 0) {
        moduli->insert(*h);
        return b.op == BinaryOp::FloorMod ? b.a : Expr(*invariant);
      }
      return IRMutator::mutate_Binary(b, e);
    }
  } sub;
  sub.v = v, sub.invariant = &invariant, sub.moduli = &moduli;
  return sub.mutate(e);
}

// body with the lets whose values depend on v inlined (the grouping follows v into the indices they form).
Stmt inline_block_lets(const Stmt& body, const VarNode* v) {
  struct Inl : IRMutator {
    const VarNode* v;
    std::map<const VarNode*, Expr> values;
    Expr mutate_Var(const VarNode& n, const Expr& e) override {
      auto it = values.find(&n);
      return it == values.end() ? e : it->second;
    }
    Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
      Expr value = mutate(n.value);
      if (!mentions(value, v)) return IRMutator::mutate_LetStmt(n, s);
      values[n.var.get()] = value;
      return mutate(n.body);
    }
  } inl;
  inl.v = v;
  return inl.mutate(body);
}

// Everything the grouping of one grid dimension (block variable v) depends on, from one walk of the body.
class RowScan : public IRVisitor {
 public:
  explicit RowScan(const VarNode* v) : v_(v) {}

  bool ok = true;
  std::optional<int64_t> m;                            // rows per block
  std::set<Dim> seeds, forbidden;                      // dims receiving block rows; dims that must not be rows
  std::set<const VarNode*> seed_vars, nonbare;         // loop vars indexing rows of a global; vars used otherwise
  std::vector<std::pair<Dim, Dim>> dim_edges;          // dims holding the same index
  std::vector<std::pair<Dim, const VarNode*>> var_edges;  // dim indexed by a bare T.Parallel variable
  std::map<const VarNode*, int64_t> parallel_extent;
  struct Access {
    const BufferNode* tensor;
    int dim;
    bool write, offset;  // offset: the index has a term besides v·m (and the row variable)
  };
  std::vector<Access> accesses;
  std::set<int64_t> moduli;  // H of the `v // H`, `v % H` in global indices (within_group)
  std::set<const CopyNode*> transposing;  // copies whose block is a column of the tensor's tiles and a row here
  std::string why;           // why the blocks cannot be grouped, when a check found it
  Expr within_group(const Expr& e) { return tt::within_group(e, v_, invariant_, moduli); }

  void visit_Var(const VarNode& n, const Expr&) override {
    if (&n == v_) ok = false;  // the block variable outside a global index
    nonbare.insert(&n);
  }

  void visit_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind == ForKind::Parallel) {
      auto e = as_const_int(n.extent), lo = as_const_int(n.min);
      parallel_extent[n.var.get()] = e && lo == 0 ? *e : -1;
      ++in_parallel_;
      IRVisitor::visit_For(n, s);
      --in_parallel_;
      return;
    }
    IRVisitor::visit_For(n, s);
  }

  void visit_BufferLoad(const BufferLoadNode& n, const Expr&) override { element(n.buffer, n.indices, false); }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
    if (!in_parallel_) forbid_all(n.buffer);  // a scalar store is one element, not one per row
    element(n.buffer, n.indices, true);
    if (!in_parallel_) {
      struct Reads : IRVisitor {
        RowScan* self;
        void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {
          self->forbid_all(l.buffer);
          IRVisitor::visit_BufferLoad(l, e);
        }
      } r;
      r.self = this;
      r.visit(n.value);
    }
    visit(n.value);
  }

  void visit_Copy(const CopyNode& n, const Stmt&) override {
    const BufferRegion& g = n.src.buffer->scope == Scope::Global ? n.src : n.dst;
    const BufferRegion& l = &g == &n.src ? n.dst : n.src;
    if (g.buffer->scope != Scope::Global) {  // local to local: dims correspond one to one
      if (n.src.ranges.size() != n.dst.ranges.size()) return fail_both(n.src, n.dst);
      for (size_t k = 0; k < n.src.ranges.size(); ++k)
        dim_edges.push_back({{n.src.buffer.get(), int(k)}, {n.dst.buffer.get(), int(k)}});
      return visit_ranges(n.src), visit_ranges(n.dst);
    }
    if (l.buffer->scope == Scope::Global) return fail_both(n.src, n.dst);
    int row = global_region(g, &g == &n.dst);
    visit_ranges(l);
    if (row < 0) return forbid_all(l.buffer);
    // The local dims match the global's trailing dims.
    const int shift = int(g.ranges.size()) - int(l.ranges.size());
    if (row < shift) return void(ok = false);
    // A transposing copy: the block's rows are the tensor's last dimension and its columns the other tiled one
    // (upstream chunk cumsum's G[bb, s0:s0 + 64, bh] into a (1, 64) row), or the reverse; grouped, it becomes a
    // T.Parallel nest that transposes (Regroup).
    if (const int t = transposed_dim(g, l, row); t >= 0) {
      seeds.insert({l.buffer.get(), t});
      transposing.insert(&n);
      return;
    }
    seeds.insert({l.buffer.get(), row - shift});
    auto size = as_const_int(l.buffer->shape[row - shift]);
    if (m && size && *size != *m && why.empty())  // e.g. a column of the tensor's tiles read into a row
      why = "the block index selects dimension " + std::to_string(row) + " of " + g.buffer->name + ", " +
            (row + 1 == int(g.ranges.size()) ? "its last (the block is a column of its tiles)" : "") +
            " but not the rows of " + l.buffer->name + ": T.copy transposes the block, which is not grouped yet";
  }

  void visit_Reduce(const ReduceNode& n, const Stmt&) override {
    forbidden.insert({n.src.buffer.get(), n.dim});
    const bool kept = n.dst.ranges.size() == n.src.ranges.size();
    for (int k = 0; k < int(n.src.ranges.size()); ++k)
      if (k != n.dim) dim_edges.push_back({{n.src.buffer.get(), k}, {n.dst.buffer.get(), kept || k < n.dim ? k : k - 1}});
    visit_ranges(n.src), visit_ranges(n.dst);
  }
  void visit_Fill(const FillNode& n, const Stmt&) override { visit_ranges(n.dst), visit(n.value); }
  // C = op(A)·op(B) keeps op(A)'s rows apart (row i of C is row i of op(A) times B); every other dim is mixed.
  void visit_Gemm(const GemmNode& n, const Stmt&) override {
    forbid({n.b});
    if (n.a.ranges.size() != 2 || n.c.ranges.size() != 2) return forbid({n.a, n.c});
    const int a_row = n.transpose_a ? 1 : 0;
    dim_edges.push_back({{n.a.buffer.get(), a_row}, {n.c.buffer.get(), 0}});
    forbidden.insert({n.a.buffer.get(), 1 - a_row});
    forbidden.insert({n.c.buffer.get(), 1});
    visit_ranges(n.a), visit_ranges(n.c);
  }
  // A cumsum along dim 1 of 2-D blocks keeps their rows apart (each row's prefix sums are its own); along
  // dim 0 it mixes them.
  void visit_CumSum(const CumSumNode& n, const Stmt&) override {
    if (n.src.ranges.size() != 2 || n.dst.ranges.size() != 2 || n.dim != 1) return forbid({n.src, n.dst});
    dim_edges.push_back({{n.src.buffer.get(), 0}, {n.dst.buffer.get(), 0}});
    forbidden.insert({n.src.buffer.get(), 1}), forbidden.insert({n.dst.buffer.get(), 1});
    visit_ranges(n.src), visit_ranges(n.dst);
  }
  // Operations that mix a block's rows: their buffers keep their shape.
  void visit_Im2Col(const Im2ColNode& n, const Stmt&) override { forbid({n.src, n.dst}); }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override {
    forbid_all(n.buffer);
    IRVisitor::visit_Atomic(n, s);
  }

  void forbid_all(const Buffer& b) {
    for (int k = 0; k < int(b->shape.size()); ++k) forbidden.insert({b.get(), k});
  }

 private:
  void fail_both(const BufferRegion& a, const BufferRegion& b) {
    forbid_all(a.buffer), forbid_all(b.buffer);
    visit_ranges(a), visit_ranges(b);
  }
  void forbid(std::initializer_list<BufferRegion> rs) {
    for (auto& r : rs) forbid_all(r.buffer), visit_ranges(r);
  }
  // A local region must cover a row dim whole (it is widened whole).
  void visit_ranges(const BufferRegion& r) {
    for (int k = 0; k < int(r.ranges.size()); ++k) {
      visit(r.ranges[k].min), visit(r.ranges[k].extent);
      auto size = as_const_int(r.buffer->shape[k]);
      if (r.buffer->scope != Scope::Global &&
          (as_const_int(r.ranges[k].min) != 0 || !size || as_const_int(r.ranges[k].extent) != *size))
        forbidden.insert({r.buffer.get(), k});
    }
  }

  // The dimension of 2-D local block l that receives row dimension `row` of global region g when the copy transposes
  // the block: g spans its last dimension and one other, k; l is (extent at the last) × (extent at k); `row` is one
  // of the two and l's dimension for it is not the one a positional copy would give. -1 otherwise.
  int transposed_dim(const BufferRegion& g, const BufferRegion& l, int row) const {
    const int rank = int(g.ranges.size());
    if (l.ranges.size() != 2 || rank < 2 || !m) return -1;
    int k = -1;
    for (int d = 0; d + 1 < rank; ++d)
      if (d != row && as_const_int(g.ranges[d].extent) != 1) k = d;
    if (k < 0) k = row == rank - 1 ? rank - 2 : row;
    auto ext = [&](int d) { return d == row ? *m : as_const_int(g.ranges[d].extent).value_or(-1); };
    auto size = [&](int d) { return as_const_int(l.buffer->shape[d]).value_or(-2); };
    if (size(0) != ext(rank - 1) || size(1) != ext(k) || (size(0) == ext(k) && size(1) == ext(rank - 1))) return -1;
    return row == rank - 1 ? 0 : 1;
  }

  // The dimension of global region g indexed by v (its extent must be m), or -1.
  int global_region(const BufferRegion& g, bool write) {
    int row = -1;
    for (int k = 0; k < int(g.ranges.size()); ++k) {
      auto lin = linear(within_group(g.ranges[k].min), v_);
      if (!lin) return ok = false, -1;
      if (lin->rest) visit(lin->rest);
      visit(g.ranges[k].extent);
      if (!lin->coef) continue;
      auto ext = as_const_int(g.ranges[k].extent);
      if (row >= 0 || !ext || *ext != lin->coef) return ok = false, -1;
      row = k;
      set_m(lin->coef);
      accesses.push_back({g.buffer.get(), k, write, lin->rest != nullptr});
    }
    return row;
  }

  // buffer[indices] inside or outside T.Parallel.
  void element(const Buffer& b, const std::vector<Expr>& indices, bool write) {
    for (int k = 0; k < int(indices.size()); ++k) {
      const Expr& idx = indices[k];
      if (b->scope != Scope::Global) {
        if (auto* w = idx->as<VarNode>(); w && parallel_extent.count(w)) {
          var_edges.push_back({{b.get(), k}, w});
          continue;
        }
        forbidden.insert({b.get(), k});
        visit(idx);
        continue;
      }
      auto lin = linear(within_group(idx), v_);
      if (!lin) return void(ok = false);
      if (!lin->coef) {
        visit(within_group(idx));
        continue;
      }
      // v·m + i with i a T.Parallel variable (the block's row i)
      auto* w = lin->rest ? lin->rest->as<VarNode>() : nullptr;
      if (!w || !parallel_extent.count(w)) return void(ok = false);
      seed_vars.insert(w);
      set_m(lin->coef);
      accesses.push_back({b.get(), k, write, false});
    }
  }

  void set_m(int64_t c) {
    if (m && *m != c) ok = false;
    m = c;
  }

  const VarNode* v_;
  VarRef invariant_ = make_var("tt_group_invariant");
  int in_parallel_ = 0;
};

// Widens the row dims by f (see the header's Output).
class Regroup : public IRMutator {
 public:
  Regroup(const VarNode* v, int64_t f, const std::set<Dim>& rows, const std::set<const VarNode*>& row_vars,
          const std::set<const CopyNode*>& transposing)
      : v_(v), f_(f), rows_(rows), row_vars_(row_vars), transposing_(transposing) {}

  // A transposing copy of a grouped block (RowScan::transposed_dim) as the nest it is: the local R×C block l and
  // the global region g spanning C along a dimension k and R along its last,
  //   for i, j in T.Parallel(R, C): l[i, j] = g[.., k0 + j, .., c0 + i]   (or the store the other way)
  // (a T.copy of the widened regions would mean a reshape, not a transpose).
  Stmt mutate_Copy(const CopyNode& n, const Stmt& s) override {
    if (!transposing_.count(&n)) return IRMutator::mutate_Copy(n, s);
    const bool in = n.src.buffer->scope == Scope::Global;
    const BufferRegion g = mutate_region(in ? n.src : n.dst), l = mutate_region(in ? n.dst : n.src);
    const int rank = int(g.ranges.size());
    int k = rank - 2;
    for (int d = 0; d + 1 < rank; ++d)
      if (as_const_int(g.ranges[d].extent) != 1) k = d;
    VarRef i = make_var("i"), j = make_var("j");
    std::vector<Expr> idx;
    for (int d = 0; d < rank; ++d)
      idx.push_back(d == k ? make_binary(BinaryOp::Add, g.ranges[d].min, j)
                           : d + 1 == rank ? make_binary(BinaryOp::Add, g.ranges[d].min, i) : g.ranges[d].min);
    const std::vector<Expr> lidx = {i, j};
    Stmt st = in ? make_store(l.buffer, lidx, make_cast(l.buffer->dtype, make_load(g.buffer, idx)), n.span)
                 : make_store(g.buffer, idx, make_cast(g.buffer->dtype, make_load(l.buffer, lidx)), n.span);
    st = make_for(j, make_int(0), l.buffer->shape[1], ForKind::Parallel, st, n.span);
    return make_for(i, make_int(0), l.buffer->shape[0], ForKind::Parallel, st, n.span);
  }

  Buffer mutate_buffer(const Buffer& b) override {
    if (b->scope == Scope::Global) return b;
    auto it = done_.find(b.get());
    if (it != done_.end()) return it->second;
    auto shape = b->shape;
    for (int k = 0; k < int(shape.size()); ++k)
      if (rows_.count({b.get(), k})) shape[k] = make_int(*as_const_int(shape[k]) * f_);
    Buffer nb = shape == b->shape ? b : make_buffer(b->name, b->dtype, shape, b->scope, b->span);
    done_[b.get()] = nb;
    return nb;
  }

  BufferRegion mutate_region(const BufferRegion& r) override {
    BufferRegion out{mutate_buffer(r.buffer), {}};
    for (int k = 0; k < int(r.ranges.size()); ++k) {
      Range rg{r.buffer->scope == Scope::Global ? regroup(r.ranges[k].min) : mutate(r.ranges[k].min),
               mutate(r.ranges[k].extent)};
      std::set<int64_t> moduli;
      const bool global_row =
          r.buffer->scope == Scope::Global && linear(within_group(r.ranges[k].min, v_, invariant_, moduli), v_)->coef;
      if (global_row || rows_.count({r.buffer.get(), k})) rg.extent = make_int(*as_const_int(rg.extent) * f_);
      out.ranges.push_back(rg);
    }
    return out;
  }

  Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    return make_load(mutate_buffer(n.buffer), indices(n.buffer, n.indices));
  }
  Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    return make_store(mutate_buffer(n.buffer), indices(n.buffer, n.indices), mutate(n.value), n.span);
  }
  Expr mutate_Var(const VarNode& n, const Expr& e) override {  // v only occurs in global indices (RowScan)
    return &n == v_ ? make_binary(BinaryOp::Mul, var_ref_, make_int(f_)) : e;
  }
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    if (!row_vars_.count(n.var.get())) return IRMutator::mutate_For(n, s);
    return make_for(n.var, n.min, make_int(*as_const_int(n.extent) * f_), n.for_kind, mutate(n.body), n.span,
                    n.num_stages, n.order, n.stage, n.group);
  }
  // A global index v·m + r becomes v·(m·f) + r: block v now starts where fine block v·f did; in `v // H` and
  // `v % H` (within_group), v becomes v·f likewise.
  Expr regroup(const Expr& e) {
    if (!mentions(e, v_)) return mutate(e);
    auto lin = linear(e, v_);
    if (!lin) return mutate(e);
    Expr head = make_binary(BinaryOp::Mul, var_ref_, make_int(lin->coef * f_));
    return lin->rest ? make_binary(BinaryOp::Add, head, mutate(lin->rest)) : head;
  }

  VarRef var_ref_;

 private:
  std::vector<Expr> indices(const Buffer& b, const std::vector<Expr>& idx) {  // global indices regrouped
    std::vector<Expr> out;
    for (auto& i : idx) out.push_back(b->scope == Scope::Global ? regroup(i) : mutate(i));
    return out;
  }

  const VarNode* v_;
  VarRef invariant_ = make_var("tt_group_invariant");
  int64_t f_;
  const std::set<Dim>& rows_;
  const std::set<const VarNode*>& row_vars_;
  const std::set<const CopyNode*>& transposing_;
  std::map<const BufferNode*, Buffer> done_;
};

// The kernel with grid dimension d grouped, or null; `why` then says why, for blocks smaller than a tile.
Stmt group_dim(const KernelNode& n, size_t d, std::string& why) {
  auto grid = as_const_int(n.grid[d]);
  if (!grid) return nullptr;
  const VarNode* v = n.block_vars[d].get();
  const Stmt body = inline_block_lets(n.body, v);
  RowScan scan(v);
  scan.visit(body);
  if (!scan.m || *scan.m <= 0 || *scan.m % 32 == 0) return nullptr;
  const std::string name = n.block_vars[d]->name;
  // Explained (for the block-size error) when v indexes the tensors' tiled rows, not only slices of them.
  bool tiled = !scan.accesses.empty();
  for (auto& a : scan.accesses) tiled = tiled && a.dim >= int(a.tensor->shape.size()) - 2;
  if (tiled)
    why = !scan.why.empty() ? scan.why : "block index " + name + " is used other than as a row offset " + name +
                                         " * " + std::to_string(*scan.m) + " of the tensors, or the block's rows mix";
  if (!scan.ok) return nullptr;
  const int64_t m = *scan.m, f = std::lcm(m, int64_t{32}) / m;
  // Closure of the row relation from the seeds.
  std::set<Dim> rows = scan.seeds;
  std::set<const VarNode*> vars = scan.seed_vars;
  for (bool grew = true; grew;) {
    grew = false;
    for (auto& [a, b] : scan.dim_edges)
      if (rows.count(a) != rows.count(b)) rows.insert(a), rows.insert(b), grew = true;
    for (auto& [dm, w] : scan.var_edges)
      if (rows.count(dm) != vars.count(w)) rows.insert(dm), vars.insert(w), grew = true;
  }
  for (auto& dm : rows) {
    auto size = as_const_int(dm.first->shape[dm.second]);
    const int rank = int(dm.first->shape.size());
    if (scan.forbidden.count(dm) || !size || *size != m || dm.second < rank - 2) return nullptr;
  }
  for (auto* w : vars)
    if (scan.nonbare.count(w) || scan.parallel_extent.at(w) != m) return nullptr;
  for (int64_t h : scan.moduli)  // a group must not straddle two values of v // H
    if (h % f || *grid % f) {
      why = "block index " + name + " reaches the tensors as " + name + " // " + std::to_string(h) + " and " + name +
            " % " + std::to_string(h) + ": " + std::to_string(f) + " consecutive blocks (one tile of rows) would span "
            "several values of " + name + " // " + std::to_string(h) + " (" + std::to_string(h) + " is not a multiple of " +
            std::to_string(f) + ")";
      return nullptr;
    }
  const int64_t groups = (*grid + f - 1) / f;
  for (auto& a : scan.accesses) {
    const int rank = int(a.tensor->shape.size());
    auto extent = as_const_int(a.tensor->shape[a.dim]);
    if (!extent || a.dim < rank - 2) return nullptr;
    if (*grid % f == 0) continue;
    // A partial last group: its extra rows must lie past the tensor's end and inside its tile padding.
    if (a.offset || groups * m * f > (*extent + 31) / 32 * 32 || (a.write && *grid * m < *extent)) return nullptr;
  }
  Regroup r(v, f, rows, vars, scan.transposing);
  r.var_ref_ = n.block_vars[d];
  auto grid_out = n.grid;
  grid_out[d] = make_int(groups);
  auto attrs = n.attrs;
  attrs["tt.grouped." + std::to_string(d)] = std::to_string(f);
  std::vector<Buffer> allocs;
  for (auto& a : n.allocs) allocs.push_back(r.mutate_buffer(a));
  return make_kernel(grid_out, n.block_vars, n.threads, allocs, attrs, r.mutate(body), n.span);
}

}  // namespace

Stmt group_tt_blocks(const KernelNode& n, const Stmt& s) {
  Stmt out = s;
  for (size_t d = 0; d < n.grid.size(); ++d) {
    std::string why;
    if (Stmt g = group_dim(*out->as<KernelNode>(), d, why)) {
      out = g;
    } else if (!why.empty()) {  // for the block-size error (tensorize_tt)
      auto* k = out->as<KernelNode>();
      auto attrs = k->attrs;
      attrs["tt.not_grouped"] = why;
      out = make_kernel(k->grid, k->block_vars, k->threads, k->allocs, attrs, k->body, k->span);
    }
  }
  return out;
}

}  // namespace tl::tt
