// plan_tt_multicast (see the header for the contract). An analysis finds which blocks each read depends on
// (bx, by, or the core) and whether it sits under block-dependent control flow; if the Kernel qualifies, the
// persistent loop's block decode is rewritten for the 2-D sub-grid placement and the reads are tagged.
#include "tilelang_tt/transform/plan_tt_multicast.h"

#include <algorithm>
#include <map>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

enum : unsigned { kX = 1, kY = 2, kCore = 4, kZ = 8 };

// Dependences of the scalars in a persistent kernel body on bx, by and the core.
class Deps : public IRVisitor {
 public:
  Deps(const VarNode* bx, const VarNode* by, const VarNode* bz) {
    dep_[bx] = kX;
    dep_[by] = kY;
    if (bz) dep_[bz] = kZ;  // a 3-D grid's bz is constant on a layer of cores
  }

  void bind(const VarNode* v, unsigned m) { dep_[v] = m; }

  unsigned mask(const Expr& e) {
    struct M : IRVisitor {
      Deps* d;
      unsigned m = 0;
      void visit_Var(const VarNode& v, const Expr&) override {
        auto it = d->dep_.find(&v);
        m |= it == d->dep_.end() ? kCore : it->second;  // unknown: assume it varies per core
      }
      void visit_ExternCall(const ExternCallNode& c, const Expr& e) override {
        // per block: the block list of a balanced schedule, control data
        if (c.name == "tt.block_start" || c.name == "tt.block_list" || c.name == "tt.read_element") m |= kCore;
        IRVisitor::visit_ExternCall(c, e);
      }
      void visit_BufferLoad(const BufferLoadNode& l, const Expr& e) override {  // a scalar of the scalar code
        auto it = d->scalar_dep_.find(l.buffer.get());
        if (it != d->scalar_dep_.end()) m |= it->second;
        IRVisitor::visit_BufferLoad(l, e);
      }
    } w;
    w.d = this;
    w.visit(e);
    return w.m;
  }

  void visit_For(const ForNode& n, const Stmt&) override {
    unsigned m = mask(n.min) | mask(n.extent);
    dep_[n.var.get()] = m;
    ctrl_.push_back(m);
    visit(n.body);
    ctrl_.pop_back();
  }
  void visit_IfThenElse(const IfThenElseNode& n, const Stmt&) override {
    ctrl_.push_back(mask(n.cond));
    visit(n.then_case);
    if (n.else_case) visit(n.else_case);
    ctrl_.pop_back();
  }
  void visit_LetStmt(const LetStmtNode& n, const Stmt&) override {
    dep_[n.var.get()] = mask(n.value);
    visit(n.body);
  }
  // A scalar depends on what any of its stores does (their values and the control flow around them).
  void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
    unsigned m = mask(n.value);
    for (unsigned c : ctrl_) m |= c;
    scalar_dep_[n.buffer.get()] |= m;
  }

  // Visits body until the scalars' dependences are known (a store later in a loop can change an earlier read).
  void run(const Stmt& body) {
    for (std::map<const BufferNode*, unsigned> before; ; before = scalar_dep_) {
      lockstep = true, axis.clear(), read_cb.clear();
      visit(body);
      if (scalar_dep_ == before) return;
    }
  }
  void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
    auto* c = tt_op(s);
    if (!c) return;
    if (c->name != "tt.read_tiles") return;
    unsigned ctrl = 0;
    for (unsigned m : ctrl_) ctrl |= m;
    if (ctrl) lockstep = false;
    if (c->args.size() > 8) return;  // one element in every element of its tiles: each core reads its own
    unsigned m = (mask(c->args[2]) | mask(c->args[3])) & ~kZ;
    if (m == kY) axis[s.get()] = 1;
    if (m == kX) axis[s.get()] = 2;
    read_cb[s.get()] = const_arg(*c, 1);
  }

  bool lockstep = true;                       // every read under block-independent control flow
  std::map<const StmtNode*, int> axis;        // read → 1 (row operand) or 2 (column operand)
  std::map<const StmtNode*, int64_t> read_cb;

 private:
  std::map<const VarNode*, unsigned> dep_;
  std::map<const BufferNode*, unsigned> scalar_dep_;
  std::vector<unsigned> ctrl_;
};

// Tags the multicast reads; with a padded core grid (sx·Cx > gx or sy·Cy > gy), moves every tensor access of a
// block outside the grid off the tensor, so that it reads zero tiles and writes nothing (see the header).
class Tag : public IRMutator {
 public:
  Tag(const std::map<const StmtNode*, int>& axis, Expr valid_x, Expr valid_y)
      : axis_(axis), valid_x_(std::move(valid_x)), valid_y_(std::move(valid_y)) {}

