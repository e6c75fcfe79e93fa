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
  std::set<int64_t> consumes;       // written CBs whose old version the op itself waits for and pops
  std::set<int64_t> pops;           // CBs whose version the op pops without writing them
};

void op_effects(const ExternCallNode& c, Effects& fx) {
  TileOpCbs u = tile_op_cbs(c);
  fx.writes.insert(u.writes.begin(), u.writes.end());
  fx.reads.insert(u.reads.begin(), u.reads.end());
  fx.consumes.insert(u.consumes.begin(), u.consumes.end());
  fx.pops.insert(u.pops.begin(), u.pops.end());
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

// The CBs a statement reads before writing them (its upward-exposed reads: pure reads, consuming writes and
// pops), those of them it pops (the version live before it is gone after it), and those it overwrites, in
// program order.
struct Exposure {
  std::set<int64_t> exposed, popped, killed;
};

Exposure exposure(const Stmt& s) {
  Exposure out;
  if (auto* c = tt_op(s)) {
    Effects fx;
    op_effects(*c, fx);
    out.exposed = fx.reads;
    out.exposed.insert(fx.consumes.begin(), fx.consumes.end());
    out.exposed.insert(fx.pops.begin(), fx.pops.end());
    out.popped = fx.pops;
    for (int64_t cb : fx.writes)
      if (!fx.consumes.count(cb)) out.killed.insert(cb);
    return out;
  }
  auto then = [&](const Exposure& e) {
    for (int64_t cb : e.exposed)
      if (!out.killed.count(cb)) out.exposed.insert(cb);
    for (int64_t cb : e.popped)
      if (!out.killed.count(cb)) out.popped.insert(cb);
    out.killed.insert(e.killed.begin(), e.killed.end());
  };
  if (auto* n = s->as<SeqStmtNode>()) {
    for (auto& st : n->seq) then(exposure(st));
  } else if (auto* n = s->as<ForNode>()) {
    then(exposure(n->body));
  } else if (auto* n = s->as<LetStmtNode>()) {
    then(exposure(n->body));
  } else if (auto* n = s->as<KernelNode>()) {
    then(exposure(n->body));
  } else if (auto* n = s->as<IfThenElseNode>()) {
    Exposure a = exposure(n->then_case), b = n->else_case ? exposure(n->else_case) : Exposure{};
    out.exposed = a.exposed;
    out.exposed.insert(b.exposed.begin(), b.exposed.end());
    out.popped = a.popped;
    out.popped.insert(b.popped.begin(), b.popped.end());
    for (int64_t cb : a.killed)
      if (b.killed.count(cb)) out.killed.insert(cb);
  }
  return out;
}

class Pops : public IRMutator {
 public:
  explicit Pops(const std::vector<CBInfo>& cbs) {
    for (auto& cb : cbs) tiles_[cb.index] = cb.tiles;
  }

  Stmt mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s) override { return place(n.seq, n.span); }
  // A version written in a loop body and read by the next iteration (the body reads it before writing it) or
  // after the loop stays live at the end of the body: it is not popped there. One that only the code after the
  // loop reads, and that the next iteration overwrites, is discarded at the end of every iteration but the last.
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    const std::set<int64_t> saved = live_after_;
    auto* seq = n.body->as<SeqStmtNode>();
    for (int64_t cb : first_read(seq ? seq->seq : std::vector<Stmt>{n.body}, 0, saved)) live_after_.insert(cb);
    Stmt body = place_single(n.body);
    live_after_ = saved;
    const Exposure e = exposure(n.body);
    std::vector<Stmt> stale;
    for (int64_t cb : saved)
      if (e.killed.count(cb) && !e.exposed.count(cb))
        stale.push_back(make_tt_op("tt.discard", {make_int(cb), make_int(tiles_.at(cb))}, n.span));
    if (!stale.empty())
      body = make_seq({body, make_if(not_last_iteration(n), make_seq(stale, n.span), nullptr, n.span)}, n.span);
    return make_for(n.var, n.min, n.extent, n.for_kind, body, n.span, n.num_stages, n.order, n.stage, n.group);
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

  // CBs whose first access in seq[from..] reads the version live before it (a pure read or an op that consumes
  // it), plus those of live_after that seq[from..] does not overwrite.
  std::set<int64_t> first_read(const std::vector<Stmt>& seq, size_t from, const std::set<int64_t>& live_after) const {
    std::set<int64_t> out, written;
    for (size_t j = from; j < seq.size(); ++j) {
      Exposure e = exposure(seq[j]);
      for (int64_t cb : e.exposed)
        if (!written.count(cb)) out.insert(cb);
      written.insert(e.killed.begin(), e.killed.end());
    }
    for (int64_t cb : live_after)
      if (!written.count(cb)) out.insert(cb);
    return out;
  }

  Stmt place(const std::vector<Stmt>& seq, const Span& sp) {
    std::vector<Stmt> stmts;
    const std::set<int64_t> keep = live_after_;
    for (size_t i = 0; i < seq.size(); ++i) {
      live_after_ = first_read(seq, i + 1, keep);
      stmts.push_back(mutate(seq[i]));
    }
    live_after_ = keep;
    // A compound statement (a loop) that writes a CB before reading it reads its own version, not the one live
    // before it: only its upward-exposed reads and pops count as uses of the version produced earlier in this
    // sequence.
    std::vector<Effects> fx;
    for (auto& s : stmts) {
      fx.push_back(effects(s));
      const Exposure e = exposure(s);
      std::erase_if(fx.back().reads, [&](int64_t cb) { return !e.exposed.count(cb); });
      fx.back().pops = e.popped;
    }
    // For each CB: index of the statement that produced the live version here, and its last pure read after.
    // A version that nothing reads (overwritten, or never used) is discarded right after the statement that
    // produced it: an op, or a loop that carries it from one iteration to the next (its body reads it before
    // writing it, so it stays live at the end of the body: online softmax's running max). Other compound
    // statements close the versions they produce and nothing after them reads inside them.
    std::map<int64_t, int> produced, last_read;
    std::map<int, std::vector<int64_t>> pop_after, discard_after;
    auto leaves_live = [&](int i, int64_t cb) {
      if (tt_op(stmts[i])) return true;
      auto* loop = stmts[i]->as<ForNode>();
      return loop && exposure(loop->body).exposed.count(cb) && effects(loop->body).writes.count(cb);
    };
    auto close = [&](int64_t cb) {
      auto p = produced.find(cb);
      auto r = last_read.find(cb);
      if (p != produced.end() && r != last_read.end() && r->second > p->second) pop_after[r->second].push_back(cb);
      else if (p != produced.end() && leaves_live(p->second, cb)) discard_after[p->second].push_back(cb);
      last_read.erase(cb);
    };
    for (int i = 0; i < static_cast<int>(stmts.size()); ++i) {
      for (int64_t cb : fx[i].reads)
        if (produced.count(cb)) last_read[cb] = i;
      for (int64_t cb : fx[i].pops) {  // the statement pops the live version itself (the writer, a tilize)
        produced.erase(cb);
        last_read.erase(cb);
      }
      for (int64_t cb : fx[i].writes) {
        if (fx[i].consumes.count(cb)) last_read.erase(cb);  // the op pops the old version itself
        else close(cb);
        produced[cb] = i;
      }
    }
    for (auto& [cb, i] : produced)
      if (!keep.count(cb)) close(cb);
    std::vector<Stmt> out;
    for (int i = 0; i < static_cast<int>(stmts.size()); ++i) {
      out.push_back(stmts[i]);
      for (int64_t cb : discard_after[i])
        out.push_back(make_tt_op("tt.discard", {make_int(cb), make_int(tiles_.at(cb))}, stmts[i]->span));
      for (int64_t cb : pop_after[i])
        out.push_back(make_tt_op("tt.pop", {make_int(cb), make_int(tiles_.at(cb))}, sp));
    }
    return make_seq(out, sp);
  }

  std::map<int64_t, uint32_t> tiles_;
  std::set<int64_t> live_after_;  // CBs whose current version is read after the statement being placed
};

}  // namespace

Stmt insert_pops(const Stmt& body, const std::vector<CBInfo>& cbs) { return Pops(cbs).mutate(body); }

}  // namespace tl::tt
