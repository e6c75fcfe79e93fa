// Element-wise T.Parallel nests and the kernel pre-scan (tt_parallel_match.h).
#include "tilelang_tt/transform/tt_parallel_match.h"

#include <functional>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_int_tiles.h"

namespace tl::tt {

namespace {

bool uses_var(const Expr& e, const VarNode* v) { return mentions_var(e, v); }

}  // namespace

Expr Inline::mutate_Var(const VarNode& n, const Expr& e) {
  auto it = values.find(&n);
  return it == values.end() ? e : mutate(it->second);
}

std::optional<Expr> offset_of(const Expr& e, const VarNode* v, const VarNode* i, const VarNode* j) {
  if (e.get() == static_cast<const ExprNode*>(v)) return make_int(0);
  auto* b = e->as<BinaryNode>();
  if (!b || b->op != BinaryOp::Add) return std::nullopt;
  auto free = [&](const Expr& x) { return !uses_var(x, i) && !uses_var(x, j); };
  if (b->b.get() == static_cast<const ExprNode*>(v) && free(b->a)) return b->a;
  if (b->a.get() == static_cast<const ExprNode*>(v) && free(b->b)) return b->b;
  return std::nullopt;
}

namespace {

class Matcher {
 public:
  Matcher(const VarNode* i, const VarNode* j, int64_t rows, int64_t cols, const Span& sp)
      : i_(i), j_(j), rows_(rows), cols_(cols), sp_(sp) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError("T.Parallel", what + "; on tenstorrent a T.Parallel nest must be an element-wise operation "
                                         "over whole tiles (see docs/tenstorrent.md)", sp_);
  }

  // One element at indices free of the nest's and of values read from buffers (`Sinks[by]`): LeafKind::Element.
  std::optional<BufferRegion> element(const Buffer& b, const std::vector<Expr>& idx) const {
    struct Reads : IRVisitor {
      bool found = false;
      void visit_BufferLoad(const BufferLoadNode&, const Expr&) override { found = true; }
    };
    std::vector<Range> ranges;
    for (auto& e : idx) {
      Reads r;
      r.visit(e);
      if (r.found || uses_var(e, i_) || (j_ && uses_var(e, j_))) return std::nullopt;
      ranges.push_back({e, make_int(1)});
    }
    return BufferRegion{b, ranges};
  }

  // A global region R×C at (r, c) given indices (r + i, c + j). A tensor of rank ≥ 3 is read (stored) as one 2-D
  // block of a slice, as a T.copy of that region would: (c + j) in the last dimension, (r + i) in one other, and
  // every other index free of i and j (extent 1; tt_tile_box then slices the tensor along those dimensions).
  BufferRegion global_box(const Buffer& b, const std::vector<Expr>& idx) {
    const size_t n = idx.size();
    std::string s;
    for (auto& e : idx) s += (s.empty() ? "" : ", ") + print_expr(e);
    auto c = j_ ? offset_of(idx[n - 1], j_, i_, j_) : std::nullopt;
    std::optional<size_t> rd;
    std::optional<Expr> r;
    for (size_t d = 0; d + 1 < n; ++d) {
      if (!uses_var(idx[d], i_) && !(j_ && uses_var(idx[d], j_))) continue;
      if (rd || !(r = offset_of(idx[d], i_, i_, j_))) rd.reset(), r.reset(), d = n;
      else rd = d;
    }
    if (!r || !c) {
      if (n == 2) fail("global tensor " + b->name + " is indexed by " + s + ", not by (offset + i, offset + j)");
      fail("global tensor " + b->name + " is indexed by " + s + ", not by offset + j in its last dimension, "
           "offset + i in one other and indices free of i and j in the rest");
    }
    BufferRegion box{b, {}};
    for (size_t d = 0; d < n; ++d)
      box.ranges.push_back(d == *rd ? Range{*r, make_int(rows_)} : d + 1 == n ? Range{*c, make_int(cols_)}
                                                                              : Range{idx[d], make_int(1)});
    return box;
  }

