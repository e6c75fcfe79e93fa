// order_tt_locks (see the header for the contract).
#include "tilelang_tt/transform/order_tt_locks.h"

#include <set>
#include <sstream>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// The parameter indices of the tensors a kernel's attr tt.atomic_lock names.
std::set<int64_t> locked_tensors(const PrimFunc& f, const KernelNode& k) {
  std::set<int64_t> out;
  auto it = k.attrs.find("tt.atomic_lock");
  if (it == k.attrs.end()) return out;
  std::stringstream names(it->second);
  for (std::string name; std::getline(names, name, ',');) {
    bool found = false;
    for (size_t p = 0; p < f->params.size(); ++p)
      if (f->params[p]->name == name) out.insert(static_cast<int64_t>(p)), found = true;
    TL_ASSERT(found, "tt.atomic_lock names a tensor that is not a parameter");
  }
  return out;
}

class InsertLocks : public IRMutator {
 public:
  explicit InsertLocks(std::set<int64_t> locked) : locked_(std::move(locked)) {}

  Stmt mutate_Evaluate(const EvaluateNode& n, const Stmt& s) override {
    const ExternCallNode* c = tt_op(s);
    if (!c || !locked_.count(tile_op_tensor(*c))) return s;
    if (is_tile_read(*c)) return make_seq({make_tt_op("tt.lock_wait", {}, n.span), s}, n.span);
    if (is_tile_write(*c)) return make_seq({s, make_tt_op("tt.lock_signal", {}, n.span)}, n.span);
    return s;
  }

 private:
  std::set<int64_t> locked_;
};

// Checks the input contract: in every loop body and branch, as many lock waits as signals.
struct Balance : IRVisitor {
  int64_t waits = 0, signals = 0;
  void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
    if (const ExternCallNode* c = tt_op(s)) {
      waits += c->name == "tt.lock_wait";
      signals += c->name == "tt.lock_signal";
    }
    IRVisitor::visit_Evaluate(n, s);
  }
  static void check(const Stmt& s) {
    Balance b;
    b.visit(s);
    TL_ASSERT(b.waits == b.signals, "a locked tensor's tile reads and writes do not pair up in a loop or branch");
  }
  void visit_For(const ForNode& n, const Stmt& s) override {
    check(n.body);
    IRVisitor::visit_For(n, s);
  }
  void visit_IfThenElse(const IfThenElseNode& n, const Stmt& s) override {
    check(n.then_case);
    if (n.else_case) check(n.else_case);
    IRVisitor::visit_IfThenElse(n, s);
  }
};

class KernelLocks : public IRMutator {
 public:
  explicit KernelLocks(const PrimFunc& f) : f_(f) {}
  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    std::set<int64_t> locked = locked_tensors(f_, n);
    if (locked.empty()) return s;
    Stmt body = InsertLocks(locked).mutate(n.body);
    Balance{}.visit(body);
    return make_kernel(n.grid, n.block_vars, n.threads, n.allocs, n.attrs, body, n.span);
  }

 private:
  const PrimFunc& f_;
};

}  // namespace

bool has_tt_locks(const PrimFunc& f) {
  struct Find : IRVisitor {
    bool found = false;
    void visit_Kernel(const KernelNode& n, const Stmt& s) override {
      found = found || n.attrs.count("tt.atomic_lock");
      IRVisitor::visit_Kernel(n, s);
    }
  } find;
  find.visit(f->body);
  return find.found;
}

PrimFunc order_tt_locks(const PrimFunc& f) {
  Stmt body = KernelLocks(f).mutate(f->body);
  return make_func(f->name, f->params, f->shape_vars, f->attrs, body, f->span, f->workspaces);
}

}  // namespace tl::tt
