// Traversal of the tile IR. Visitors recurse into every child by default; mutators rebuild a node only
// when a child changed (returning the same pointer otherwise). A pass overrides just the nodes it cares
// about and calls the base method to keep recursing.
#pragma once

#include "tilelang_tt/ir/ir.h"

namespace tl {

class IRVisitor {
 public:
  virtual ~IRVisitor() = default;

  virtual void visit(const Expr& e) {
    switch (e->kind) {
#define TL_X(n)       \
  case ExprKind::n:   \
    return visit_##n(*static_cast<const n##Node*>(e.get()), e);
      TL_EXPR_NODES(TL_X)
#undef TL_X
    }
  }
  virtual void visit(const Stmt& s) {
    switch (s->kind) {
#define TL_X(n)       \
  case StmtKind::n:   \
    return visit_##n(*static_cast<const n##Node*>(s.get()), s);
      TL_STMT_NODES(TL_X)
#undef TL_X
    }
  }
  virtual void visit_region(const BufferRegion& r) {
    for (auto& rg : r.ranges) {
      visit(rg.min);
      visit(rg.extent);
    }
  }

  virtual void visit_IntImm(const IntImmNode&, const Expr&) {}
  virtual void visit_FloatImm(const FloatImmNode&, const Expr&) {}
  virtual void visit_Var(const VarNode&, const Expr&) {}
  virtual void visit_Binary(const BinaryNode& n, const Expr&) { visit(n.a), visit(n.b); }
  virtual void visit_Unary(const UnaryNode& n, const Expr&) { visit(n.a); }
  virtual void visit_Cast(const CastNode& n, const Expr&) { visit(n.value); }
  virtual void visit_Select(const SelectNode& n, const Expr&) { visit(n.cond), visit(n.t), visit(n.f); }
  virtual void visit_Call(const CallNode& n, const Expr&) {
    for (auto& a : n.args) visit(a);
  }
  virtual void visit_BufferLoad(const BufferLoadNode& n, const Expr&) {
    for (auto& i : n.indices) visit(i);
  }
  virtual void visit_ExternCall(const ExternCallNode& n, const Expr&) {
    for (auto& a : n.args) visit(a);
  }

  virtual void visit_SeqStmt(const SeqStmtNode& n, const Stmt&) {
    for (auto& s : n.seq) visit(s);
  }
  virtual void visit_For(const ForNode& n, const Stmt&) { visit(n.min), visit(n.extent), visit(n.body); }
  virtual void visit_IfThenElse(const IfThenElseNode& n, const Stmt&) {
    visit(n.cond);
    visit(n.then_case);
    if (n.else_case) visit(n.else_case);
  }
  virtual void visit_LetStmt(const LetStmtNode& n, const Stmt&) { visit(n.value), visit(n.body); }
  virtual void visit_BufferStore(const BufferStoreNode& n, const Stmt&) {
    for (auto& i : n.indices) visit(i);
    visit(n.value);
  }
  virtual void visit_Atomic(const AtomicNode& n, const Stmt&) {
    for (auto& i : n.indices) visit(i);
    visit(n.value);
  }
  virtual void visit_Kernel(const KernelNode& n, const Stmt&) {
    for (auto& g : n.grid) visit(g);
    visit(n.body);
  }
  virtual void visit_Copy(const CopyNode& n, const Stmt&) { visit_region(n.src), visit_region(n.dst); }
  virtual void visit_Fill(const FillNode& n, const Stmt&) { visit_region(n.dst), visit(n.value); }
  virtual void visit_Gemm(const GemmNode& n, const Stmt&) { visit_region(n.a), visit_region(n.b), visit_region(n.c); }
  virtual void visit_Reduce(const ReduceNode& n, const Stmt&) { visit_region(n.src), visit_region(n.dst); }
  virtual void visit_CumSum(const CumSumNode& n, const Stmt&) { visit_region(n.src), visit_region(n.dst); }
  virtual void visit_Im2Col(const Im2ColNode& n, const Stmt&) {
    visit_region(n.src), visit_region(n.dst), visit(n.nhw_step), visit(n.c_step);
  }
  virtual void visit_Evaluate(const EvaluateNode& n, const Stmt&) { visit(n.value); }
  virtual void visit_Assert(const AssertNode& n, const Stmt&) { visit(n.cond); }
  virtual void visit_Print(const PrintNode& n, const Stmt&) {
    for (auto& a : n.at) visit(a);
    if (n.value) visit(n.value);
    else visit_region(n.region);
  }
};

class IRMutator {
 public:
  virtual ~IRMutator() = default;

  virtual Expr mutate(const Expr& e) {
    switch (e->kind) {
#define TL_X(n)       \
  case ExprKind::n:   \
    return mutate_##n(*static_cast<const n##Node*>(e.get()), e);
      TL_EXPR_NODES(TL_X)
#undef TL_X
    }
    return e;
  }
  virtual Stmt mutate(const Stmt& s) {
    switch (s->kind) {
#define TL_X(n)       \
  case StmtKind::n:   \
    return mutate_##n(*static_cast<const n##Node*>(s.get()), s);
      TL_STMT_NODES(TL_X)
#undef TL_X
    }
    return s;
  }
  // Buffers are shared by identity; a pass that replaces buffers overrides this.
  virtual Buffer mutate_buffer(const Buffer& b) { return b; }
  virtual BufferRegion mutate_region(const BufferRegion& r);

  virtual Expr mutate_IntImm(const IntImmNode&, const Expr& e) { return e; }
  virtual Expr mutate_FloatImm(const FloatImmNode&, const Expr& e) { return e; }
  virtual Expr mutate_Var(const VarNode&, const Expr& e) { return e; }
  virtual Expr mutate_Binary(const BinaryNode& n, const Expr& e);
  virtual Expr mutate_Unary(const UnaryNode& n, const Expr& e);
  virtual Expr mutate_Cast(const CastNode& n, const Expr& e);
  virtual Expr mutate_Select(const SelectNode& n, const Expr& e);
  virtual Expr mutate_Call(const CallNode& n, const Expr& e);
  virtual Expr mutate_BufferLoad(const BufferLoadNode& n, const Expr& e);
  virtual Expr mutate_ExternCall(const ExternCallNode& n, const Expr& e);

  virtual Stmt mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s);
  virtual Stmt mutate_For(const ForNode& n, const Stmt& s);
  virtual Stmt mutate_IfThenElse(const IfThenElseNode& n, const Stmt& s);
  virtual Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s);
  virtual Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s);
  virtual Stmt mutate_Atomic(const AtomicNode& n, const Stmt& s);
  virtual Stmt mutate_Kernel(const KernelNode& n, const Stmt& s);
  virtual Stmt mutate_Copy(const CopyNode& n, const Stmt& s);
  virtual Stmt mutate_Fill(const FillNode& n, const Stmt& s);
  virtual Stmt mutate_Gemm(const GemmNode& n, const Stmt& s);
  virtual Stmt mutate_Reduce(const ReduceNode& n, const Stmt& s);
  virtual Stmt mutate_CumSum(const CumSumNode& n, const Stmt& s);
  virtual Stmt mutate_Im2Col(const Im2ColNode& n, const Stmt& s);
  virtual Stmt mutate_Evaluate(const EvaluateNode& n, const Stmt& s);
  virtual Stmt mutate_Assert(const AssertNode& n, const Stmt& s);
  virtual Stmt mutate_Print(const PrintNode& n, const Stmt& s);

  PrimFunc mutate_func(const PrimFunc& f);
};

}  // namespace tl