  // A 1-D nest's line of a global tensor of rank >= 2: (off + i) in one dimension, indices free of i in the others
  // (`Output_partial[bz, hid, k, i]`): the region of extent R there and 1 elsewhere, read or stored as the nest's
  // vector tiles (tt_tile_box places it).
  BufferRegion global_line(const Buffer& b, const std::vector<Expr>& idx) {
    std::optional<size_t> d;
    std::optional<Expr> off;
    for (size_t k = 0; k < idx.size(); ++k) {
      if (!uses_var(idx[k], i_)) continue;
      if (d || !(off = offset_of(idx[k], i_, i_, j_))) {
        std::string s;
        for (auto& e : idx) s += (s.empty() ? "" : ", ") + print_expr(e);
        fail("global tensor " + b->name + " is indexed by " + s + " in a 1-D T.Parallel, not by offset + i in one "
             "dimension and indices free of i in the others");
      }
      d = k;
    }
    if (!d) fail("global tensor " + b->name + " is stored at indices free of the loop index");
    BufferRegion line{b, {}};
    for (size_t k = 0; k < idx.size(); ++k)
      line.ranges.push_back(k == *d ? Range{*off, make_int(rows_)} : Range{idx[k], make_int(1)});
    return line;
  }

  // A global 1-D tensor read at (c + j) (one value per column: RowVec) or (r + i) (per row: ColVec).
  BufferRegion global_vector(const Buffer& b, const std::vector<Expr>& idx, LeafKind& kind) {
    if (!j_) {  // a 1-D nest: the vector's tiles, in the orientation of the nest's vectors
      auto r = offset_of(idx[0], i_, i_, j_);
      if (!r) fail("global vector " + b->name + " is indexed by " + print_expr(idx[0]) + ", not by offset + i");
      kind = LeafKind::Tile;
      return BufferRegion{b, {{*r, make_int(rows_)}}};
    }
    if (auto c = offset_of(idx[0], j_, i_, j_)) {
      kind = LeafKind::RowVec;
      return BufferRegion{b, {{*c, make_int(cols_)}}};
    }
    if (auto r = offset_of(idx[0], i_, i_, j_)) {
      kind = LeafKind::ColVec;
      return BufferRegion{b, {{*r, make_int(rows_)}}};
    }
    fail("global vector " + b->name + " is indexed by " + print_expr(idx[0]) + ", not by offset + i or offset + j");
  }

  // e is v, or 0 + v (a region's offset 0, as a region atomic of a whole local buffer indexes it), or 0 when v's
  // loop has extent 1 (its one index: upstream's one-row blocks read `s[0]` in a T.Parallel(1, D)).
  bool is_loop_var(const Expr& e, const VarNode* v) {
    if (v && ((v == i_ && rows_ == 1) || (v == j_ && cols_ == 1)) && as_const_int(e) == int64_t{0}) return true;
    auto off = v ? offset_of(e, v, i_, j_) : std::nullopt;
    return off && as_const_int(*off) == 0;
  }

  LeafKind local_kind(const Buffer& b, const std::vector<Expr>& idx) {
    auto dim = [&](size_t d) { return *as_const_int(b->shape[d]); };
    if (idx.size() == 1 && b->shape.size() == 1 && dim(0) == 1 && as_const_int(idx[0]) == 0) return LeafKind::Scalar;
    if (!j_) {  // a 1-D nest over vectors: their tiles are combined tile by tile, whatever their orientation
      if (idx.size() == 1 && is_loop_var(idx[0], i_) && b->shape.size() == 1 && dim(0) == rows_) return LeafKind::Tile;
      fail("in a 1-D T.Parallel, buffer " + b->name + " must be a 1-D buffer of " + std::to_string(rows_) +
           " elements read at the loop index");
    }
    if (idx.size() == 2 && is_loop_var(idx[0], i_) && is_loop_var(idx[1], j_) && dim(0) == rows_ && dim(1) == cols_)
      return LeafKind::Tile;
    if (idx.size() == 1 && is_loop_var(idx[0], i_) && dim(0) == rows_) return LeafKind::ColVec;
    if (idx.size() == 1 && is_loop_var(idx[0], j_) && dim(0) == cols_) return LeafKind::RowVec;
    std::string s;
    for (auto& e : idx) s += (s.empty() ? "" : ", ") + print_expr(e);
    fail("buffer " + b->name + " is read at [" + s + "], not at the loop's own indices");
  }

