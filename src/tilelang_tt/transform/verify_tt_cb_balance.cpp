// verify_tt_cb_balance (see the header for the contract).
#include "tilelang_tt/transform/verify_tt_cb_balance.h"

#include <map>
#include <sstream>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

using Filled = std::map<int64_t, int64_t>;  // CB → versions pushed and not yet popped

class Balance {
 public:
  explicit Balance(const KernelNode& k) : kernel_(k) {
    for (const CBInfo& cb : decode_cbs(k.attrs.at("tt.cbs"))) cbs_[cb.index] = cb;
  }

  void run() {
    stmt(kernel_.body);
    for (auto& [cb, n] : filled_)
      if (n != 0) fail(kernel_.span, "T.Kernel", cb, "the kernel ends with " + std::to_string(n) + " version(s) unpopped");
  }

 private:
  void stmt(const Stmt& s) {
    if (auto* n = s->as<SeqStmtNode>()) {
      for (auto& st : n->seq) stmt(st);
    } else if (auto* n = s->as<ForNode>()) {
      const Filled entry = filled_;
      loops_.push_back({n, false});
      stmt(n->body);
      for (auto& [cb, k] : filled_)
        if (k != get(entry, cb))
          fail(s->span, "loop", cb, "one iteration changes its versions from " + std::to_string(get(entry, cb)) +
                                        " to " + std::to_string(k));
      filled_ = entry;
      loops_.back().last = true;
      stmt(n->body);
      loops_.pop_back();
    } else if (auto* n = s->as<IfThenElseNode>()) {
      for (auto it = loops_.rbegin(); it != loops_.rend(); ++it)
        if (is_not_last_iteration(n->cond, *it->loop)) {
          if (!it->last) stmt(n->then_case);
          else if (n->else_case) stmt(n->else_case);
          return;
        }
      const Filled entry = filled_;
      stmt(n->then_case);
      const Filled then_state = filled_;
      filled_ = entry;
      if (n->else_case) stmt(n->else_case);
      for (auto& [cb, k] : then_state)
        if (k != get(filled_, cb))
          fail(s->span, "if", cb, "the two paths leave " + std::to_string(k) + " and " +
                                      std::to_string(get(filled_, cb)) + " version(s)");
      for (auto& [cb, k] : filled_)
        if (k != get(then_state, cb))
          fail(s->span, "if", cb, "the two paths leave " + std::to_string(get(then_state, cb)) + " and " +
                                      std::to_string(k) + " version(s)");
    } else if (auto* n = s->as<LetStmtNode>()) {
      stmt(n->body);
    } else if (auto* c = tt_op(s)) {
      op(*c, s->span);
    }
  }

  void op(const ExternCallNode& c, const Span& sp) {
    const TileOpCbs u = tile_op_cbs(c);
    for (int64_t cb : u.reads)
      if (get(filled_, cb) < 1) fail(sp, c.name, cb, "it waits for a version that nothing pushed");
    for (const auto* popped : {&u.consumes, &u.pops})
      for (int64_t cb : *popped) {
        if (get(filled_, cb) < 1) fail(sp, c.name, cb, "it pops a version that nothing pushed");
        --filled_[cb];
      }
    for (int64_t cb : u.writes) {
      auto it = cbs_.find(cb);
      TL_ASSERT(it != cbs_.end() && it->second.tiles > 0, c.name << " names CB " << cb << ", which tt.cbs lacks");
      const int64_t depth = it->second.depth / it->second.tiles;
      if (++filled_[cb] > depth)
        fail(sp, c.name, cb, "it pushes a version while the CB's " + std::to_string(depth) +
                                 " version(s) of room are taken by versions nothing popped yet");
    }
  }

  static int64_t get(const Filled& f, int64_t cb) {
    auto it = f.find(cb);
    return it == f.end() ? 0 : it->second;
  }

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
    bool last;  // running the body as the loop's last iteration
  };
  const KernelNode& kernel_;
  std::map<int64_t, CBInfo> cbs_;
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