  Stmt mutate_Evaluate(const EvaluateNode& n, const Stmt& s) override {
    auto* c = tt_op(s);
    if (!c || (!is_tile_read(*c) && !is_tile_write(*c))) return s;
    // tt.read_shifted / tt.write_shifted address elements: off the tensor is 32 times further
    const int64_t off = c->name == "tt.read_shifted" || c->name == "tt.write_shifted" ? 32 * kOffTensor : kOffTensor;
    auto it = axis_.find(s.get());
    const int axis = it == axis_.end() ? 0 : it->second;
    // A row operand's block is the same for the whole core row, so only by can be outside; likewise bx for a
    // column operand; any other access may be either.
    Expr valid = axis == 1 ? valid_y_ : axis == 2 ? valid_x_ : both();
    if (!valid && !axis) return s;
    std::vector<Expr> args = c->args;
    if (valid) args[2] = make_select(valid, args[2], make_int(off));
    if (axis) args.push_back(make_int(axis));
    return make_evaluate(make_extern(c->name, c->dtype, args), s->span);
  }

 private:
  static constexpr int64_t kOffTensor = 1 << 24;  // a tile row beyond every tensor
  Expr both() const {
    if (valid_x_ && valid_y_) return make_binary(BinaryOp::And, valid_x_, valid_y_);
    return valid_x_ ? valid_x_ : valid_y_;
  }
  const std::map<const StmtNode*, int>& axis_;
  Expr valid_x_, valid_y_;  // bx < gx, by < gy when that dimension is padded, else null
};

