// The kernels' scalar code (emit_scalar.h).
#include "tilelang_tt/codegen/tt/emit_scalar.h"

#include <cstdint>

#include "tilelang_tt/codegen/tt/emit_kernels.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/forward_tt_control.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {
void loads_of_scalars(const Expr& e, std::set<const BufferNode*>& out) {
  struct Loads : IRVisitor {
    std::set<const BufferNode*>* out;
    void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {
      if (is_scalar_buffer(l.buffer)) out->insert(l.buffer.get());
      IRVisitor::visit_BufferLoad(l, e);
    }
  } loads;
  loads.out = &out;
  loads.visit(e);
}
}  // namespace

std::set<const BufferNode*> scalars_needed(const Stmt& body, KernelRole role) {
  // Control flow counts where the kernel keeps it: around one of its ops or a store of a scalar it needs (the
  // kernel emitter's rule), so the set grows to a fixpoint.
  struct Walk : IRVisitor {
    KernelRole role;
    std::set<const BufferNode*> needed;
    bool kept(const Stmt& s) const {
      struct Find : IRVisitor {
        const Walk* w;
        bool found = false;
        void visit_Evaluate(const EvaluateNode&, const Stmt& st) override {
          if (auto* c = tt_op(st)) found = found || tt_op_role(*c) == w->role;
        }
        void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
          found = found || w->needed.count(n.buffer.get()) > 0;
        }
      } f;
      f.w = this;
      if (s) f.visit(s);
      return f.found;
    }
    void visit_Evaluate(const EvaluateNode& n, const Stmt& st) override {
      if (auto* c = tt_op(st); c && tt_op_role(*c) == role)
        for (auto& a : c->args) loads_of_scalars(a, needed);
    }
    void visit_For(const ForNode& n, const Stmt& st) override {
      if (kept(n.body)) loads_of_scalars(n.min, needed), loads_of_scalars(n.extent, needed);
      IRVisitor::visit_For(n, st);
    }
    void visit_IfThenElse(const IfThenElseNode& n, const Stmt& st) override {
      if (kept(n.then_case) || kept(n.else_case)) loads_of_scalars(n.cond, needed);
      IRVisitor::visit_IfThenElse(n, st);
    }
    void visit_LetStmt(const LetStmtNode& n, const Stmt& st) override {
      if (kept(n.body)) loads_of_scalars(n.value, needed);
      IRVisitor::visit_LetStmt(n, st);
    }
    void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
      // A control store is the reader's: the other kernels receive its scalar (forward_tt_control.h).
      if (role != KernelRole::Reader && reads_control_data(n.value)) return;
      if (needed.count(n.buffer.get())) loads_of_scalars(n.value, needed);
    }
  } walk;
  walk.role = role;
  for (size_t before = SIZE_MAX; walk.needed.size() != before;) {
    before = walk.needed.size();
    walk.visit(body);
  }
  return walk.needed;
}

std::string scalar_call(Intrinsic fn, DType t, const std::vector<std::string>& a) {
  if (!dtype_is_float(t))
    throw UserError("tenstorrent", std::string(intrinsic_name(fn)) + " of " + dtype_name(t) + " scalars is not "
                                   "supported in tenstorrent kernels yet");
  auto f = [&](const char* name) { return std::string("__builtin_") + name + "f(" + a[0] + ")"; };
  switch (fn) {
    case Intrinsic::Rsqrt: return "(1.0f / __builtin_sqrtf(" + a[0] + "))";
    case Intrinsic::Sigmoid: return "(1.0f / (1.0f + __builtin_expf(-(" + a[0] + "))))";
    case Intrinsic::Pow: return "__builtin_powf(" + a[0] + ", " + a[1] + ")";
    case Intrinsic::Abs: return f("fabs");
    case Intrinsic::Exp10: return "__builtin_powf(10.0f, " + a[0] + ")";
    default:
      if (intrinsic_arity(fn) == 2)
        return std::string("__builtin_") + intrinsic_name(fn) + "f(" + a[0] + ", " + a[1] + ")";
      return f(intrinsic_name(fn));
  }
}

}  // namespace tl::tt
