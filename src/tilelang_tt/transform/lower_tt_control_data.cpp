// lower_tt_control_data (see the header for the contract).
#include "tilelang_tt/transform/lower_tt_control_data.h"

#include <map>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/forward_tt_control.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// The first non-scalar buffer whose element e reads (a global tensor or a local block), or null.
const BufferNode* data_read_by(const Expr& e) {
  struct Loads : IRVisitor {
    const BufferNode* b = nullptr;
    void visit_BufferLoad(const BufferLoadNode& n, const Expr& x) override {
      if (!is_scalar_buffer(n.buffer) && !b) b = n.buffer.get();
      IRVisitor::visit_BufferLoad(n, x);
    }
  } l;
  l.visit(e);
  return l.b;
}

// The dims of region r (or of a whole buffer's shape) with extent other than 1, and those extents.
std::vector<std::pair<size_t, int64_t>> spanned(const std::vector<Expr>& extents) {
  std::vector<std::pair<size_t, int64_t>> out;
  for (size_t d = 0; d < extents.size(); ++d) {
    auto e = as_const_int(extents[d]);
    if (!e || *e != 1) out.emplace_back(d, e ? *e : -1);
  }
  return out;
}

// How a kernel's non-scalar local buffers are used: which are control buffers (header).
struct Uses : IRVisitor {
  std::map<const BufferNode*, std::vector<const CopyNode*>> copies;  // T.copy(global, F)
  std::set<const BufferNode*> other, control, written_globals;
  int parallel = 0;

  void visit_For(const ForNode& n, const Stmt& s) override {
    parallel += n.for_kind == ForKind::Parallel;
    IRVisitor::visit_For(n, s);
    parallel -= n.for_kind == ForKind::Parallel;
  }
  void visit_region(const BufferRegion& r) override {
    if (r.buffer->scope != Scope::Global) other.insert(r.buffer.get());
    IRVisitor::visit_region(r);
  }
  void visit_Copy(const CopyNode& n, const Stmt& s) override {
    if (n.dst.buffer->scope == Scope::Global) written_globals.insert(n.dst.buffer.get());
    if (n.src.buffer->scope == Scope::Global && n.dst.buffer->scope != Scope::Global) {
      copies[n.dst.buffer.get()].push_back(&n);
      IRVisitor::visit_region(n.src);
      for (auto& r : n.dst.ranges) visit(r.min), visit(r.extent);
      return;
    }
    IRVisitor::visit_Copy(n, s);
  }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    (n.buffer->scope == Scope::Global ? written_globals : other).insert(n.buffer.get());
    IRVisitor::visit_BufferStore(n, s);
  }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override {
    written_globals.insert(n.buffer.get());
    IRVisitor::visit_Atomic(n, s);
  }
  void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    if (n.buffer->scope != Scope::Global && !is_scalar_buffer(n.buffer))
      (parallel ? other : control).insert(n.buffer.get());
    IRVisitor::visit_BufferLoad(n, e);
  }

  // F qualifies: only copies from unwritten global tensors write it, each of its whole block from a region of the
  // same extents (dims of extent 1 aside), and scalar code alone reads it.
  bool is_control(const BufferNode* f) const {
    auto it = copies.find(f);
    if (!control.count(f) || other.count(f) || it == copies.end()) return false;
    for (const CopyNode* c : it->second) {
      std::vector<Expr> src_ext, dst_ext;
      for (auto& r : c->src.ranges) src_ext.push_back(r.extent);
      for (auto& r : c->dst.ranges) dst_ext.push_back(r.extent);
      auto a = spanned(src_ext), b = spanned(dst_ext), whole = spanned(f->shape);
      if (written_globals.count(c->src.buffer.get()) || a.size() != b.size() || b != whole) return false;
      for (size_t k = 0; k < a.size(); ++k)
        if (a[k].second != b[k].second || a[k].second < 0) return false;
      for (auto& r : c->dst.ranges)
        if (!as_const_int(r.min) || *as_const_int(r.min) != 0) return false;
    }
    return true;
  }
};

