// Thread loops (ForKind::Thread, ir.h): a block's threads running thread-level code in lockstep.
//
// A nest of Thread loops is compiled once into a LockFn over the set of threads still active. Each thread is an
// Env of its own: a copy of the block's (same shared, fragment and global buffers) with its thread vars set and
// fresh zeroed storage for its local and var buffers. Compound statements keep the threads together:
//  * SeqStmt runs its children in order, each for all active threads (the lockstep barrier);
//  * For (serial/unroll/pipelined) iterates from the lowest start to the highest end over the active threads;
//    each iteration runs the body for the threads whose own range holds it;
//  * IfThenElse runs its branches for the threads whose condition chose them; LetStmt binds per thread;
//  * stores, atomics and evaluates run in every active thread;
//  * tile ops and Parallel loops are the block's: they run once (in the first active thread's Env), and are an
//    error if they read a thread var — unless they write only private (local/var) buffers: then each thread
//    runs them on its own buffers.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_set>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::interp {

namespace {

using Threads = std::vector<Env*>;
using LockFn = std::function<void(const Threads&)>;

bool is_private(Scope s) { return s == Scope::Local || s == Scope::Var; }

// The buffers a statement writes, and whether it reads one of the given vars.
class Uses : public IRVisitor {
 public:
  explicit Uses(const std::unordered_set<const VarNode*>& vars) : vars_(vars) {}
  bool reads_var = false, writes_shared = false;

  void visit_Var(const VarNode& n, const Expr&) override { reads_var |= vars_.count(&n) > 0; }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    wrote(n.buffer);
    IRVisitor::visit_BufferStore(n, s);
  }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override {
    wrote(n.buffer);
    IRVisitor::visit_Atomic(n, s);
  }
  void visit_Copy(const CopyNode& n, const Stmt& s) override { wrote(n.dst.buffer), IRVisitor::visit_Copy(n, s); }
  void visit_Fill(const FillNode& n, const Stmt& s) override { wrote(n.dst.buffer), IRVisitor::visit_Fill(n, s); }
  void visit_Gemm(const GemmNode& n, const Stmt& s) override { wrote(n.c.buffer), IRVisitor::visit_Gemm(n, s); }
  void visit_Reduce(const ReduceNode& n, const Stmt& s) override {
    wrote(n.dst.buffer), IRVisitor::visit_Reduce(n, s);
  }
  void visit_CumSum(const CumSumNode& n, const Stmt& s) override {
    wrote(n.dst.buffer), IRVisitor::visit_CumSum(n, s);
  }
  void visit_Im2Col(const Im2ColNode& n, const Stmt& s) override {
    wrote(n.dst.buffer), IRVisitor::visit_Im2Col(n, s);
  }

 private:
  void wrote(const Buffer& b) { writes_shared |= !is_private(b->scope); }
  const std::unordered_set<const VarNode*>& vars_;
};

class Lockstep {
 public:
  Lockstep(Compiler& c, std::unordered_set<const VarNode*> tvars) : c_(c), tvars_(std::move(tvars)) {}

  LockFn stmt(const Stmt& s) {
    switch (s->kind) {
      case StmtKind::SeqStmt: {
        std::vector<LockFn> seq;
        for (auto& x : s->as<SeqStmtNode>()->seq) seq.push_back(stmt(x));
        return [seq](const Threads& t) {
          for (auto& f : seq) f(t);
        };
      }
      case StmtKind::For: {
        auto* n = s->as<ForNode>();
        if (n->for_kind == ForKind::Parallel) return block_op(s);
        if (n->for_kind == ForKind::Thread)
          throw UserError("interpret", "thread loops must directly enclose a kernel's body", s->span);
        return loop(*n);
      }
      case StmtKind::IfThenElse: {
        auto* n = s->as<IfThenElseNode>();
        IntFn cond = c_.int_expr(n->cond, s->span);
        LockFn then_f = stmt(n->then_case), else_f = n->else_case ? stmt(n->else_case) : LockFn();
        return [cond, then_f, else_f](const Threads& t) {
          Threads yes, no;
          for (Env* e : t) (cond(*e) ? yes : no).push_back(e);
          if (!yes.empty()) then_f(yes);
          if (else_f && !no.empty()) else_f(no);
        };
      }
      case StmtKind::LetStmt: {
        auto* n = s->as<LetStmtNode>();
        int slot = c_.var_slot(n->var.get());
        CExpr v = c_.expr(n->value, s->span);
        LockFn body = stmt(n->body);
        return [slot, v, body](const Threads& t) {
          for (Env* e : t) {
            if (v.is_float()) e->vars[slot].f = v.f(*e);
            else e->vars[slot].i = v.i(*e);
          }
          body(t);
        };
      }
      case StmtKind::BufferStore:
      case StmtKind::Atomic:
      case StmtKind::Evaluate:
      case StmtKind::Assert:
      case StmtKind::Print: return each_thread(c_.stmt(s));
      case StmtKind::Kernel: throw UserError("interpret", "kernels cannot be nested", s->span);
      default: return block_op(s);
    }
  }