  void collect(const Expr& e, ParallelMatch& m) {
    struct Loads : IRVisitor {
      Matcher* self;
      ParallelMatch* m;
      void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
        const Buffer& b = n.buffer;
        if (is_scalar_buffer(b)) return;  // a kernel scalar: a runtime value, not a tile
        if (b->scope == Scope::Global) {
          LeafKind kind = LeafKind::Element;
          auto one = self->element(b, n.indices);
          if (!one) kind = LeafKind::Tile;
          BufferRegion box = one ? *one : b->shape.size() == 1 ? self->global_vector(b, n.indices, kind)
                                        : !self->j_ ? self->global_line(b, n.indices) : self->global_box(b, n.indices);
          for (auto& g : m->global_loads)
            if (g.buffer == b) {
              bool same = g.kind == kind;
              for (size_t d = 0; d < box.ranges.size() && same; ++d)
                same = print_expr(g.region.ranges[d].min) == print_expr(box.ranges[d].min);
              if (!same) self->fail("global tensor " + b->name + " is read at two different offsets");
              return;
            }
          m->global_loads.push_back({b, box, kind});
          return;
        }
        LeafKind k = self->local_kind(b, n.indices);
        if (m->store.buffer == b) m->reads_store_target = true;
        for (auto& [l, kind] : m->local_loads)
          if (l == b) return;
        m->local_loads.push_back({b, k});
      }
    } loads;
    loads.self = this;
    loads.m = &m;
    loads.visit(e);
  }

 public:
  const VarNode *i_, *j_;  // j_ is null in a 1-D nest
  int64_t rows_, cols_;
  Span sp_;
};

}  // namespace

namespace {

// Walks a nest's body in program order (the contract in the header).
class NestWalker {
 public:
  NestWalker(const ForNode* outer, const ForNode* inner, int64_t rows, int64_t cols, const Span& sp)
      : i_(outer->var.get()), j_(inner ? inner->var.get() : nullptr), rows_(rows), cols_(cols), sp_(sp) {}

  std::vector<ParallelMatch> out;

  void walk(const Stmt& s, const Expr& cond) {
    if (auto* seq = s->as<SeqStmtNode>()) {
      for (auto& x : seq->seq) walk(x, cond);
      return;
    }
    if (auto* let = s->as<LetStmtNode>()) {
      inl_.values[let->var.get()] = value_of(let->value);
      walk(let->body, cond);
      return;
    }
    if (auto* iff = s->as<IfThenElseNode>()) {
      Expr c = value_of(iff->cond);
      if (!iff->else_case && is_bounds_guard(c, iff->then_case)) return walk(iff->then_case, cond);
      auto both = [&](const Expr& x) { return cond ? make_binary(BinaryOp::And, cond, x) : x; };
      walk(iff->then_case, both(c));
      if (iff->else_case) walk(iff->else_case, both(make_unary(UnaryOp::Not, c)));
      return;
    }
    if (auto* st = s->as<BufferStoreNode>()) return store(*st, cond);
    if (auto* ev = s->as<EvaluateNode>(); ev && ev->value->as<IntImmNode>()) return;  // a no-op
    throw UserError("T.Parallel", "this statement is not supported inside an element-wise T.Parallel on "
                                  "tenstorrent (expected stores, lets and ifs)", s->span.known() ? s->span : sp_);
  }

