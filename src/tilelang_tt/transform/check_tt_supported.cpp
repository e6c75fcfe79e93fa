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
    if (!in_parallel_) control("for", "a loop bound", n.extent, n.span);
    // An element-wise nest: ifs on values there are selects.
    in_parallel_ += n.for_kind == ForKind::Parallel;
    IRVisitor::visit_For(n, s);
    in_parallel_ -= n.for_kind == ForKind::Parallel;
  }
  void visit_Assert(const AssertNode& n, const Stmt&) override {
    throw UserError("T.device_assert",
                    "device assertions are not supported on tenstorrent yet: the kernels have no way to stop the "
                    "program and report; check the condition on target=\"interpret\"",
                    n.span);
  }
  void visit_IfThenElse(const IfThenElseNode& n, const Stmt& s) override {
    if (!in_parallel_) control("if", "a branch", n.cond, n.span);
    IRVisitor::visit_IfThenElse(n, s);
  }

 private:
  // Control flow of the three kernels must be the same; a value read at run time is known to one of them only.
  static void control(const char* op, const char* what, const Expr& e, const Span& sp) {
    struct Loads : IRVisitor {
      const BufferNode* b = nullptr;
      // A scalar (T.alloc_var) is the kernels' scalar code, computed by each kernel (tt_scalar_check refuses one
      // computed from buffer elements); any other buffer's value is known to one kernel only.
      void visit_BufferLoad(const BufferLoadNode& n, const Expr&) override {
        if (!is_scalar_buffer(n.buffer)) b = b ? b : n.buffer.get();
      }
    } l;
    l.visit(e);
    if (l.b)
      throw UserError(op, std::string(what) + " on values of " + l.b->name + " read at run time (data-dependent "
                            "control flow) is not supported on tenstorrent yet: the reader would have to read them "
                            "and forward them to the compute and writer kernels (issue 14); run it on "
                            "target=\"interpret\"", sp);
  }
  int in_parallel_ = 0;  // depth of T.Parallel nests around the statement
  Span span_;            // the statement being checked
};
}  // namespace

void check_tt_supported(const PrimFunc& f) {
  Checker c;
  c.visit(f->body);
}

}  // namespace tl::tt
