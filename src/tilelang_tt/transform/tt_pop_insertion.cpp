// tt.pop placement (tt_pop_insertion.h).
//
// The model: a CB is a FIFO of versions, and between any two statements its consumer holds exactly the versions
// that are live there (that a later op may read, fold into or drain before anything overwrites them). Each
// statement list is placed with the set of CBs live after it; pops go where a held version stops being live.
// Liveness is computed on the structured IR: an op's live-in is (live-out − what it overwrites) ∪ what it uses; an
// if's is the union of its branches'; a loop body's live-out is the loop's live-out ∪ its own live-in (a least
// fixpoint), and the loop's live-in is the body's (a loop runs at least once, as the rest of the lowering assumes).
// A CB live at the kernel's start is one a path may read (or keep) without having written it: T.copy into it under
// an `if` inside a loop, a T.gemm reading it after the `if` — the other path reads the previous iteration's
// version, and the first iteration has none. Such a CB is tracked: its pops are tt.pop's if_held form.
#include "tilelang_tt/transform/tt_pop_insertion.h"

#include <map>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {

using CBSet = std::set<int64_t>;

CBSet operator|(CBSet a, const CBSet& b) {
  a.insert(b.begin(), b.end());
  return a;
}
CBSet operator-(CBSet a, const CBSet& b) {
  for (int64_t cb : b) a.erase(cb);
  return a;
}

// A tile op's effect on the versions of its CBs.
struct OpUse {
  CBSet uses;   // the version held before the op is read, folded into or drained
  CBSet kills;  // a new version is pushed without reading the old one
  CBSet holds;  // CBs the op leaves a version in (read ones keep theirs, written ones get a new one)
  CBSet read;   // versions the op waited for (a pop right after it needs no wait of its own)
};

OpUse op_use(const ExternCallNode& c) {
  const TileOpCbs u = tile_op_cbs(c);
  OpUse o;
  o.uses = u.reads | u.consumes | u.drains;
  o.kills = u.writes - u.consumes;
  o.holds = (u.reads | u.writes) - u.drains;
  o.read = u.reads;
  return o;
}

CBSet live_in(const Stmt& s, const CBSet& out);

// The live-out of a loop's body: what is live after the loop or at the start of the next iteration.
CBSet body_live_out(const ForNode& n, const CBSet& out) {
  for (CBSet lb = out;;) {
    CBSet next = out | live_in(n.body, lb);
    if (next == lb) return lb;
    lb = std::move(next);
  }
}

CBSet live_in(const Stmt& s, const CBSet& out) {
  if (auto* c = tt_op(s)) {
    const OpUse o = op_use(*c);
    return (out - o.kills) | o.uses;
  }
  if (auto* n = s->as<SeqStmtNode>()) {
    CBSet live = out;
    for (size_t i = n->seq.size(); i-- > 0;) live = live_in(n->seq[i], live);
    return live;
  }
  if (auto* n = s->as<ForNode>()) return live_in(n->body, body_live_out(*n, out));
  if (auto* n = s->as<IfThenElseNode>()) return live_in(n->then_case, out) | (n->else_case ? live_in(n->else_case, out) : out);
  if (auto* n = s->as<LetStmtNode>()) return live_in(n->body, out);
  if (auto* n = s->as<KernelNode>()) return live_in(n->body, out);
  return out;
}

// The CBs a path may reach a use of without a version (live at the kernel's start: written under a condition, read
// after it) whose versions only plain reads and writes touch: the consumer tracks at run time whether it holds one.
CBSet maybe_unheld(const Stmt& body) {
  struct Rewritten : IRVisitor {
    CBSet cbs;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      if (auto* c = tt_op(s)) {
        const TileOpCbs u = tile_op_cbs(*c);
        cbs = cbs | u.consumes | u.drains;
      }
    }
  } rewritten;
  rewritten.visit(body);
  return live_in(body, {}) - rewritten.cbs;
}