 private:
  static bool is_scalar(const Buffer& b) { return is_scalar_buffer(b); }

 public:
  std::set<const BufferNode*> nest_scalars_;  // scalars the nest stores into (its per-element temporaries)

 private:

  // e with lets inlined and scalars replaced by the values stored into them earlier in this iteration.
  Expr value_of(const Expr& e) {
    struct Sub : IRMutator {
      NestWalker* w;
      Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
        // A global element stored earlier in this iteration is that value: the writer's store and the reader's
        // load of DRAM are not ordered within a nest.
        if (auto g = w->globals_.find(n.buffer.get()); g != w->globals_.end()) {
          Expr load = IRMutator::mutate_BufferLoad(n, e);
          if (print_expr(load) != g->second.first)
            throw UserError("T.Parallel", "global tensor " + n.buffer->name + " is read at " + print_expr(load) +
                                          " after this T.Parallel stored into it at " + g->second.first + "; on "
                                          "tenstorrent a nest may read back only the element it stored", w->cur_span());
          return g->second.second;
        }
        if (!is_scalar(n.buffer)) return IRMutator::mutate_BufferLoad(n, e);
        if (!w->nest_scalars_.count(n.buffer.get())) return e;  // the kernels' scalar, a runtime value of the nest
        auto it = w->scalars_.find(n.buffer.get());
        if (it == w->scalars_.end())
          throw UserError("T.Parallel", "scalar " + n.buffer->name + " is read before it is assigned in this "
                                        "iteration; on tenstorrent a scalar inside an element-wise T.Parallel is a "
                                        "per-element temporary (assign it first)", w->cur_span());
        return it->second;
      }
    } sub;
    sub.w = this;
    return sub.mutate(inl_.mutate(e));
  }

  Span cur_span() const { return cur_.known() ? cur_ : sp_; }

  void store(const BufferStoreNode& st, const Expr& cond) {
    cur_ = st.span;
    Expr v = value_of(st.value);
    if (is_scalar(st.buffer)) {  // a per-element temporary (under a condition: it keeps its old value elsewhere)
      if (cond) {
        auto old = scalars_.find(st.buffer.get());
        if (old == scalars_.end())
          throw UserError("T.Parallel", "scalar " + st.buffer->name + " is assigned under a condition before any "
                                        "unconditional assignment in this iteration", cur_span());
        v = make_select(cond, v, old->second);
      }
      scalars_[st.buffer.get()] = v;
      return;
    }
    Matcher mt(i_, j_, rows_, cols_, cur_span());
    ParallelMatch m;
    m.rows = rows_;
    m.cols = cols_;
    m.i = i_, m.j = j_;
    std::vector<Expr> idx;
    for (auto& e : st.indices) idx.push_back(value_of(e));
    if (st.buffer->scope == Scope::Global) {
      LeafKind kind = LeafKind::Tile;
      if (!j_ && idx.size() == 2) {  // one column or row of a 2-D tensor
        for (int d = 0; d < 2 && m.store_line < 0; ++d)
          if (auto off = offset_of(idx[d], i_, i_, j_); off && !uses_var(idx[1 - d], i_)) {
            m.store_line = d;
            m.line_index = idx[1 - d];
            m.store_span = cur_span();
            std::vector<Range> box(2, Range{make_int(0), make_int(32)});
            box[d] = Range{*off, make_int(rows_)};
            m.store = BufferRegion{st.buffer, box};
          }
        if (m.store_line < 0)
          mt.fail("global tensor " + st.buffer->name + " is indexed by " + print_expr(idx[0]) + ", " +
                  print_expr(idx[1]) + ": a 1-D T.Parallel stores into one column (offset + i, c) or one row "
                  "(r, offset + i) of a 2-D tensor");
      } else {
        m.store = st.buffer->shape.size() == 1 ? mt.global_vector(st.buffer, idx, kind)
                  : !j_ ? mt.global_line(st.buffer, idx) : mt.global_box(st.buffer, idx);
      }
      if (kind != LeafKind::Tile) mt.fail("a store into global vector " + st.buffer->name + " must be in a 1-D T.Parallel");
      m.store_global = true;
      if (cond) mt.fail("a conditional store into global tensor " + st.buffer->name + " (other than a bounds check) "
                        "is not supported: store into a fragment under the condition and T.copy it out");
    } else {
      if (!j_ && st.buffer->shape.size() != 1) mt.fail("a 1-D T.Parallel must store to a 1-D buffer");
      // A one-row nest's store into a vector at [j] (a one-column nest's at [i]): its tiles are the vector's (values
      // in row 0, column 0), as LayerNorm backward's one-row blocks accumulate `dgamma[j] += …`.
      const LeafKind k = mt.local_kind(st.buffer, idx);
      if (k != LeafKind::Tile && !(k == LeafKind::RowVec && rows_ == 1) && !(k == LeafKind::ColVec && cols_ == 1))
        mt.fail("the stored buffer must be indexed (i, j)");
      m.store = make_full_region(st.buffer);
      if (cond) v = make_select(cond, v, make_load(st.buffer, idx));
    }
    m.value = v;
    mt.collect(m.value, m);
    out.push_back(m);
    if (m.store_global) globals_[st.buffer.get()] = {print_expr(make_load(st.buffer, idx)), v};
  }

