// infer_tt_vector_layouts (see the header for the contract).
#include "tilelang_tt/transform/infer_tt_vector_layouts.h"

#include <map>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_parallel_match.h"
#include "tilelang_tt/transform/tt_tensor_layout.h"

namespace tl::tt {

namespace {

// How the kernels access one global tensor.
struct Access {
  bool other = false;  // an access that is neither a line nor an element: the ordinary layout
  bool stored = false;  // some line is a store
  int dim = -1;         // the lines' dimension (-2: lines along two dimensions)
  int col = -1;         // the lines' orientation: 1 col, 0 row (-2: both)
};

bool reads_buffer(const Expr& e) {
  struct Find : IRVisitor {
    bool found = false;
    void visit_BufferLoad(const BufferLoadNode&, const Expr&) override { found = true; }
  } f;
  f.visit(e);
  return f.found;
}

class Scan : public IRVisitor {
 public:
  std::map<const BufferNode*, Access> access;

  void visit_Kernel(const KernelNode& n, const Stmt& s) override {
    kernel_ = scan_kernel(n);
    IRVisitor::visit_Kernel(n, s);
  }
  void visit_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    lets_[n.var.get()] = n.value;
    IRVisitor::visit_LetStmt(n, s);
    lets_.erase(n.var.get());
  }
  // Regions of global tensors other than a copy's (the tile ops that take whole local buffers reject them).
  void visit_region(const BufferRegion& r) override {
    if (r.buffer->scope == Scope::Global) access[r.buffer.get()].other = true;
    IRVisitor::visit_region(r);
  }
  void visit_Copy(const CopyNode& n, const Stmt& s) override {
    const bool src = n.src.buffer->scope == Scope::Global, dst = n.dst.buffer->scope == Scope::Global;
    if (src == dst) return IRVisitor::visit_Copy(n, s);
    const BufferRegion& g = src ? n.src : n.dst;
    const Buffer& local = src ? n.dst.buffer : n.src.buffer;
    std::vector<int> dims;
    bool ok = local->shape.size() == 1;
    for (size_t d = 0; d < g.ranges.size(); ++d) {
      auto e = as_const_int(g.ranges[d].extent);
      ok &= e.has_value() && !reads_buffer(g.ranges[d].min);
      if (!e || *e != 1) dims.push_back(static_cast<int>(d));
    }
    if (ok && dims.size() == 1) line(g.buffer, dims[0], g.ranges[dims[0]].min, dst, kernel_.col_vectors.count(local.get()));
    else access[g.buffer.get()].other = true;
    for (auto& r : g.ranges) visit(r.min);
  }
  // Outside T.Parallel: scalar code reads one element (a store into a global tensor there is no line).
  void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    if (n.buffer->scope == Scope::Global)
      for (auto& i : n.indices) access[n.buffer.get()].other |= reads_buffer(i);
    IRVisitor::visit_BufferLoad(n, e);
  }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    if (n.buffer->scope == Scope::Global) access[n.buffer.get()].other = true;
    IRVisitor::visit_BufferStore(n, s);
  }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override {
    access[n.buffer.get()].other = true;
    IRVisitor::visit_Atomic(n, s);
  }
  void visit_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind != ForKind::Parallel) return IRVisitor::visit_For(n, s);
    nest(n);
  }

 private:
  // A T.Parallel nest: its global loads and stores, indices seen through the nest's lets.
  void nest(const ForNode& outer) {
    auto* inner = outer.body->as<ForNode>();
    if (inner && inner->for_kind != ForKind::Parallel) inner = nullptr;
    const VarNode *i = outer.var.get(), *j = inner ? inner->var.get() : nullptr;
    struct Walk : IRVisitor {
      Scan* scan;
      const VarNode *i, *j;
      Inline inl;
      bool col = false;  // a 1-D nest over per-row vectors (as tensorize_tt's col_nest)
      std::vector<std::pair<Buffer, std::pair<std::vector<Expr>, bool>>> globals;  // (tensor, indices, store)
      void visit_LetStmt(const LetStmtNode& n, const Stmt& s) override {
        inl.values[n.var.get()] = inl.mutate(n.value);
        IRVisitor::visit_LetStmt(n, s);
      }
      void note(const Buffer& b, const std::vector<Expr>& idx, bool store) {
        if (b->scope != Scope::Global) {
          col |= !j && b->shape.size() == 1 && scan->kernel_.col_vectors.count(b.get());
          return;
        }
        std::vector<Expr> in;
        for (auto& e : idx) in.push_back(inl.mutate(e));
        globals.push_back({b, {in, store}});
      }
      void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
        note(n.buffer, n.indices, false);
        IRVisitor::visit_BufferLoad(n, e);
      }
      void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
        note(n.buffer, n.indices, true);
        IRVisitor::visit_BufferStore(n, s);
      }
    } w;
    w.scan = this, w.i = i, w.j = j;
    w.visit(inner ? inner->body : outer.body);
    for (auto& [b, use] : w.globals) {
      const auto& [idx, store] = use;
      Access& a = access[b.get()];
      std::vector<int> dims;
      for (size_t d = 0; d < idx.size(); ++d) {
        a.other |= reads_buffer(idx[d]);
        if (mentions_var(idx[d], i) || (j && mentions_var(idx[d], j))) dims.push_back(static_cast<int>(d));
      }
      if (dims.empty() && !store) continue;  // one element, the same in every element of the nest
      auto off = dims.size() == 1 && !j ? offset_of(idx[dims[0]], i, i, j) : std::nullopt;
      if (off && idx.size() >= 2) line(b, dims[0], *off, store, w.col);
      else a.other = true;
    }
  }

  void line(const Buffer& g, int dim, const Expr& start, bool store, bool col) {
    Access& a = access[g.get()];
    if (g->shape.size() < 2 || !tt_is_aligned(start, lets_)) a.other = true;
    a.stored |= store;
    a.dim = a.dim == -1 || a.dim == dim ? dim : -2;
    a.col = a.col == -1 || a.col == static_cast<int>(col) ? static_cast<int>(col) : -2;
  }

  KernelScan kernel_;
  std::map<const VarNode*, Expr> lets_;
};

// tensor name → "<d>,col" / "<d>,row" (the header's conditions).
std::map<std::string, std::string> vector_layouts(const PrimFunc& f) {
  Scan scan;
  scan.visit(f->body);
  std::map<std::string, std::string> out;
  for (const Buffer& g : tt_global_tensors(f)) {
    auto it = scan.access.find(g.get());
    if (it == scan.access.end()) continue;
    const Access& a = it->second;
    if (a.other || !a.stored || a.dim < 0 || a.col < 0) continue;
    if (tt_tensor_format(f->attrs, g) == std::optional<std::string>("Bfp8_b")) continue;
    out[g->name] = std::to_string(a.dim) + (a.col ? ",col" : ",row");
  }
  return out;
}

}  // namespace

bool has_vector_layouts(const PrimFunc& f) { return !vector_layouts(f).empty(); }

PrimFunc infer_tt_vector_layouts(const PrimFunc& f) {
  auto attrs = f->attrs;
  for (auto& [name, layout] : vector_layouts(f)) attrs["tt.vector." + name] = layout;
  return make_func(f->name, f->params, f->shape_vars, attrs, f->body, f->span, f->workspaces);
}

}  // namespace tl::tt
