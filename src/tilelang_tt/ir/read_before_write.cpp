// Reads before any write (read_before_write.h): a forward "may have been written" analysis in program order.
#include "tilelang_tt/ir/read_before_write.h"

#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl {

namespace {

using Written = std::set<const BufferNode*>;

// Every buffer a statement writes anywhere inside it.
Written writes_in(const Stmt& s) {
  struct Walk : IRVisitor {
    Written out;
    void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override { out.insert(n.buffer.get()); }
    void visit_Copy(const CopyNode& n, const Stmt&) override { out.insert(n.dst.buffer.get()); }
    void visit_Fill(const FillNode& n, const Stmt&) override { out.insert(n.dst.buffer.get()); }
    void visit_Gemm(const GemmNode& n, const Stmt&) override { out.insert(n.c.buffer.get()); }
    void visit_Reduce(const ReduceNode& n, const Stmt&) override { out.insert(n.dst.buffer.get()); }
    void visit_CumSum(const CumSumNode& n, const Stmt&) override { out.insert(n.dst.buffer.get()); }
    void visit_Im2Col(const Im2ColNode& n, const Stmt&) override { out.insert(n.dst.buffer.get()); }
    void visit_Atomic(const AtomicNode& n, const Stmt&) override {
      out.insert(n.buffer.get());
      if (n.prev) out.insert(n.prev.get());
    }
  } w;
  w.visit(s);
  return w.out;
}

class Checker {
 public:
  void stmt(const Stmt& s) {
    if (auto* n = s->as<SeqStmtNode>()) {
      for (auto& st : n->seq) stmt(st);
    } else if (auto* n = s->as<ForNode>()) {
      exprs({n->min, n->extent}, "load", s->span);
      // A body that may run no iteration may first run in a later iteration of an enclosing loop.
      auto extent = as_const_int(n->extent);
      if (!extent || *extent <= 0) written_.insert(later_.begin(), later_.end());
      const Written saved = later_, body = writes_in(n->body);
      later_.insert(body.begin(), body.end());
      parallel_ += n->for_kind == ForKind::Parallel;
      stmt(n->body);
      parallel_ -= n->for_kind == ForKind::Parallel;
      later_ = saved;
      written_.insert(body.begin(), body.end());
    } else if (auto* n = s->as<IfThenElseNode>()) {
      exprs({n->cond}, "load", s->span);
      // Either side may first run in a later iteration of an enclosing loop, after anything its body writes.
      written_.insert(later_.begin(), later_.end());
      const Written before = written_;
      stmt(n->then_case);
      Written after = written_;
      written_ = before;
      if (n->else_case) stmt(n->else_case);
      written_.insert(after.begin(), after.end());  // a write on either path may have happened
    } else if (auto* n = s->as<LetStmtNode>()) {
      exprs({n->value}, "load", s->span);
      stmt(n->body);
    } else if (auto* n = s->as<BufferStoreNode>()) {
      std::vector<Expr> es = n->indices;
      es.push_back(n->value);
      exprs(es, parallel_ ? "T.Parallel" : "store", s->span);
      written_.insert(n->buffer.get());
    } else if (auto* n = s->as<KernelNode>()) {
      exprs(n->grid, "T.Kernel", s->span);
      for (auto& b : n->allocs) written_.erase(b.get());  // each block starts with its buffers unwritten
      stmt(n->body);
    } else if (auto* n = s->as<CopyNode>()) {
      read(n->src, "T.copy", s->span);
      write(n->dst, "T.copy", s->span);
    } else if (auto* n = s->as<FillNode>()) {
      exprs({n->value}, "T.fill", s->span);
      write(n->dst, "T.fill", s->span);
    } else if (auto* n = s->as<GemmNode>()) {
      read(n->a, "T.gemm", s->span);
      read(n->b, "T.gemm", s->span);
      if (!n->clear_accum) read(n->c, "T.gemm", s->span, "; T.clear it first, or pass clear_accum=True");
      write(n->c, "T.gemm", s->span);
    } else if (auto* n = s->as<ReduceNode>()) {
      const std::string op = std::string("T.reduce_") + reduce_kind_name(n->reduce_kind);
      read(n->src, op, s->span);
      if (!n->clear) read(n->dst, op, s->span, "; clear=False folds into it: T.fill it first, or pass clear=True");
      write(n->dst, op, s->span);
    } else if (auto* n = s->as<CumSumNode>()) {
      read(n->src, "T.cumsum", s->span);
      write(n->dst, "T.cumsum", s->span);
    } else if (auto* n = s->as<Im2ColNode>()) {
      exprs({n->nhw_step, n->c_step}, "T.im2col", s->span);
      read(n->src, "T.im2col", s->span);
      write(n->dst, "T.im2col", s->span);
    } else if (auto* n = s->as<AtomicNode>()) {
      const std::string op = std::string("T.") + atomic_op_name(n->op);
      std::vector<Expr> es = n->indices;
      es.push_back(n->value);
      exprs(es, op, s->span);
      check(n->buffer, op, s->span);  // a read-modify-write of the element
      if (n->prev) written_.insert(n->prev.get());  // return_prev=True: receives the old value
    } else if (auto* n = s->as<EvaluateNode>()) {
      exprs({n->value}, "load", s->span);
    } else if (auto* n = s->as<PrintNode>()) {
      if (n->value) exprs({n->value}, "T.print", s->span);
      else read(n->region, "T.print", s->span);
    }
  }

 private:
  void check(const Buffer& b, const std::string& op, const Span& sp, const std::string& hint = "") {
    if (b->scope == Scope::Global || written_.count(b.get())) return;
    throw UserError(op, std::string(scope_name(b->scope)) + " buffer " + b->name +
                            " is read before anything writes it" + hint, sp);
  }
  // The loads in expressions (indices, values, conditions, bounds).
  void exprs(const std::vector<Expr>& es, const std::string& op, const Span& sp) {
    struct Loads : IRVisitor {
      Checker* c;
      const std::string* op;
      const Span* sp;
      void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
        IRVisitor::visit_BufferLoad(n, e);
        c->check(n.buffer, *op, *sp);
      }
    } loads;
    loads.c = this, loads.op = &op, loads.sp = &sp;
    for (auto& e : es) loads.visit(e);
  }
  void bounds(const BufferRegion& r, const std::string& op, const Span& sp) {
    for (auto& rg : r.ranges) exprs({rg.min, rg.extent}, op, sp);
  }
  void read(const BufferRegion& r, const std::string& op, const Span& sp, const std::string& hint = "") {
    bounds(r, op, sp);
    check(r.buffer, op, sp, hint);
  }
  void write(const BufferRegion& r, const std::string& op, const Span& sp) {
    bounds(r, op, sp);
    written_.insert(r.buffer.get());
  }

  Written written_;  // may have been written before the first time this point runs
  Written later_;    // written anywhere in the enclosing loops' bodies: before a later time this point runs
  int parallel_ = 0;  // enclosing T.Parallel loops
};

}  // namespace

void check_read_before_write(const PrimFunc& f) { Checker().stmt(f->body); }

}  // namespace tl