  // `then` stores only into global tensors, and c is a conjunction of `index < extent` over their indices.
  bool is_bounds_guard(const Expr& c, const Stmt& then) {
    std::vector<const BufferStoreNode*> stores;
    struct Stores : IRVisitor {
      std::vector<const BufferStoreNode*>* s;
      void visit_BufferStore(const BufferStoreNode& n, const Stmt& x) override { s->push_back(&n); }
    } f;
    f.s = &stores;
    f.visit(then);
    if (stores.empty()) return false;
    for (auto* st : stores)
      if (st->buffer->scope != Scope::Global) return false;
    std::function<bool(const Expr&)> ok = [&](const Expr& e) {
      auto* b = e->as<BinaryNode>();
      if (!b) return false;
      if (b->op == BinaryOp::And) return ok(b->a) && ok(b->b);
      if (b->op != BinaryOp::LT) return false;
      for (auto* st : stores) {
        bool found = false;
        for (size_t d = 0; d < st->indices.size(); ++d)
          found |= print_expr(b->a) == print_expr(value_of(st->indices[d])) &&
                   print_expr(b->b) == print_expr(st->buffer->shape[d]);
        if (!found) return false;
      }
      return true;
    };
    return ok(c);
  }

  const VarNode *i_, *j_;
  int64_t rows_, cols_;
  Span sp_, cur_;
  Inline inl_;
  std::map<const BufferNode*, Expr> scalars_;
  std::map<const BufferNode*, std::pair<std::string, Expr>> globals_;  // global stores: (element, value)
};

}  // namespace