// Versions a consuming op may find missing: a CB live at the kernel's start that an op consumes in place or the
// writer drains, on a path where nothing wrote it (its write under an `if`). Reading it is undefined
// (docs/language.md); so that no path waits for a version nobody pushes, the kernel starts with a version of zeros
// (what "interpret" reads there) when every op that writes the CB runs in the compute kernel.
Stmt fill_unheld_consumed(const Stmt& body, const std::vector<CBInfo>& cbs) {
  struct Roles : IRVisitor {
    CBSet consumed, reader_written;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      if (auto* c = tt_op(s)) {
        const TileOpCbs u = tile_op_cbs(*c);
        consumed = consumed | u.consumes | u.drains;
        if (is_tile_read(*c) || c->name == "tt.read_vector_at" || c->name == "tt.push_rows") reader_written = reader_written | u.writes;
      }
    }
  } roles;
  roles.visit(body);
  std::vector<Stmt> seq;
  for (int64_t cb : live_in(body, {}))
    if (roles.consumed.count(cb) && !roles.reader_written.count(cb))
      for (const CBInfo& c : cbs)
        if (c.index == cb) seq.push_back(make_tt_op("tt.fill_tiles", {make_int(cb), make_int(c.tiles), make_float(0.0)}, body->span));
  if (seq.empty()) return body;
  seq.push_back(body);
  return make_seq(seq, body->span);
}