class Lower : public IRMutator {
 public:
  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    Uses u;
    u.visit(n.body);
    for (auto* f : u.control)
      if (u.is_control(f)) control_.insert(f);
    written_ = u.written_globals;
    names_.clear();
    for (auto& a : n.allocs) names_.insert(a->name);
    added_.clear();
    Stmt body = mutate(n.body);
    std::vector<Buffer> allocs;
    for (auto& a : n.allocs)
      if (!control_.count(a.get())) allocs.push_back(a);
    allocs.insert(allocs.end(), added_.begin(), added_.end());
    control_.clear();
    return make_kernel(n.grid, n.block_vars, n.threads, allocs, n.attrs, body, n.span);
  }

  Stmt mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s) override {
    std::vector<Stmt> out;
    for (size_t k = 0; k < n.seq.size(); ++k) {
      auto* c = n.seq[k]->as<CopyNode>();
      if (!c || !control_.count(c->dst.buffer.get())) {
        out.push_back(mutate(n.seq[k]));
        continue;
      }
      // The copy binds F to the region's start for the rest of the list.
      Binding b{c->src.buffer, {}, {}};
      std::vector<std::pair<VarRef, Expr>> lets;
      for (size_t d = 0; d < c->src.ranges.size(); ++d) {
        Expr mn = mutate(c->src.ranges[d].min);
        if (!mn->as<IntImmNode>() && !mn->as<VarNode>()) {
          VarRef v = make_var(c->dst.buffer->name + "_at" + std::to_string(d));
          lets.emplace_back(v, mn);
          mn = v;
        }
        b.start.push_back(mn);
      }
      std::vector<Expr> src_ext;
      for (auto& r : c->src.ranges) src_ext.push_back(r.extent);
      for (auto& [d, e] : spanned(src_ext)) b.dims.push_back(d);
      auto outer = bound_.find(c->dst.buffer.get());
      std::optional<Binding> saved;
      if (outer != bound_.end()) saved = outer->second;
      bound_[c->dst.buffer.get()] = b;
      std::vector<Stmt> rest(n.seq.begin() + static_cast<long>(k) + 1, n.seq.end());
      if (!rest.empty()) {
        Stmt r = mutate(make_seq(rest, n.span));
        for (size_t i = lets.size(); i-- > 0;) r = make_let(lets[i].first, lets[i].second, r, c->span);
        out.push_back(r);
      }
      if (saved) bound_[c->dst.buffer.get()] = *saved;
      else bound_.erase(c->dst.buffer.get());
      break;
    }
    return out.empty() ? make_seq({make_evaluate(make_int(0), n.span)}, n.span) : make_seq(out, n.span);
  }

  Stmt mutate_Copy(const CopyNode& n, const Stmt& s) override {
    if (control_.count(n.dst.buffer.get()))  // nothing after it in its statement list reads it
      return make_evaluate(make_int(0), n.span);
    // A region starting at an offset read from a tensor (gathered rows): the offset is a control scalar, computed
    // before the copy, so that the reader (or writer) addresses the tiles with it.
    Span outer = span_;
    span_ = n.span;
    std::vector<Stmt> pre;
    auto region = [&](const BufferRegion& r) {
      BufferRegion out{r.buffer, {}};
      for (size_t d = 0; d < r.ranges.size(); ++d)
        out.ranges.push_back({hoist_loads(mutate(r.ranges[d].min), r.buffer->name + "_at" + std::to_string(d), pre),
                              r.ranges[d].extent});
      return out;
    };
    BufferRegion src = region(n.src), dst = region(n.dst);
    if (Stmt g = row_gather(src, dst, n.span)) {
      span_ = outer;
      pre.push_back(g);
      return make_seq(pre, n.span);
    }
    for (auto* r : {&src, &dst})
      for (size_t k = 0; k < r->ranges.size(); ++k)
        if (const std::string* from = source_of(r->ranges[k].min);
            from && tiled_dim(*r, k) && !is_tile_aligned(resolve(r->ranges[k].min)))
          throw UserError("T.copy", "the region of " + r->buffer->name + " starts at an offset computed from values "
                                    "read from " + *from + "; copies from data-dependent offsets are not supported on "
                                    "tenstorrent yet", n.span);
    span_ = outer;
    if (pre.empty()) return IRMutator::mutate_Copy(n, s);
    pre.push_back(make_copy(src, dst, n.span));
    return make_seq(pre, n.span);
  }

  Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    if (!control_.count(n.buffer.get())) return IRMutator::mutate_BufferLoad(n, e);
    auto it = bound_.find(n.buffer.get());
    if (it == bound_.end())
      throw UserError("T.copy", "buffer " + n.buffer->name + " is read here where no T.copy into it precedes "
                                "the read in the same statement list; on tenstorrent the reader reads its values "
                                "from the tensor the copy names: copy into it before the loop or branch that "
                                "reads it", span_);
    const Binding& b = it->second;
    std::vector<Expr> idx = b.start;
    std::vector<Expr> own;
    for (size_t d = 0; d < n.indices.size(); ++d)
      if (!as_const_int(n.buffer->shape[d]) || *as_const_int(n.buffer->shape[d]) != 1)
        own.push_back(mutate(n.indices[d]));
    TL_ASSERT(own.size() == b.dims.size(), "control buffer " << n.buffer->name << " dims");
    for (size_t k = 0; k < own.size(); ++k) idx[b.dims[k]] = make_binary(BinaryOp::Add, idx[b.dims[k]], own[k]);
    return make_load(b.global, idx);
  }

  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind == ForKind::Parallel) return per_block_values(n, s);
    Span outer = span_;
    span_ = n.span;
    std::vector<Stmt> pre;
    Expr mn = hoist(mutate(n.min), n.var->name + "_min", "for", "a loop bound", pre);
    Expr ext = hoist(mutate(n.extent), n.var->name + "_n", "for", "a loop bound", pre);
    Stmt body = mutate(n.body);
    span_ = outer;
    pre.push_back(make_for(n.var, mn, ext, n.for_kind, body, n.span, n.num_stages, n.order, n.stage, n.group));
    return make_seq(pre, n.span);
  }
  Stmt mutate_IfThenElse(const IfThenElseNode& n, const Stmt& s) override {
    Span outer = span_;
    span_ = n.span;
    std::vector<Stmt> pre;
    Expr c = hoist(mutate(n.cond), "cond", "if", "a branch", pre);
    Stmt t = mutate(n.then_case);
    Stmt e = n.else_case ? mutate(n.else_case) : nullptr;
    span_ = outer;
    pre.push_back(make_if(c, t, e, n.span));
    return make_seq(pre, n.span);
  }
  Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    std::vector<Stmt> pre;
    Expr v = hoist(mutate(n.value), n.var->name, "let", "a value", pre);
    if (const std::string* from = source_of(v)) source_[n.var.get()] = *from;
    let_values_[n.var.get()] = v;
    pre.push_back(make_let(n.var, v, mutate(n.body), n.span));
    return make_seq(pre, n.span);
  }
  Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    Span outer = span_;
    span_ = n.span;
    Stmt out = IRMutator::mutate_BufferStore(n, s);
    span_ = outer;
    auto* st = out->as<BufferStoreNode>();
    if (const BufferNode* g = data_read_by(st->value); g && g->scope == Scope::Global) source_[n.buffer.get()] = g->name;
    else if (const std::string* from = source_of(st->value)) source_[n.buffer.get()] = *from;
    return out;
  }

 private:
  struct Binding {
    Buffer global;
    std::vector<Expr> start;   // one per dim of the global tensor
    std::vector<size_t> dims;  // the tensor dims F's own (non-unit) dims run along
  };

  // e itself when it reads no tensor; a load of a fresh scalar that `pre` stores e into when it reads a global
  // tensor (a control store, forwarded by the reader); a UserError when it reads a block computed on the device.
  Expr hoist(const Expr& e, const std::string& name, const char* op, const char* what, std::vector<Stmt>& pre) {
    const BufferNode* b = data_read_by(e);
    if (!b) return e;
    if (b->scope != Scope::Global)
      throw UserError(op, std::string(what) + " on values of " + b->name + " read at run time (data-dependent "
                              "control flow) is not supported on tenstorrent yet for a buffer that tile code uses or a "
                              "computation writes: the reader forwards values of global tensors (directly, or through "
                              "a buffer that only T.copy from one fills and only scalar code reads) to the compute and "
                              "writer kernels (issue 14); run it on target=\"interpret\"", span_);
    TL_ASSERT(reads_control_data(e), "control expression");
    const DType t = dtype_is_float(e->dtype) ? DType::Float32 : DType::Int32;
    std::string base = name + "_ctl", fresh = base;
    for (int k = 1; names_.count(fresh); ++k) fresh = base + std::to_string(k);
    names_.insert(fresh);
    Buffer c = make_buffer(fresh, t, {make_int(1)}, Scope::Var, span_);
    added_.push_back(c);
    source_[c.get()] = b->name;
    pre.push_back(make_store(c, {make_int(0)}, make_cast(t, e), span_));
    Expr v = make_load(c, {make_int(0)});
    return e->dtype == DType::Bool ? make_binary(BinaryOp::NE, v, make_int(0)) : make_cast(e->dtype, v);
  }

  // e with each element of a global tensor it reads replaced by a control scalar (stored into by `pre`): an offset
  // ids[bx] * 32 stays visibly tile-aligned.
  Expr hoist_loads(const Expr& e, const std::string& name, std::vector<Stmt>& pre) {
    struct Leaves : IRMutator {
      Lower* l;
      const std::string* name;
      std::vector<Stmt>* pre;
      Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& x) override {
        if (n.buffer->scope != Scope::Global) return x;
        return l->hoist(x, *name, "T.copy", "a region offset", *pre);
      }
    } leaves;
    leaves.l = this, leaves.name = &name, leaves.pre = &pre;
    return leaves.mutate(e);
  }

  // An element-wise nest reading an element of a global tensor that is the same for all its elements (one value
  // per block: the group fp8 cast's batch_sizes[bg], an attention sink's Sinks[by]) reads it through a control
  // scalar stored before the nest (a runtime operand of the tile code, forwarded to compute by the reader). Not for
  // tensors the kernel writes (the value could change in between).
  Stmt per_block_values(const ForNode& n, const Stmt& s) {
    struct Vars : IRVisitor {  // the nest's own variables: its loops' and lets'
      std::set<const VarNode*> v;
      void visit_For(const ForNode& f, const Stmt& st) override { v.insert(f.var.get()), IRVisitor::visit_For(f, st); }
      void visit_LetStmt(const LetStmtNode& l, const Stmt& st) override {
        v.insert(l.var.get()), IRVisitor::visit_LetStmt(l, st);
      }
    } vars;
    vars.visit(s);
    struct Hoist : IRMutator {
      Lower* l;
      const std::set<const VarNode*>* own;
      std::vector<Stmt> pre;
      bool free(const Expr& e) const {
        struct Find : IRVisitor {
          const std::set<const VarNode*>* own;
          bool found = false;
          void visit_Var(const VarNode& v, const Expr&) override { found |= own->count(&v) > 0; }
          void visit_BufferLoad(const BufferLoadNode& b, const Expr& x) override {
            found |= !is_scalar_buffer(b.buffer);
            IRVisitor::visit_BufferLoad(b, x);
          }
        } f;
        f.own = own;
        f.visit(e);
        return !f.found;
      }
      Expr mutate_BufferLoad(const BufferLoadNode& b, const Expr& x) override {
        if (b.buffer->scope != Scope::Global || l->written_.count(b.buffer.get())) return x;
        for (auto& i : b.indices)
          if (!free(i)) return x;
        return l->hoist(x, b.buffer->name, "T.Parallel", "a value", pre);
      }
    } h;
    h.l = this, h.own = &vars.v;
    Span outer = span_;
    span_ = n.span;
    Stmt nest = h.mutate(s);
    span_ = outer;
    if (h.pre.empty()) return s;
    h.pre.push_back(nest);
    return make_seq(h.pre, n.span);
  }

  // A copy of rows of a 2-D tensor from a row read at run time that is not visibly a multiple of 32 (grouped GEMM's
  // m_start) into a 2-D block: upstream's T.Parallel gather form, `dst[i, j] = T.if_then_else(True, src[r + i, c +
  // j], 0)`, which tensorize_tt reads by rows (tt_gather_lowering.h: the tensor is stored row-major, one page per
  // row; rows past its end read zeros). Null for other copies.
  Stmt row_gather(const BufferRegion& src, const BufferRegion& dst, const Span& sp) {
    if (src.buffer->scope != Scope::Global || dst.buffer->scope == Scope::Global || src.ranges.size() != 2 ||
        dst.buffer->shape.size() != 2 || !source_of(src.ranges[0].min) || is_tile_aligned(resolve(src.ranges[0].min)))
      return nullptr;
    for (size_t d = 0; d < 2; ++d)
      if (!as_const_int(src.ranges[d].extent) || !as_const_int(dst.buffer->shape[d]) ||
          *as_const_int(src.ranges[d].extent) != *as_const_int(dst.buffer->shape[d]))
        return nullptr;
    VarRef i = make_var("i"), j = make_var("j");
    Expr load = make_load(src.buffer, {make_binary(BinaryOp::Add, src.ranges[0].min, i),
                                       make_binary(BinaryOp::Add, src.ranges[1].min, j)});
    Stmt store = make_store(dst.buffer, {i, j}, make_select(make_bool(true), load, make_float(0.0, src.buffer->dtype)), sp);
    return make_for(i, make_int(0), dst.buffer->shape[0], ForKind::Parallel,
                    make_for(j, make_int(0), dst.buffer->shape[1], ForKind::Parallel, store, sp), sp);
  }

  // Whether dim k of region r is one of the two its tiles span (tt_tensor_layout.h): the last, and the other one of
  // extent > 1 (the second-to-last when none); a slice index (a batch, a head, an expert) may be any value.
  static bool tiled_dim(const BufferRegion& r, size_t k) {
    const size_t rank = r.ranges.size();
    if (rank <= 2 || k + 1 == rank) return true;
    size_t row = rank - 2;
    for (size_t d = 0; d + 1 < rank; ++d)
      if (!as_const_int(r.ranges[d].extent) || *as_const_int(r.ranges[d].extent) != 1) row = d;
    return k == row;
  }

  // The tensor whose values e depends on through control scalars and lets (null: none).
  const std::string* source_of(const Expr& e) const {
    struct Find : IRVisitor {
      const Lower* l;
      const std::string* found = nullptr;
      void visit_Var(const VarNode& v, const Expr&) override {
        if (auto it = l->source_.find(&v); !found && it != l->source_.end()) found = &it->second;
      }
      void visit_BufferLoad(const BufferLoadNode& n, const Expr& x) override {
        if (auto it = l->source_.find(n.buffer.get()); !found && it != l->source_.end()) found = &it->second;
        IRVisitor::visit_BufferLoad(n, x);
      }
    } f;
    f.l = this;
    f.visit(e);
    return f.found;
  }
  // e with the let-bound variables in scope replaced by their values (to see tile alignment through them).
  Expr resolve(const Expr& e) const {
    struct Sub : IRMutator {
      const Lower* l;
      Expr mutate_Var(const VarNode& v, const Expr& x) override {
        auto it = l->let_values_.find(&v);
        return it == l->let_values_.end() ? x : mutate(it->second);
      }
    } s;
    s.l = this;
    return s.mutate(e);
  }

  std::set<const BufferNode*> written_;                // global tensors the kernel writes
  std::map<const void*, std::string> source_;          // control scalars and lets → the tensor they read
  std::map<const VarNode*, Expr> let_values_;
  std::set<const BufferNode*> control_;
  std::map<const BufferNode*, Binding> bound_;
  std::set<std::string> names_;
  std::vector<Buffer> added_;
  Span span_;
};

}  // namespace

