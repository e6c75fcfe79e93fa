// verify_tt_cb_balance (see the header for the contract).
#include "tilelang_tt/transform/verify_tt_cb_balance.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// Per CB: the versions pushed and not yet popped, and whether the consumer has waited for the oldest of them. A
// tracked CB (tt.pop's if_held form, tt_pop_insertion.h) may hold a number of versions that depends on the path:
// between `least` and `versions`.
struct CBState {
  int64_t versions = 0;
  bool waited = false;
  int64_t least = 0;
  bool operator==(const CBState&) const = default;
};
using Filled = std::map<int64_t, CBState>;

// The state after either of two paths: the same versions (a range of them for tracked CBs), the front waited for
// only when both waited.
Filled meet(const Filled& a, Filled b) {
  for (auto& [cb, st] : a) {
    CBState& o = b[cb];
    o.waited = o.waited && st.waited;
    o.least = std::min(o.least, st.least), o.versions = std::max(o.versions, st.versions);
  }
  for (auto& [cb, st] : b)
    if (!a.count(cb)) st.waited = false, st.least = 0;
  return b;
}

class Balance {
 public:
  explicit Balance(const KernelNode& k) : kernel_(k) {
    for (const CBInfo& cb : decode_cbs(k.attrs.at("tt.cbs"))) cbs_[cb.index] = cb;
    struct Tracked : IRVisitor {
      std::set<int64_t> cbs;
      void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
        if (auto* c = tt_op(s); c && c->name == "tt.pop" && if_held(*c)) cbs.insert(const_arg(*c, 0));
      }
    } tracked;
    tracked.visit(k.body);
    tracked_ = tracked.cbs;
  }

  void run() {
    stmt(kernel_.body);
    for (auto& [cb, st] : filled_)
      if (st.versions != 0)
        fail(kernel_.span, "T.Kernel", cb, "the kernel ends with " + std::to_string(st.versions) + " version(s) unpopped");
  }

 private:
  // A loop runs its body once as the first iteration (the pops under later_iteration skipped), then as a later
  // one from the state the previous iteration left, until that state repeats: a later iteration must not change
  // any CB's versions. The loop runs at least once (as the lowering assumes).
  void loop(const ForNode& n, const Span& sp) {
    loops_.push_back({&n, true});
    stmt(n.body);
    loops_.back().first = false;
    for (Filled start = filled_;;) {
      stmt(n.body);
      for (auto& [cb, st] : filled_)
        if (st.versions != count(start, cb) || st.least != least(start, cb))
          fail(sp, "loop", cb, "a later iteration changes its versions from " + range(start, cb) + " to " +
                                   range(filled_, cb));
      Filled next = meet(start, filled_);
      filled_ = next;
      if (next == start) break;
      start = std::move(next);
    }
    loops_.pop_back();
  }

  void branches(const IfThenElseNode& n, const Span& sp) {
    for (auto it = loops_.rbegin(); it != loops_.rend(); ++it)
      if (is_later_iteration(n.cond, *it->loop)) {
        if (!it->first) stmt(n.then_case);
        else if (n.else_case) stmt(n.else_case);
        return;
      }
    const Filled entry = filled_;
    stmt(n.then_case);
    const Filled then_state = filled_;
    filled_ = entry;
    if (n.else_case) stmt(n.else_case);
    for (const Filled* side : {&then_state, static_cast<const Filled*>(&filled_)})
      for (auto& [cb, st] : *side)
        if (!tracked_.count(cb) && count(then_state, cb) != count(filled_, cb))
          fail(sp, "if", cb, "the two paths leave " + std::to_string(count(then_state, cb)) + " and " +
                                 std::to_string(count(filled_, cb)) + " version(s)");
    filled_ = meet(then_state, filled_);
  }

  void stmt(const Stmt& s) {
    if (auto* n = s->as<SeqStmtNode>()) {
      for (auto& st : n->seq) stmt(st);
    } else if (auto* n = s->as<ForNode>()) {
      loop(*n, s->span);
    } else if (auto* n = s->as<IfThenElseNode>()) {
      branches(*n, s->span);
    } else if (auto* n = s->as<LetStmtNode>()) {
      stmt(n->body);
    } else if (auto* c = tt_op(s)) {
      op(*c, s->span);
    }
  }

  // Reads wait for the oldest version; consuming writes and drains (the writer, a tilize, tt.pop) pop it, a
  // tt.pop without its wait flag only after an op waited for it; writes push a version.
  void op(const ExternCallNode& c, const Span& sp) {
    const TileOpCbs u = tile_op_cbs(c);
    for (int64_t cb : u.reads) {
      if (count(filled_, cb) < 1) fail(sp, c.name, cb, "it waits for a version that nothing pushed");
      filled_[cb].waited = true;
    }
    const bool unwaited_pop = c.name == "tt.pop" && (c.args.size() < 3 || const_arg(c, 2) == 0);
    for (const auto* popped : {&u.consumes, &u.drains})
      for (int64_t cb : *popped) {
        CBState& st = filled_[cb];
        if (c.name == "tt.pop" && if_held(c)) {  // pops one version if the consumer holds one
          st.versions = std::max<int64_t>(st.versions - 1, 0), st.least = std::max<int64_t>(st.least - 1, 0);
          st.waited = false;
          continue;
        }
        if (st.versions < 1) fail(sp, c.name, cb, "it pops a version that nothing pushed");
        if (unwaited_pop && !st.waited) fail(sp, c.name, cb, "it pops without waiting a version no op waited for");
        --st.versions, st.waited = false, st.least = std::max<int64_t>(st.least - 1, 0);
      }
    for (int64_t cb : u.writes) {
      auto it = cbs_.find(cb);
      TL_ASSERT(it != cbs_.end() && it->second.tiles > 0, c.name << " names CB " << cb << ", which tt.cbs lacks");
      const int64_t depth = it->second.depth / it->second.tiles;
      ++filled_[cb].least;
      if (++filled_[cb].versions > depth)
        fail(sp, c.name, cb, "it pushes a version while the CB's " + std::to_string(depth) +
                                 " version(s) of room are taken by versions nothing popped yet");
    }
  }

  static int64_t count(const Filled& f, int64_t cb) {
    auto it = f.find(cb);
    return it == f.end() ? 0 : it->second.versions;
  }
  static int64_t least(const Filled& f, int64_t cb) {
    auto it = f.find(cb);
    return it == f.end() ? 0 : it->second.least;
  }
  static std::string range(const Filled& f, int64_t cb) {
    const int64_t lo = least(f, cb), hi = count(f, cb);
    return lo == hi ? std::to_string(hi) : std::to_string(lo) + "–" + std::to_string(hi);
  }
  static bool if_held(const ExternCallNode& c) { return c.args.size() > 3 && const_arg(c, 3) != 0; }

  [[noreturn]] void fail(const Span& sp, const std::string& what, int64_t cb, const std::string& why) const {
    auto it = cbs_.find(cb);
    std::ostringstream os;
    os << "the generated program would hang: " << what << " at " << sp.file << ":" << sp.line << ":" << sp.col
       << ", CB " << cb;
    if (it != cbs_.end() && !it->second.buffer.empty()) os << " (buffer " << it->second.buffer << ")";
    os << ": " << why;
    throw InternalError(os.str());
  }

  struct Loop {
    const ForNode* loop;
    bool first;  // running the body as the loop's first iteration
  };
  const KernelNode& kernel_;
  std::map<int64_t, CBInfo> cbs_;
  std::set<int64_t> tracked_;  // CBs popped with tt.pop's if_held form
  Filled filled_;
  std::vector<Loop> loops_;
};

}  // namespace

void verify_tt_cb_balance(const PrimFunc& f) {
  struct Walk : IRVisitor {
    void visit_Kernel(const KernelNode& n, const Stmt& s) override {
      TL_ASSERT(n.attrs.count("tt.cbs"), "verify_tt_cb_balance before tensorize_tt");
      Balance(n).run();
    }
  } walk;
  walk.visit(f->body);
}

}  // namespace tl::tt
