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

}  // namespace tl::tt