std::vector<ParallelMatch> match_parallel(const Stmt& nest) {
  auto* outer = nest->as<ForNode>();
  TL_ASSERT(outer && outer->for_kind == ForKind::Parallel, "match_parallel on a non-parallel loop");
  auto* inner = outer->body->as<ForNode>();
  auto bad = [&](const std::string& what) {
    throw UserError("T.Parallel", what + "; on tenstorrent a T.Parallel nest must be an element-wise operation "
                                         "over whole tiles", nest->span);
  };
  // A 1-D nest computes on vectors (1-D buffers); it is treated as rows×32 with only tile leaves.
  const bool one_d = !inner || inner->for_kind != ForKind::Parallel;
  auto r0 = as_const_int(outer->min), c0 = one_d ? std::optional<int64_t>(0) : as_const_int(inner->min);
  auto rows = as_const_int(outer->extent), cols = one_d ? std::optional<int64_t>(32) : as_const_int(inner->extent);
  if (!rows || !cols || !r0 || !c0 || *r0 != 0 || *c0 != 0) bad("loop extents must be constants from 0");
  const bool padded = *rows % 32 || *cols % 32;  // over the tiles that cover it: local buffers only
  auto not_whole = [&](const std::string& why) {
    bad("the loop covers " + std::to_string(*rows) + "×" + std::to_string(*cols) +
        " elements; tenstorrent needs multiples of 32 (the tile size)" + why);
  };
  NestWalker w(outer, one_d ? nullptr : inner, *rows, *cols, nest->span);
  struct Scalars : IRVisitor {
    std::set<const BufferNode*>* out;
    void visit_BufferStore(const BufferStoreNode& st, const Stmt& x) override {
      if (is_scalar_buffer(st.buffer)) out->insert(st.buffer.get());
      IRVisitor::visit_BufferStore(st, x);
    }
  } scalars;
  scalars.out = &w.nest_scalars_;
  scalars.visit(nest);
  w.walk(one_d ? outer->body : inner->body, Expr());
  if (w.out.empty()) bad("the loop stores nothing into a tile");
  for (const ParallelMatch& m : padded ? w.out : std::vector<ParallelMatch>{}) {
    if (m.store_global) not_whole(" where it stores to global tensor " + m.store.buffer->name);
    for (auto& g : m.global_loads)
      if (g.kind != LeafKind::Element) not_whole(" where it reads a block of global tensor " + g.buffer->name);
  }
  return w.out;
}

Expr substitute_leaves(const Expr& value, const std::map<const BufferNode*, Expr>& leaf) {
  struct Sub : IRMutator {
    const std::map<const BufferNode*, Expr>* leaf;
    Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
      if (is_scalar_buffer(n.buffer)) return e;  // a kernel scalar (see match_parallel)
      auto it = leaf->find(n.buffer.get());
      TL_ASSERT(it != leaf->end(), "no leaf for " << n.buffer->name);
      return it->second;
    }
    // Leaves carry their buffer's kind (tt_int_tiles.h): float formats change by packing, so casts between
    // floats go, but for casts to bfloat16 of other floats (the roundings tt_float8.h marks, which an fp32 DST
    // makes); casts between integers and floats stay (typecasts).
    Expr mutate_Cast(const CastNode& n, const Expr& e) override {
      Expr v = mutate(n.value);
      if (n.dtype == DType::BFloat16 && dtype_is_float(n.value->dtype) && n.value->dtype != DType::BFloat16)
        return make_cast(n.dtype, v);
      if (dtype_is_int(n.dtype)) return is_int(v) ? v : make_cast(n.dtype, v);
      return dtype_is_float(n.dtype) && is_int(v) ? float_of(v) : v;
    }
    // Integer operations on an int32 tile stay integer: float index leaves among their operands are cast.
    Expr mutate_Binary(const BinaryNode& n, const Expr& e) override {
      Expr a = mutate(n.a), b = mutate(n.b);
      if (!binary_op_is_logical(n.op) && is_int(n.a) && is_int(n.b) && (is_int_tile(a) || is_int_tile(b)))
        a = to_int(a), b = to_int(b);
      return make_binary(n.op, a, b);
    }
    Expr mutate_Select(const SelectNode& n, const Expr& e) override {
      Expr c = mutate(n.cond), t = mutate(n.t), f = mutate(n.f);
      if (is_int(n.t) && is_int(n.f) && (is_int_tile(t) || is_int_tile(f))) t = to_int(t), f = to_int(f);
      return make_select(c, t, f);
    }
    Expr mutate_Unary(const UnaryNode& n, const Expr& e) override {
      Expr a = mutate(n.a);
      return n.op == UnaryOp::Neg && is_int_tile(a) ? int_negate(a) : make_unary(n.op, a);
    }
    Expr mutate_Call(const CallNode& n, const Expr& e) override {
      if (n.fn == Intrinsic::Abs) {
        Expr a = mutate(n.args[0]);
        if (is_int_tile(a)) return int_abs(a);
      }
      return IRMutator::mutate_Call(n, e);
    }
  } sub;
  sub.leaf = &leaf;
  return sub.mutate(value);
}

