// check_tt_supported (see the header for the contract).
#include "tilelang_tt/transform/check_tt_supported.h"

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {
class Checker : public IRVisitor {
 public:
  void visit_Atomic(const AtomicNode& n, const Stmt&) override {
    throw UserError(std::string("T.") + atomic_op_name(n.op),
                    "is not supported on tenstorrent yet (TT-Metalium has no atomic read-modify-write on DRAM); "
                    "run it on target=\"interpret\", or write each block's partial result to a workspace tensor "
                    "and combine the partials in a second T.Kernel",
                    n.span);
  }
  void visit_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind == ForKind::Thread)
      throw UserError("T.get_thread_binding",
                      "thread-level code (per-thread indices, thread all-reduce) has no Tenstorrent form yet; run it "
                      "on target=\"interpret\", or write the kernel at tile level (T.copy, T.Parallel, T.gemm, "
                      "T.reduce_sum over whole blocks)",
                      n.span);
    IRVisitor::visit_For(n, s);
  }
};
}  // namespace

void check_tt_supported(const PrimFunc& f) {
  if (!f->workspaces.empty())
    throw UserError("T.alloc_global", "global workspaces are not supported on tenstorrent yet; pass the workspace "
                                      "as a tensor parameter instead", f->workspaces.front()->span);
  Checker c;
  c.visit(f->body);
}

}  // namespace tl::tt
