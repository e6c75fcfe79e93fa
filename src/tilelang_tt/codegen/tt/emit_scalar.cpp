// The kernels' scalar code (emit_scalar.h).
#include "tilelang_tt/codegen/tt/emit_scalar.h"

#include <map>

#include "tilelang_tt/codegen/tt/emit_kernels.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
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
  struct Walk : IRVisitor {
    KernelRole role;
    std::set<const BufferNode*> read;
    std::map<const BufferNode*, std::vector<Expr>> stored;  // scalar → the values stored into it
    void visit_Evaluate(const EvaluateNode& n, const Stmt& st) override {
      if (auto* c = tt_op(st); c && tt_op_role(*c) == role)
        for (auto& a : c->args) loads_of_scalars(a, read);
    }
    void visit_For(const ForNode& n, const Stmt& st) override {
      loads_of_scalars(n.min, read), loads_of_scalars(n.extent, read);
      IRVisitor::visit_For(n, st);
    }
    void visit_IfThenElse(const IfThenElseNode& n, const Stmt& st) override {
      loads_of_scalars(n.cond, read);
      IRVisitor::visit_IfThenElse(n, st);
    }
    void visit_LetStmt(const LetStmtNode& n, const Stmt& st) override {
      loads_of_scalars(n.value, read);
      IRVisitor::visit_LetStmt(n, st);
    }
    void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
      if (is_scalar_buffer(n.buffer)) stored[n.buffer.get()].push_back(n.value);
    }
  } walk;
  walk.role = role;
  walk.visit(body);
  std::set<const BufferNode*> needed = walk.read;
  for (bool grew = true; grew;) {
    grew = false;
    for (auto& [b, values] : walk.stored) {
      if (!needed.count(b)) continue;
      const size_t before = needed.size();
      for (auto& v : values) loads_of_scalars(v, needed);
      grew |= needed.size() != before;
    }
  }
  return needed;
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
    default: return f(intrinsic_name(fn));
  }
}

}  // namespace tl::tt