class Pops : public IRMutator {
 public:
  Pops(const std::vector<CBInfo>& cbs, const Stmt& body) : tracked_(maybe_unheld(body)) {
    for (auto& cb : cbs) tiles_[cb.index] = cb.tiles;
    struct Drained : IRVisitor {
      CBSet cbs;
      void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
        if (auto* c = tt_op(s); c && is_tile_write(*c)) cbs.insert(const_arg(*c, 0));
      }
    } drained;
    drained.visit(body);
    writer_drained_ = drained.cbs;
  }

  // The kernel body, placed as a statement list: a version live at its start (tracked_) is popped at its end.
  Stmt run(const Stmt& body) { return place_single(body); }

  Stmt mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s) override { return place(n.seq, n.span); }

  // Iterations after the first start with the versions the previous one left for after the loop; those the body
  // overwrites before using them are dead there and popped first (the loop's live-in excludes them: the first
  // iteration finds none).
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    const CBSet out = out_;
    out_ = body_live_out(n, out);
    const CBSet stale = out_ - live_in(n.body, out_);
    Stmt body = place_single(n.body);
    out_ = out;
    if (!stale.empty()) {
      std::vector<Stmt> pops;
      for (int64_t cb : stale) pops.push_back(pop(cb, true, n.span));
      Stmt later = make_if(later_iteration(n), make_seq(pops, n.span), nullptr, n.span);
      body = make_seq({later, body}, n.span);
    }
    return make_for(n.var, n.min, n.extent, n.for_kind, body, n.span, n.num_stages, n.order, n.stage, n.group);
  }
  Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    return make_let(n.var, n.value, place_single(n.body), n.span);
  }
  // A branch starts by popping the versions live before the if that it does not use (the other branch does).
  Stmt mutate_IfThenElse(const IfThenElseNode& n, const Stmt& s) override {
    const CBSet held = live_in(s, out_);
    auto branch = [&](const Stmt& b) -> Stmt {
      std::vector<Stmt> stmts;
      for (int64_t cb : held - (b ? live_in(b, out_) : out_)) stmts.push_back(pop(cb, true, n.span));
      if (b) stmts.push_back(place_single(b));
      return stmts.empty() ? nullptr : make_seq(stmts, n.span);
    };
    return make_if(n.cond, branch(n.then_case), branch(n.else_case), n.span);
  }
  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    out_.clear();
    return make_kernel(n.grid, n.block_vars, n.threads, n.allocs, n.attrs, place_single(n.body), n.span);
  }

 private:
  Stmt place_single(const Stmt& body) {
    if (body->as<SeqStmtNode>()) return mutate(body);
    return place({body}, body->span);
  }

  // Each statement is followed by pops of the versions it leaves that are not live after it: an op's last read,
  // a version nothing reads (a T.fill that a reduce with clear=True overwrites), and after a loop the versions its
  // iterations carried that nothing after it uses.
  Stmt place(const std::vector<Stmt>& seq, const Span& sp) {
    const CBSet out = out_;
    std::vector<CBSet> after(seq.size());
    CBSet live = out;
    for (size_t i = seq.size(); i-- > 0;) {
      after[i] = live;
      live = live_in(seq[i], live);
    }
    std::vector<Stmt> res;
    for (size_t i = 0; i < seq.size(); ++i) {
      out_ = after[i];
      res.push_back(mutate(seq[i]));
      CBSet held, read;
      if (auto* c = tt_op(seq[i])) {
        const OpUse o = op_use(*c);
        held = o.holds, read = o.read;
      } else if (auto* n = seq[i]->as<ForNode>()) {
        held = body_live_out(*n, after[i]);
        read = read_only(n->body);
      }
      for (int64_t cb : held - after[i]) res.push_back(pop(cb, !read.count(cb), seq[i]->span));
    }
    out_ = out;
    return make_seq(res, sp);
  }

  // The CBs that `body` reads on every path and never writes: the version it leaves is one it waited for. A read
  // under an `if` may not run (a T.gemm under `if bx >= 0`), so only reads in both branches count; a loop's body
  // runs at least once.
  static CBSet read_only(const Stmt& body) {
    struct Written : IRVisitor {
      CBSet cbs;
      void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
        if (auto* c = tt_op(s)) {
          const TileOpCbs u = tile_op_cbs(*c);
          cbs = cbs | u.writes | u.drains;
        }
      }
    } written;
    written.visit(body);
    return surely_read(body) - written.cbs;
  }

  // The CBs whose version every path through `s` waits for.
  static CBSet surely_read(const Stmt& s) {
    if (auto* c = tt_op(s)) return tile_op_cbs(*c).reads;
    CBSet read;
    if (auto* n = s->as<SeqStmtNode>()) {
      for (auto& st : n->seq) read = read | surely_read(st);
    } else if (auto* n = s->as<ForNode>()) {
      read = surely_read(n->body);
    } else if (auto* n = s->as<IfThenElseNode>()) {
      if (n->else_case) {
        const CBSet a = surely_read(n->then_case);
        read = a - (a - surely_read(n->else_case));  // both branches' reads
      }
    } else if (auto* n = s->as<LetStmtNode>()) {
      read = surely_read(n->body);
    }
    return read;
  }

  // tt.pop(cb, tiles[, wait[, if_held]]): with wait = 1 the consumer first waits for the version (it has not read
  // it); with if_held = 1 (a tracked CB) it pops only if it holds one.
  Stmt pop(int64_t cb, bool wait, const Span& sp) {
    TL_ASSERT(!writer_drained_.count(cb), "CB " << cb << " is drained by the writer but holds a version the writer "
                                                   "never takes");
    std::vector<Expr> args = {make_int(cb), make_int(tiles_.at(cb))};
    if (wait || tracked_.count(cb)) args.push_back(make_int(wait ? 1 : 0));
    if (tracked_.count(cb)) args.push_back(make_int(1));
    return make_tt_op("tt.pop", args, sp);
  }

  const CBSet tracked_;
  std::map<int64_t, uint32_t> tiles_;
  CBSet writer_drained_;
  CBSet out_;  // CBs live after the statement being placed
};

}  // namespace

Stmt insert_pops(const Stmt& body, const std::vector<CBInfo>& cbs) {
  const Stmt filled = fill_unheld_consumed(body, cbs);
  return Pops(cbs, filled).run(filled);
}

}  // namespace tl::tt
