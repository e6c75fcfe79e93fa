// tt.pop placement (tt_pop_insertion.h).
#include "tilelang_tt/transform/tt_pop_insertion.h"

#include <map>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {

struct Effects {
  std::set<int64_t> writes, reads;  // reads: pure reads only
};

void op_effects(const ExternCallNode& c, Effects& fx) {
  const std::string& n = c.name;
  auto arg = [&](size_t i) { return const_arg(c, i); };
  if (n == "tt.read_tiles") fx.writes.insert(arg(1));
  else if (n == "tt.fill_tiles") fx.writes.insert(arg(0));
  else if (n == "tt.copy_tiles") fx.reads.insert(arg(0)), fx.writes.insert(arg(1));
  else if (n == "tt.matmul") fx.reads.insert(arg(0)), fx.reads.insert(arg(1)), fx.writes.insert(arg(2));
  else if (n == "tt.eltwise") {
    int64_t dst = arg(0);
    fx.writes.insert(dst);
    struct Leaves : IRVisitor {
      Effects* fx;
      int64_t dst;
      void visit_ExternCall(const ExternCallNode& l, const Expr&) override {
        if (l.name == "tt.tile" || l.name == "tt.col_vec" || l.name == "tt.row_vec") {
          int64_t cb = *as_const_int(l.args[0]);
          if (cb != dst) fx->reads.insert(cb);
        }
      }
    } leaves;
    leaves.fx = &fx;
    leaves.dst = dst;
    leaves.visit(c.args[3]);
  }
}

Effects effects(const Stmt& s) {
  struct Walk : IRVisitor {
    Effects fx;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& st) override {
      if (auto* c = tt_op(st)) op_effects(*c, fx);
    }
  } w;
  w.visit(s);
  return w.fx;
}

class Pops : public IRMutator {
 public:
  explicit Pops(const std::vector<CBInfo>& cbs) {
    for (auto& cb : cbs) tiles_[cb.index] = cb.tiles;
  }

  Stmt mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s) override { return place(n.seq, n.span); }
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    return make_for(n.var, n.min, n.extent, n.for_kind, place_single(n.body), n.span, n.num_stages, n.order, n.stage,
                    n.group);
  }
  Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    return make_let(n.var, n.value, place_single(n.body), n.span);
  }
  Stmt mutate_IfThenElse(const IfThenElseNode& n, const Stmt& s) override {
    return make_if(n.cond, place_single(n.then_case), n.else_case ? place_single(n.else_case) : nullptr, n.span);
  }
  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    return make_kernel(n.grid, n.block_vars, n.threads, n.allocs, n.attrs, place_single(n.body), n.span);
  }

 private:
  Stmt place_single(const Stmt& body) {
    if (body->as<SeqStmtNode>()) return mutate(body);
    return place({body}, body->span);
  }

  Stmt place(const std::vector<Stmt>& seq, const Span& sp) {
    std::vector<Stmt> stmts;
    for (auto& s : seq) stmts.push_back(mutate(s));
    std::vector<Effects> fx;
    for (auto& s : stmts) fx.push_back(effects(s));
    // For each CB: index of the statement that produced the live version here, and its last pure read after.
    std::map<int64_t, int> produced, last_read;
    std::map<int, std::vector<int64_t>> pop_after;
    auto close = [&](int64_t cb) {
      auto p = produced.find(cb);
      auto r = last_read.find(cb);
      if (p != produced.end() && r != last_read.end() && r->second > p->second) pop_after[r->second].push_back(cb);
      last_read.erase(cb);
    };
    for (int i = 0; i < static_cast<int>(stmts.size()); ++i) {
      for (int64_t cb : fx[i].reads)
        if (produced.count(cb)) last_read[cb] = i;
      for (int64_t cb : fx[i].writes) {
        close(cb);
        produced[cb] = i;
      }
    }
    for (auto& [cb, i] : produced) close(cb);
    std::vector<Stmt> out;
    for (int i = 0; i < static_cast<int>(stmts.size()); ++i) {
      out.push_back(stmts[i]);
      for (int64_t cb : pop_after[i])
        out.push_back(make_evaluate(make_extern("tt.pop", DType::Int32, {make_int(cb), make_int(tiles_.at(cb))}), sp));
    }
    return make_seq(out, sp);
  }

  std::map<int64_t, uint32_t> tiles_;
};

}  // namespace

Stmt insert_pops(const Stmt& body, const std::vector<CBInfo>& cbs) { return Pops(cbs).mutate(body); }

}  // namespace tl::tt