class Planner : public IRMutator {
 public:
  Planner(std::string mode, bool user_cores, const DeviceParams& dev)
      : mode_(std::move(mode)), user_cores_(user_cores), dev_(dev) {}

  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    std::string why;
    Stmt out = plan(n, why);
    if (!out && mode_ == "multicast")
      throw UserError("annotate_tt_schedule", "reuse='multicast' cannot be applied to this kernel: " + why, n.span);
    return out ? out : s;
  }

 private:
  Stmt plan(const KernelNode& n, std::string& why) {
    if (mode_ == "none") return nullptr;
    if (n.attrs.at("tt.policy") == "balanced") return why = "its blocks are dealt to cores by cost", nullptr;
    const std::vector<int64_t> grid = parse_ints(n.attrs.at("tt.grid"));
    if (grid.size() != 2 && grid.size() != 3) return why = "its grid is not 2-D or 3-D", nullptr;
    // The persistent loop, among the once-per-kernel ops tensorize_tt may put around it (the reductions' scaler
    // before it, its pop after it), which stay where they are.
    std::vector<Stmt> before, after;
    auto* loop = n.body->as<ForNode>();
    if (auto* seq = n.body->as<SeqStmtNode>())
      for (auto& st : seq->seq) {
        if (!loop && st->as<ForNode>()) loop = st->as<ForNode>();
        else (loop ? after : before).push_back(st);
      }
    // A tracked CB's last version popped after the loop (tt.pop's if_held form, tt_pop_insertion.h): its reads are
    // conditional, and a version kept across blocks cannot be shared by a multicast.
    for (const Stmt& st : after)
      if (auto* c = tt_op(st); c && c->name == "tt.pop" && c->args.size() > 3 && const_arg(*c, 3) != 0)
        return why = "it keeps a circular buffer's version across blocks", nullptr;
    auto* let_block = loop ? loop->body->as<LetStmtNode>() : nullptr;
    auto* let_x = let_block ? let_block->body->as<LetStmtNode>() : nullptr;
    auto* let_y = let_x ? let_x->body->as<LetStmtNode>() : nullptr;
    auto* let_z = grid.size() == 3 && let_y ? let_y->body->as<LetStmtNode>() : nullptr;
    TL_ASSERT(let_y && (grid.size() == 2 || let_z), "plan_tt_multicast expects the persistent loop of grid_to_persistent_loop");
    const LetStmtNode* innermost = let_z ? let_z : let_y;

    Deps deps(let_x->var.get(), let_y->var.get(), let_z ? let_z->var.get() : nullptr);
    deps.bind(loop->var.get(), 0);  // every core runs the same count of blocks
    deps.bind(let_block->var.get(), kCore);
    deps.run(innermost->body);
    if (!deps.lockstep) return why = "a read from a global tensor is under control flow that depends on the block", nullptr;
    std::map<const StmtNode*, int> axis;
    const auto vector_cbs = vector_leaf_cbs(innermost->body);  // the reader may broadcast these: not multicast
    for (auto& [read, a] : deps.axis)
      if (!vector_cbs.count(deps.read_cb.at(read))) axis[read] = a;
    if (axis.empty())
      return why = "no global read depends on only by (like GEMM's A block) or only on bx (like B's)", nullptr;

    const int64_t gx = grid[0], gy = grid[1], gz = grid.size() == 3 ? grid[2] : 1;
    // The fewest blocks per core along each axis, on the fewest cores that achieve it.
    const int64_t sx = (gx + dev_.grid_x - 1) / dev_.grid_x, sy = (gy + dev_.grid_y - 1) / dev_.grid_y;
    const int64_t cx = (gx + sx - 1) / sx, cy = (gy + sy - 1) / sy;
    // Layers (3-D grids): bz's cx × cy core grid is the lz-th of lx side by side, ly rows of them.
    const int64_t lx = std::min<int64_t>(gz, dev_.grid_x / cx), ly = (gz + lx - 1) / lx;
    if (ly * cy > dev_.grid_y) return why = "the layers of its 3-D grid do not fit the core grid", nullptr;
    const int64_t blocks = gx * gy * gz, cores = int64_t(dev_.grid_x) * dev_.grid_y;
    // "auto": never more blocks on a core than on the plain schedule's busiest core.
    if (mode_ == "auto" && (user_cores_ || cx * cy == 1 || sx * sy > (blocks + cores - 1) / cores))
      return why = "the grid does not fit the core grid", nullptr;

    // bx = start mod gx + tt_i mod sx, by = start div gx + tt_i div sx (see the header).
    Span sp = loop->span;
    Expr start = make_extern("tt.block_start", DType::Int32, {});
    Expr first = let_block->var, i = loop->var;  // tt_block = start: the first block of the core
    Expr bx = make_binary(BinaryOp::FloorMod, first, make_int(gx));
    if (sx > 1) bx = make_binary(BinaryOp::Add, bx, make_binary(BinaryOp::FloorMod, i, make_int(sx)));
    Expr row = make_binary(BinaryOp::FloorDiv, first, make_int(gx));
    if (let_z) row = make_binary(BinaryOp::FloorMod, row, make_int(gy));
    Expr by = make_binary(BinaryOp::Add, row, sx == 1 ? i : make_binary(BinaryOp::FloorDiv, i, make_int(sx)));
    Expr valid_x = cx * sx > gx ? make_binary(BinaryOp::LT, let_x->var, make_int(gx)) : Expr();
    Expr valid_y = cy * sy > gy ? make_binary(BinaryOp::LT, let_y->var, make_int(gy)) : Expr();
    Stmt body = Tag(axis, valid_x, valid_y).mutate(innermost->body);
    if (let_z) body = make_let(let_z->var, make_binary(BinaryOp::FloorDiv, first, make_int(gx * gy)), body, let_z->span);
    body = make_let(let_y->var, by, body, let_y->span);
    body = make_let(let_x->var, bx, body, let_x->span);
    body = make_let(let_block->var, start, body, let_block->span);
    body = make_for(loop->var, loop->min, loop->extent, loop->for_kind, body, sp);
    before.push_back(body);
    before.insert(before.end(), after.begin(), after.end());
    body = make_seq(before, n.span);

    auto attrs = n.attrs;
    attrs["tt.policy"] = "multicast";
    attrs["tt.cores"] = std::to_string(lx * cx * ly * cy);
    attrs["tt.mcast"] = std::to_string(cx) + "," + std::to_string(cy) + "," + std::to_string(sx) + "," +
                        std::to_string(sy);
    if (let_z) attrs["tt.mcast"] += "," + std::to_string(lx) + "," + std::to_string(gz);
    return make_kernel({make_int(lx * cx * ly * cy)}, n.block_vars, n.threads, n.allocs, attrs, body, n.span);
  }

  std::string mode_;
  bool user_cores_;
  const DeviceParams& dev_;
};

}  // namespace

PrimFunc plan_tt_multicast(const PrimFunc& f, const DeviceParams& dev) {
  auto mode = f->attrs.find("tt.schedule.reuse");
  Planner p(mode == f->attrs.end() ? "auto" : mode->second, f->attrs.count("tt.schedule.cores") > 0, dev);
  return p.mutate_func(f);
}

}  // namespace tl::tt
