// written_params (written_params.h).
#include "tilelang_tt/ir/written_params.h"

#include <set>

#include "tilelang_tt/ir/visitor.h"

namespace tl {

namespace {
class Writes : public IRVisitor {
 public:
  std::set<const BufferNode*> written;
  using IRVisitor::visit;
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    written.insert(n.buffer.get());
    IRVisitor::visit_BufferStore(n, s);
  }
  void visit_Copy(const CopyNode& n, const Stmt&) override { written.insert(n.dst.buffer.get()); }
  void visit_Fill(const FillNode& n, const Stmt&) override { written.insert(n.dst.buffer.get()); }
  void visit_Gemm(const GemmNode& n, const Stmt&) override { written.insert(n.c.buffer.get()); }
  void visit_Reduce(const ReduceNode& n, const Stmt&) override { written.insert(n.dst.buffer.get()); }
  void visit_CumSum(const CumSumNode& n, const Stmt&) override { written.insert(n.dst.buffer.get()); }
  void visit_Im2Col(const Im2ColNode& n, const Stmt&) override { written.insert(n.dst.buffer.get()); }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override {
    written.insert(n.buffer.get());
    IRVisitor::visit_Atomic(n, s);
  }
};
}  // namespace

std::vector<bool> written_params(const PrimFunc& f) {
  Writes w;
  w.visit(f->body);
  std::vector<bool> out;
  for (auto& p : f->params) out.push_back(w.written.count(p.get()) > 0);
  return out;
}

}  // namespace tl
