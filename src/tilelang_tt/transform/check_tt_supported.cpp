// check_tt_supported (see the header for the contract).
#include "tilelang_tt/transform/check_tt_supported.h"

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {
class Checker : public IRVisitor {
 public:
  void visit(const Stmt& s) override {
    Span outer = span_;
    span_ = s->span;
    IRVisitor::visit(s);
    span_ = outer;
  }
  using IRVisitor::visit;
  void visit_Unary(const UnaryNode& n, const Expr& e) override {
    if (n.op == UnaryOp::Reinterpret)
      throw UserError("T.reinterpret", std::string("reading ") + dtype_name(n.a->dtype) + " bits as " +
                                           dtype_name(n.dtype) + " is not supported on tenstorrent yet (tile code "
                                           "computes on float and int32 tile values, not on their bits); run it on "
                                           "target=\"interpret\"",
                      span_);
    IRVisitor::visit_Unary(n, e);
  }
  void visit_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind == ForKind::Thread)
      throw UserError("T.get_thread_binding",
                      "thread-level code (per-thread indices, thread all-reduce, warp shuffles) has no Tenstorrent "
                      "form yet: a Tensix core runs tile operations, it has no threads or warps; run it on "
                      "target=\"interpret\", or write the kernel at tile level (T.copy, T.Parallel, T.gemm, "
                      "T.reduce_sum over whole blocks)",
                      n.span);
    IRVisitor::visit_For(n, s);
  }
  void visit_Assert(const AssertNode& n, const Stmt&) override {
    throw UserError("T.device_assert",
                    "device assertions are not supported on tenstorrent yet: the kernels have no way to stop the "
                    "program and report; check the condition on target=\"interpret\"",
                    n.span);
  }

 private:
  Span span_;  // the statement being checked
};
}  // namespace

void check_tt_supported(const PrimFunc& f) {
  Checker c;
  c.visit(f->body);
}

}  // namespace tl::tt