KernelScan scan_kernel(const KernelNode& k) {
  struct Scan : IRVisitor {
    KernelScan s;
    // Where each local buffer is written and copied out: the innermost loop body or branch, and program order.
    struct Site {
      const void* context;
      int order;
    };
    const void* context = nullptr;
    int order = 0;
    std::map<const BufferNode*, std::vector<Site>> writes;
    std::map<const BufferNode*, std::vector<Site>> copy_outs;
    void write(const Buffer& b) {
      if (b->scope != Scope::Global) writes[b.get()].push_back({context, order++});
    }
    void visit_IfThenElse(const IfThenElseNode& n, const Stmt& st) override {
      const void* outer = context;
      for (const Stmt& branch : {n.then_case, n.else_case})
        if (branch) context = branch.get(), visit(branch);
      context = outer;
    }
    std::set<const BufferNode*> compute_written;  // written by an operation of the compute kernel
    void visit_Fill(const FillNode& n, const Stmt&) override { write(n.dst.buffer), compute_written.insert(n.dst.buffer.get()); }
    void visit_Im2Col(const Im2ColNode& n, const Stmt&) override { write(n.dst.buffer); }
    void visit_Copy(const CopyNode& n, const Stmt& st) override {
      bool sg = n.src.buffer->scope == Scope::Global, dg = n.dst.buffer->scope == Scope::Global;
      write(n.dst.buffer);
      if (!sg && dg) copy_outs[n.src.buffer.get()].push_back({context, order++});
      if (sg && !dg && n.src.buffer->dtype == n.dst.buffer->dtype) s.reader_produced.insert(n.dst.buffer.get());
      if (!sg && !dg) s.compute_read.insert(n.src.buffer.get()), compute_written.insert(n.dst.buffer.get());
      if (!sg && !dg && n.src.buffer->shape.size() == 1) same_orientation.push_back({n.src.buffer.get(), n.dst.buffer.get()});
    }
    // (source, destination) of max/min-like reductions: a compared destination selects among its source's values.
    std::vector<std::pair<const BufferNode*, const BufferNode*>> selections;
    // Vectors combined by a 1-D nest or copied into each other share one orientation (fixed by other uses).
    std::vector<std::set<const BufferNode*>> same_orientation;
    void visit_Print(const PrintNode& n, const Stmt&) override {  // compute prints a local buffer (or element)
      auto* load = n.value ? n.value->as<BufferLoadNode>() : nullptr;
      const Buffer& b = load ? load->buffer : n.region.buffer;
      if (b && b->scope != Scope::Global) s.compute_read.insert(b.get());
    }
    void visit_Gemm(const GemmNode& n, const Stmt&) override {
      for (auto* r : {&n.a, &n.b, &n.c}) s.compute_read.insert(r->buffer.get());
      write(n.c.buffer);
      compute_written.insert(n.c.buffer.get());
    }
    void visit_Reduce(const ReduceNode& n, const Stmt&) override {
      write(n.dst.buffer);
      compute_written.insert(n.dst.buffer.get());
      s.compute_read.insert(n.src.buffer.get());
      if (!n.clear) s.compute_read.insert(n.dst.buffer.get());
      if (n.src.buffer->shape.size() == 1) s.scalar_tiles.insert(n.dst.buffer.get());  // tt_reduce_lowering.h
      else if (n.dim == 1) s.col_vectors.insert(n.dst.buffer.get());  // one value per row: reduce_tile REDUCE_ROW
      if (n.reduce_kind != ReduceKind::Sum && n.reduce_kind != ReduceKind::AbsSum)
        selections.push_back({n.src.buffer.get(), n.dst.buffer.get()});
    }
    void visit_CumSum(const CumSumNode& n, const Stmt&) override {
      write(n.dst.buffer);
      compute_written.insert(n.dst.buffer.get());
      s.compute_read.insert(n.src.buffer.get());
    }
    void visit_For(const ForNode& n, const Stmt& st) override {
      if (n.for_kind != ForKind::Parallel) {
        const void* outer = context;
        context = &n;
        IRVisitor::visit_For(n, st);
        context = outer;
        return;
      }
      // Each store is a statement of its own (one version of its buffer; match_parallel): a buffer stored twice
      // in the nest is written twice, so the writer may not drain it.
      struct Stores : IRVisitor {
        std::vector<const BufferNode*> bufs;
        void visit_BufferStore(const BufferStoreNode& st, const Stmt& x) override {
          bufs.push_back(st.buffer.get());
          IRVisitor::visit_BufferStore(st, x);
        }
      } stores;
      stores.visit(st);
      for (auto* b : stores.bufs)
        if (b->scope != Scope::Global) writes[b].push_back({context, order++}), compute_written.insert(b);
      auto* inner = n.body->as<ForNode>();
      struct Loads : IRVisitor {
        KernelScan* s;
        const VarNode* i;
        bool two_d;  // a 1-D nest over vectors says nothing about their orientation
        int compare = 0;  // inside an operand of a comparison
        void visit_Binary(const BinaryNode& b, const Expr& e) override {
          compare += binary_op_is_compare(b.op);
          IRVisitor::visit_Binary(b, e);
          compare -= binary_op_is_compare(b.op);
        }
        void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {
          if (l.buffer->scope == Scope::Global) return;
          s->compute_read.insert(l.buffer.get());
          if (compare) s->compared.insert(l.buffer.get());
          if (two_d && l.indices.size() == 1 && l.indices[0].get() == static_cast<const ExprNode*>(i))
            s->col_vectors.insert(l.buffer.get());
        }
      } loads;
      loads.s = &s;
      loads.i = n.var.get();
      loads.two_d = inner && inner->for_kind == ForKind::Parallel;
      loads.visit(inner ? inner->body : n.body);
      if (!loads.two_d) {
        struct Vectors : IRVisitor {
          std::set<const BufferNode*> bufs;
          void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {
            if (l.buffer->scope != Scope::Global && l.buffer->shape.size() == 1) bufs.insert(l.buffer.get());
          }
          void visit_BufferStore(const BufferStoreNode& st, const Stmt& x) override {
            if (st.buffer->scope != Scope::Global && st.buffer->shape.size() == 1) bufs.insert(st.buffer.get());
            IRVisitor::visit_BufferStore(st, x);
          }
        } vecs;
        vecs.visit(n.body);
        same_orientation.push_back(vecs.bufs);
      }
    }
  } scan;
  scan.visit(k.body);
  // A buffer loaded from a global tensor and also updated by compute is not the reader's alone: the reader
  // fills a staging CB and compute copies it in (a CB has one producer).
  for (auto* b : scan.compute_written) scan.s.reader_produced.erase(b);
  for (auto& [b, outs] : scan.copy_outs) {
    auto w = scan.writes.find(b);
    if (outs.size() == 1 && !scan.s.compute_read.count(b) && w != scan.writes.end() && w->second.size() == 1 &&
        w->second[0].context == outs[0].context && w->second[0].order < outs[0].order)
      scan.s.drainable.insert(b);
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& group : scan.same_orientation) {
      bool col = false;
      for (auto* b : group) col |= scan.s.col_vectors.count(b) > 0;
      if (!col) continue;
      for (auto* b : group) changed |= scan.s.col_vectors.insert(b).second;
    }
  }
  // A max (min) of maxima that a comparison reads selects elements of the first source too: each level is exact.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto [src, dst] : scan.selections)
      if (scan.s.compared.count(dst)) changed |= scan.s.compared.insert(src).second;
  }
  return scan.s;
}

}  // namespace tl::tt