bool has_control_data(const PrimFunc& f) {
  struct Find : IRVisitor {
    bool found = false;
    void visit_For(const ForNode& n, const Stmt& s) override {
      if (n.for_kind == ForKind::Parallel) return nest(s);
      found |= data_read_by(n.min) || data_read_by(n.extent);
      IRVisitor::visit_For(n, s);
    }
    void visit_IfThenElse(const IfThenElseNode& n, const Stmt& s) override {
      found |= data_read_by(n.cond) != nullptr;
      IRVisitor::visit_IfThenElse(n, s);
    }
    void visit_LetStmt(const LetStmtNode& n, const Stmt& s) override {
      found |= data_read_by(n.value) != nullptr;
      IRVisitor::visit_LetStmt(n, s);
    }
    void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
      found |= is_scalar_buffer(n.buffer) && data_read_by(n.value);
    }
    // An element-wise nest reading a global tensor at indices without its own variables (one value per block).
    void nest(const Stmt& s) {
      struct Loads : IRVisitor {
        std::set<const VarNode*> own;
        bool found = false;
        void visit_For(const ForNode& f, const Stmt& st) override { own.insert(f.var.get()), IRVisitor::visit_For(f, st); }
        void visit_LetStmt(const LetStmtNode& l, const Stmt& st) override {
          own.insert(l.var.get()), IRVisitor::visit_LetStmt(l, st);
        }
        void visit_BufferLoad(const BufferLoadNode& b, const Expr& x) override {
          if (b.buffer->scope == Scope::Global) {
            struct Vars : IRVisitor {
              const std::set<const VarNode*>* own;
              bool mine = false;
              void visit_Var(const VarNode& v, const Expr&) override { mine |= own->count(&v) > 0; }
              void visit_BufferLoad(const BufferLoadNode& c, const Expr& y) override {
                mine |= !is_scalar_buffer(c.buffer);
                IRVisitor::visit_BufferLoad(c, y);
              }
            } v;
            v.own = &own;
            for (auto& i : b.indices) v.visit(i);
            found |= !v.mine;
          }
          IRVisitor::visit_BufferLoad(b, x);
        }
      } loads;
      loads.visit(s);  // (a nest's variables are bound before its body reads them)
      found |= loads.found;
    }
    void visit_Copy(const CopyNode& n, const Stmt& s) override {  // gathered rows
      for (auto* r : {&n.src, &n.dst})
        for (auto& d : r->ranges) found |= data_read_by(d.min) != nullptr;
    }
  } find;
  find.visit(f->body);
  return find.found;
}

PrimFunc lower_tt_control_data(const PrimFunc& f) { return Lower().mutate_func(f); }

}  // namespace tl::tt