 private:
  static LockFn each_thread(StmtFn f) {
    return [f](const Threads& t) {
      for (Env* e : t) f(*e);
    };
  }

  LockFn block_op(const Stmt& s) {
    Uses u(tvars_);
    u.visit(s);
    StmtFn f = c_.stmt(s);
    if (!u.writes_shared) return each_thread(f);
    if (u.reads_var)
      throw UserError("interpret", "a tile operation or T.Parallel loop in thread-level code is the whole block's "
                                   "and cannot depend on a thread index (T.get_thread_binding); write it per "
                                   "thread with T.serial loops, or index it by the block only",
                      s->span);
    return [f](const Threads& t) { f(*t.front()); };
  }

  LockFn loop(const ForNode& n) {
    IntFn mn = c_.int_expr(n.min, n.span), ext = c_.int_expr(n.extent, n.span);
    int slot = c_.var_slot(n.var.get());
    LockFn body = stmt(n.body);
    return [mn, ext, slot, body](const Threads& t) {
      std::vector<std::pair<int64_t, int64_t>> range(t.size());
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      bool uniform = true;
      for (size_t k = 0; k < t.size(); ++k) {
        int64_t a = mn(*t[k]);
        range[k] = {a, a + ext(*t[k])};
        uniform &= range[k] == range[0];
        lo = std::min(lo, range[k].first), hi = std::max(hi, range[k].second);
      }
      Threads active;
      for (int64_t i = lo; i < hi; ++i) {
        const Threads* run = &t;
        if (!uniform) {
          active.clear();
          for (size_t k = 0; k < t.size(); ++k)
            if (range[k].first <= i && i < range[k].second) active.push_back(t[k]);
          run = &active;
        }
        for (Env* e : *run) e->vars[slot].i = i;
        if (!run->empty()) body(*run);
      }
    };
  }

  Compiler& c_;
  std::unordered_set<const VarNode*> tvars_;
};

}  // namespace

StmtFn compile_threads(Compiler& c, const ForNode& outer) {
  // The nest of Thread loops: its vars (outermost first) and extents, and the body inside it.
  std::vector<int> slots;
  std::vector<IntFn> mins, exts;
  std::unordered_set<const VarNode*> tvars;
  const ForNode* n = &outer;
  Stmt body;
  while (true) {
    slots.push_back(c.var_slot(n->var.get()));
    mins.push_back(c.int_expr(n->min, n->span));
    exts.push_back(c.int_expr(n->extent, n->span));
    tvars.insert(n->var.get());
    auto* inner = n->body->as<ForNode>();
    if (!inner || inner->for_kind != ForKind::Thread) {
      body = n->body;
      break;
    }
    n = inner;
  }
  LockFn f = Lockstep(c, tvars).stmt(body);
  return [slots, mins, exts, f](Env& block) {
    size_t depth = slots.size();
    std::vector<int64_t> lo(depth), ext(depth);
    int64_t count = 1;
    for (size_t d = 0; d < depth; ++d) lo[d] = mins[d](block), ext[d] = exts[d](block), count *= std::max<int64_t>(0, ext[d]);
    if (count == 0) return;
    std::vector<Env> envs(static_cast<size_t>(count), block);
    std::vector<std::vector<uint8_t>> storage;
    Threads threads;
    for (int64_t k = 0; k < count; ++k) {
      Env& e = envs[static_cast<size_t>(k)];
      for (auto& b : e.bufs) {
        if (!b.data || !is_private(b.scope)) continue;
        storage.emplace_back(static_cast<size_t>(b.size * dtype_bytes(b.dtype)), uint8_t{0});
        b.data = storage.back().data();
      }
      int64_t rest = k;  // innermost loop fastest
      for (size_t d = depth; d-- > 0;) {
        e.vars[slots[d]].i = lo[d] + rest % ext[d];
        rest /= ext[d];
      }
      threads.push_back(&e);
    }
    f(threads);
  };
}

}  // namespace tl::interp
