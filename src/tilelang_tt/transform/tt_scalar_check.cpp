// Where scalars live on the Tenstorrent target (tt_scalar_check.h).
#include "tilelang_tt/transform/tt_scalar_check.h"

#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// The scalars stored in `s`.
std::set<const BufferNode*> stored_scalars(const Stmt& s) {
  struct Stores : IRVisitor {
    std::set<const BufferNode*> out;
    void visit_BufferStore(const BufferStoreNode& n, const Stmt& st) override {
      if (is_scalar_buffer(n.buffer)) out.insert(n.buffer.get());
      IRVisitor::visit_BufferStore(n, st);
    }
  } st;
  st.visit(s);
  return st.out;
}

class Check : public IRVisitor {
 public:
  std::set<const BufferNode*> temporaries;  // stored in some T.Parallel nest

  void visit_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind != ForKind::Parallel || nest_) return stmt(s, [&] { IRVisitor::visit_For(n, s); });
    const std::set<const BufferNode*> assigned = stored_scalars(s);
    nest_ = &assigned;
    stmt(s, [&] { IRVisitor::visit_For(n, s); });
    nest_ = nullptr;
  }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    if (!nest_ && temporaries.count(n.buffer.get()))
      fail(n.buffer->name, "stored outside it too", s->span);
    stmt(s, [&] { IRVisitor::visit_BufferStore(n, s); });
  }
  void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    if (temporaries.count(n.buffer.get()) && !(nest_ && nest_->count(n.buffer.get())))
      fail(n.buffer->name, nest_ ? "read in another nest" : "read outside it", span_);
    IRVisitor::visit_BufferLoad(n, e);
  }

 private:
  template <typename F>
  void stmt(const Stmt& s, F&& visit_children) {
    const Span outer = span_;
    if (s->span.known()) span_ = s->span;
    visit_children();
    span_ = outer;
  }
  [[noreturn]] void fail(const std::string& name, const std::string& what, const Span& sp) {
    throw UserError("T.Parallel", "scalar " + name + " is a per-element temporary of the T.Parallel nest that "
                                  "assigns it, and is " + what + ": on tenstorrent such a scalar exists only inside "
                                  "its nest; use a separate scalar outside", sp);
  }

  const std::set<const BufferNode*>* nest_ = nullptr;
  Span span_;
};

}  // namespace

void check_tt_scalar_scopes(const KernelNode& k) {
  struct Nests : IRVisitor {
    std::set<const BufferNode*> temporaries;
    void visit_For(const ForNode& n, const Stmt& s) override {
      if (n.for_kind != ForKind::Parallel) return IRVisitor::visit_For(n, s);
      for (auto* b : stored_scalars(s)) temporaries.insert(b);
    }
  } nests;
  nests.visit(k.body);
  if (nests.temporaries.empty()) return;
  Check c;
  c.temporaries = nests.temporaries;
  c.visit(k.body);
}

void check_tt_scalar_store(const BufferStoreNode& n) {
  if (!is_scalar_buffer(n.buffer))
    throw UserError("store", "a scalar store to " + n.buffer->name + " outside an element-wise T.Parallel over "
                             "whole tiles is not supported on tenstorrent yet", n.span);
  struct Loads : IRVisitor {
    const BufferNode* data = nullptr;
    void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {
      // Global tensors' elements are control data: the reader reads them (forward_tt_control.h).
      if (!is_scalar_buffer(l.buffer) && l.buffer->scope != Scope::Global && !data) data = l.buffer.get();
      IRVisitor::visit_BufferLoad(l, e);
    }
  } loads;
  loads.visit(n.value);
  if (loads.data)
    throw UserError("store", "scalar " + n.buffer->name + " is computed from an element of " + loads.data->name +
                             ": values read from buffers (data-dependent scalars) are not supported on tenstorrent "
                             "yet for a buffer that tile code uses or a computation writes; scalars of constants, "
                             "block and loop indices, elements of global tensors (directly, or through a buffer that "
                             "only T.copy from one fills and only scalar code reads) and other such scalars are",
                      n.span);
}

std::vector<Buffer> tt_kept_scalars(const KernelNode& k, const Stmt& body) {
  struct Used : IRVisitor {
    std::set<const BufferNode*> bufs;
    void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override { bufs.insert(l.buffer.get()); }
    void visit_BufferStore(const BufferStoreNode& st, const Stmt& s) override {
      bufs.insert(st.buffer.get());
      IRVisitor::visit_BufferStore(st, s);
    }
  } used;
  used.visit(body);
  std::vector<Buffer> out;
  for (auto& a : k.allocs)
    if (is_scalar_buffer(a) && used.bufs.count(a.get())) out.push_back(a);
  return out;
}

}  // namespace tl::tt
