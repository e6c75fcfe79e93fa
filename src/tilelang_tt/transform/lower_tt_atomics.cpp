// lower_tt_atomics (see the header for the contract).
#include "tilelang_tt/transform/lower_tt_atomics.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_affine.h"
#include "tilelang_tt/transform/tt_atomic_blocks.h"
#include "tilelang_tt/transform/tt_atomic_lanes.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// The first buffer (other than a scalar's) read by e, through let bindings; null for none.
const BufferNode* data_read(const Expr& e, const Lets& lets) {
  struct Loads : IRVisitor {
    const Lets* lets;
    const BufferNode* b = nullptr;
    void visit_Var(const VarNode& n, const Expr&) override {
      if (auto it = lets->find(&n); it != lets->end()) visit(it->second);
    }
    void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
      if (!is_scalar_buffer(n.buffer)) b = b ? b : n.buffer.get();
      IRVisitor::visit_BufferLoad(n, e);
    }
  } l;
  l.lets = &lets;
  l.visit(e);
  return l.b;
}

// An atomic with the loops around it inside its kernel, outermost first.
struct Site {
  const AtomicNode* node;
  std::vector<const ForNode*> loops;
};

struct KernelSites : IRVisitor {
  std::vector<Site> sites;
  Lets lets;
  std::map<const VarNode*, int64_t> extent;  // loop and grid indices with constant extents
  std::set<const BufferNode*> other_uses;     // global buffers accessed by something other than an atomic
  mutable Terms terms;                        // the x // c, x % c terms of destination indices
  std::optional<Linear> affine(const Expr& e) const { return linear(e, lets, &terms); }
  // The number of values of an index or term (none when not a constant).
  std::optional<int64_t> range(const VarNode* v) const {
    if (auto t = terms.of.find(v); t != terms.of.end()) {
      auto x = range(t->second.x);
      if (!x) return std::nullopt;
      return t->second.mod ? std::min(*x, t->second.c) : (*x + t->second.c - 1) / t->second.c;
    }
    auto it = extent.find(v);
    return it == extent.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }
  const VarNode* base(const VarNode* v) const {  // the index a term is of (v itself for an index)
    auto t = terms.of.find(v);
    return t == terms.of.end() ? v : t->second.x;
  }
  std::vector<const ForNode*> loops;
  void visit_For(const ForNode& n, const Stmt& s) override {
    if (auto e = as_const_int(n.extent)) extent[n.var.get()] = *e;
    loops.push_back(&n);
    IRVisitor::visit_For(n, s);
    loops.pop_back();
  }
  void visit_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    lets[n.var.get()] = n.value;
    IRVisitor::visit_LetStmt(n, s);
  }
  void visit_Atomic(const AtomicNode& n, const Stmt& s) override {
    sites.push_back({&n, loops});
    IRVisitor::visit_Atomic(n, s);
  }
  void visit_BufferLoad(const BufferLoadNode& n, const Expr& e) override {
    other_uses.insert(n.buffer.get());
    IRVisitor::visit_BufferLoad(n, e);
  }
  void visit_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    other_uses.insert(n.buffer.get());
    IRVisitor::visit_BufferStore(n, s);
  }
  void visit_region(const BufferRegion& r) override {
    other_uses.insert(r.buffer.get());
    IRVisitor::visit_region(r);
  }
};

std::string op_text(AtomicOp op) { return std::string("T.") + atomic_op_name(op); }

class AtomicLowering : public IRMutator {
 public:
  AtomicLowering(const PrimFunc& f, int64_t cores, std::string strategy)
      : workspaces_(f->workspaces), cores_(cores), strategy_(std::move(strategy)), names_(buffer_names(f)) {}
  std::vector<Buffer> workspaces_;

  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    // Lanes of a nest that collide are folded inside the block first (tt_atomic_lanes.h).
    if (Stmt r = reduce_atomic_lanes(n, s, [this](const std::string& b) { return unique(b); }); r != s)
      return mutate(r);
    KernelSites k;
    for (size_t d = 0; d < n.grid.size(); ++d)
      if (auto e = as_const_int(n.grid[d])) k.extent[n.block_vars[d].get()] = *e;
    k.visit(n.body);
    if (k.sites.empty()) return s;
    // The buffers a tile lock serializes: updated at several sites, or by a loop whose index does not own the
    // destination, or all of them when the strategy is forced to "lock". Their colliding grid indices become a
    // serial loop around the body (one block runs what those blocks ran), so that every collision on them is a
    // block's own succession of read-modify-writes, which the lock orders.
    std::map<const BufferNode*, int> sites_of;
    for (auto& site : k.sites) ++sites_of[site.node->buffer.get()];
    std::set<size_t> folded;
    for (auto& site : k.sites) {
      const AtomicNode& a = *site.node;
      check_site(k, site);
      if (a.buffer->scope != Scope::Global) continue;
      const bool lock = strategy_ == "lock" ||
                        (strategy_ == "auto" && (sites_of[a.buffer.get()] > 1 || loop_collides(k, site)));
      if (!lock) continue;
      locked_.insert(a.buffer.get());
      for (size_t d : colliding_grid(n, k, a)) folded.insert(d);
    }
    if (!folded.empty()) return mutate(fold_grid(n, folded));
    auto attrs = n.attrs;
    std::vector<Stmt> before, after;
    replace_.clear();
    std::string locked;
    for (auto& site : k.sites) {
      const AtomicNode& a = *site.node;
      if (locked_.count(a.buffer.get())) {
        replace_[&a] = make_store(a.buffer, a.indices, fold(a.op, make_load(a.buffer, a.indices), a.value), a.span);
        if (attrs.count("tt.atomic." + a.buffer->name)) continue;
        attrs["tt.atomic." + a.buffer->name] =
            "lock: " + std::to_string(sites_of[a.buffer.get()]) + " site(s); each block's read-modify-writes of " +
            a.buffer->name + " are ordered by a semaphore in its core's L1 (the writer increments it once a write "
            "has landed, the reader waits for it before the next read), colliding blocks run on one core";
        locked += (locked.empty() ? "" : ",") + a.buffer->name;
        continue;
      }
      plan_site(n, k, site, sites_of[a.buffer.get()], attrs, before, after);
    }
    if (!locked.empty()) attrs["tt.atomic_lock"] = locked;
    Stmt body = mutate(n.body);
    std::vector<Stmt> seq = before;
    seq.push_back(make_kernel(n.grid, n.block_vars, n.threads, n.allocs, attrs, body, n.span));
    seq.insert(seq.end(), after.begin(), after.end());
    return make_seq(seq, n.span);
  }

  Stmt mutate_Atomic(const AtomicNode& n, const Stmt& s) override {
    auto it = replace_.find(&n);
    TL_ASSERT(it != replace_.end(), "atomic without a strategy");
    return it->second;
  }

 private:
  // Whether index var x owns the destination index idx: one dimension is c·x + rest with the indices of `varying`
  // in rest spanning < |c| (x's terms x // c and x % c count as indices of their own: both owning it is x owning
  // it), or x takes one value.
  static bool owns(const VarNode* x, const std::vector<Expr>& idx, const KernelSites& k,
                   const std::set<const VarNode*>& varying) {
    if (k.range(x) == 1) return true;
    auto owns_dim = [&](const VarNode* t) {
      for (auto& e : idx) {
        auto l = k.affine(e);
        if (!l || !l->coeff.count(t) || l->coeff.at(t) == 0) continue;
        int64_t span = 0;
        bool bounded = true;
        for (auto& [v, c] : l->coeff) {
          if (v == t || !varying.count(k.base(v))) continue;
          if (auto ext = k.range(v)) span += std::abs(c) * (*ext - 1);
          else bounded = false;
        }
        if (bounded && span < std::abs(l->coeff.at(t))) return true;
      }
      return false;
    };
    if (owns_dim(x)) return true;
    for (auto& [key, div] : k.terms.made)
      if (std::get<0>(key) == x && !std::get<1>(key))
        if (auto mod = k.terms.made.find({x, true, std::get<2>(key)}); mod != k.terms.made.end())
          if (owns_dim(div.get()) && owns_dim(mod->second.get())) return true;
    return false;
  }

  // The refusals every site gets, whatever its strategy.
  void check_site(const KernelSites& k, const Site& site) {
    const AtomicNode& a = *site.node;
    const Buffer& B = a.buffer;
    const std::string op = op_text(a.op);
    if (B->dtype != DType::Float32 && B->dtype != DType::BFloat16 && B->dtype != DType::Float16 &&
        B->dtype != DType::Int32)
      throw UserError(op, std::string("an atomic update of ") + B->name + " (" + dtype_name(B->dtype) +
                              ") is not supported on tenstorrent yet: expected a float32, bfloat16, float16 or int32 "
                              "destination", a.span);
    if (k.other_uses.count(B.get()))
      throw UserError(op, B->name + " is updated atomically and also read or written otherwise in the same T.Kernel; "
                              "on tenstorrent the atomic updates are combined after the kernel, so that is not "
                              "supported yet: move the other accesses to another T.Kernel", a.span);
    if (a.op == AtomicOp::Or)
      throw UserError(op_text(a.op), "T.atomic_or is not supported on tenstorrent yet: its partial results would "
                                     "need an integer OR combine kernel, which the atomic lowering does not have "
                                     "(T.atomic_max of 0/1 flags is supported)", a.span);
    if (a.prev)
      throw UserError(op_text(a.op), "return_prev=True is not supported on tenstorrent yet: the old value exists "
                                     "only once the partial updates are combined", a.span);
    for (auto& i : a.indices)
      if (const BufferNode* r = data_read(i, k.lets))
        throw UserError(op_text(a.op), "the destination index reads " + r->name + " at run time (a data-dependent "
                                       "collision); on tenstorrent that needs a tile lock (a semaphore around a "
                                       "read-modify-write of the destination tile), which is not supported yet",
                        a.span);
    std::set<const VarNode*> nest;
    for (auto* l : site.loops)
      if (l->for_kind == ForKind::Parallel) nest.insert(l->var.get());
    if (nest.empty())
      throw UserError(op_text(a.op), "an atomic outside a T.Parallel nest is not supported on tenstorrent yet: "
                                     "update whole blocks, e.g. for i, j in T.Parallel(bM, bN): " +
                                         std::string(atomic_op_name(a.op)) + "(C[..i.., ..j..], acc[i, j])",
                      a.span);
    for (auto* v : nest)
      if (!owns(v, a.indices, k, nest))
        throw UserError(op_text(a.op), "several iterations of the T.Parallel nest (index " + v->name + ") update "
                                       "one element of " + B->name + "; on tenstorrent such a collision needs a "
                                       "tile lock (a semaphore around a read-modify-write of the destination "
                                       "tile), which is not supported yet: reduce within the block first "
                                       "(T.reduce_sum) and update each element once", a.span);
  }

  // Whether iterations of a serial loop around the site update the same element (a loop index that does not own
  // the destination).
  bool loop_collides(const KernelSites& k, const Site& site) const {
    std::set<const VarNode*> loops;
    for (auto* l : site.loops)
      if (l->for_kind != ForKind::Parallel) loops.insert(l->var.get());
    for (auto* l : site.loops)
      if (l->for_kind != ForKind::Parallel && !owns(l->var.get(), site.node->indices, k, loops)) return true;
    return false;
  }

  // The grid dimensions whose indices do not own the destination (none for a buffer of the block's own).
  std::vector<size_t> colliding_grid(const KernelNode& n, const KernelSites& k, const AtomicNode& a) const {
    std::set<const VarNode*> all;
    for (auto& [v, e] : k.extent) all.insert(v);
    for (auto& v : n.block_vars) all.insert(v.get());
    std::vector<size_t> colliding;
    for (size_t d = 0; d < n.block_vars.size() && a.buffer->scope == Scope::Global; ++d)
      if (!owns(n.block_vars[d].get(), a.indices, k, all)) colliding.push_back(d);
    return colliding;
  }

  // The kernel with the grid dimensions `fold` made serial loops around its body (the slowest outermost): one block
  // runs, in order, what the blocks along them ran.
  static Stmt fold_grid(const KernelNode& n, const std::set<size_t>& fold) {
    std::vector<Expr> grid;
    std::vector<VarRef> vars;
    Stmt body = n.body;
    for (size_t d = 0; d < n.grid.size(); ++d)
      if (fold.count(d)) body = make_for(n.block_vars[d], make_int(0), n.grid[d], ForKind::Serial, body, n.span);
      else grid.push_back(n.grid[d]), vars.push_back(n.block_vars[d]);
    if (grid.empty()) grid.push_back(make_int(1)), vars.push_back(make_var("tt_block"));
    return make_kernel(grid, vars, n.threads, n.allocs, n.attrs, body, n.span);
  }

  void plan_site(const KernelNode& n, const KernelSites& k, const Site& site, int sites,
                 std::map<std::string, std::string>& attrs, std::vector<Stmt>& before, std::vector<Stmt>& after) {
    const AtomicNode& a = *site.node;
    const Buffer& B = a.buffer;
    const std::string op = op_text(a.op);
    // (A buffer the kernel allocates is its block's own: its updates are in the compute kernel's program order.)
    if (sites > 1 && B->scope == Scope::Global)
      throw UserError(op, B->name + " is updated atomically at several places of one T.Kernel, which the partials "
                      "strategy (pass config tt.atomic_strategy) does not order: a block's second update would have "
                      "to read back its first; use the lock strategy or accumulate in a fragment and update once",
                      a.span);
    if (B->scope == Scope::Global && loop_collides(k, site))
      throw UserError(op, "iterations of a serial loop update the same element of " + B->name + ", which the "
                      "partials strategy (pass config tt.atomic_strategy) does not order: use the lock strategy or "
                      "accumulate in a fragment over the loop and update once after it", a.span);
    std::vector<size_t> colliding = colliding_grid(n, k, a);
    if (colliding.empty()) {
      replace_[&a] = make_store(B, a.indices, fold(a.op, make_load(B, a.indices), a.value), a.span);
      attrs["tt.atomic." + B->name] = "owner: each element has one writer block, which updates it in place (" + op +
                                      " as a read-modify-write)";
      return;
    }
    // The dimension the nest's rows run along (its outer index's; rank ≥ 3), the workspace's tiled one with the last.
    const size_t rank = B->shape.size();
    size_t r = rank >= 3 ? rank - 2 : 0;
    const ForNode* outer = nullptr;
    for (auto* l : site.loops)
      if (!outer && l->for_kind == ForKind::Parallel) outer = l;
    for (size_t d = 0; rank >= 3 && d + 1 < rank; ++d)
      if (auto l = k.affine(a.indices[d]); l && l->coeff.count(outer->var.get()) && l->coeff.at(outer->var.get())) {
        r = d;
        break;
      }
    lower_to_partials(n, k, a, colliding, r, attrs, before, after);
  }

  std::string unique(const std::string& base) {
    std::string name = base;
    for (int i = 1; names_.count(name); ++i) name = base + "_" + std::to_string(i);
    names_.insert(name);
    return name;
  }

  void lower_to_partials(const KernelNode& n, const KernelSites& k, const AtomicNode& a,
                         const std::vector<size_t>& colliding, size_t r,
                         std::map<std::string, std::string>& attrs, std::vector<Stmt>& before,
                         std::vector<Stmt>& after);

  int64_t cores_;  // of the device: the combine's blocks are made small enough to use them
  std::string strategy_;  // "" (the compiler's choice), "partials" or "lock" (pass config tt.atomic_strategy)
  std::set<const BufferNode*> locked_;  // the buffers whose sites take the lock
  std::map<const AtomicNode*, Stmt> replace_;
  std::set<std::string> names_;
};

void AtomicLowering::lower_to_partials(const KernelNode& n, const KernelSites& k, const AtomicNode& a,
                                       const std::vector<size_t>& colliding, size_t r,
                                       std::map<std::string, std::string>& attrs, std::vector<Stmt>& before,
                                       std::vector<Stmt>& after) {
  const Buffer& B = a.buffer;
  const AtomicOp op = a.op;
  const Span& sp = a.span;
  for (auto& d : B->shape)  // bind_tt_sizes gave every symbolic dim the call's value
    TL_ASSERT(as_const_int(d), "the destination " << B->name << " has a symbolic shape after bind_tt_sizes");
  // The slice of a block: z1 + ext1·(z2 + ext2·…), over the colliding grid dims.
  int64_t slices = 1;
  Expr slice;
  std::string over;
  for (size_t c = colliding.size(); c-- > 0;) {
    const size_t d = colliding[c];
    auto ext = as_const_int(n.grid[d]);
    if (!ext)
      throw UserError(op_text(op), "the grid extent is not a constant; tenstorrent kernels are specialised to "
                                   "constant grids yet (use T.const)", sp);
    slice = slice ? make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, make_int(*ext)), n.block_vars[d])
                  : Expr(n.block_vars[d]);
    slices *= *ext;
    over = n.block_vars[d]->name + (over.empty() ? "" : ", ") + over;
  }
  const DType wt = B->dtype == DType::Int32 ? DType::Int32 : DType::Float32;
  // A slice's rows: B's, and those a block updates past B's end (dropped for B, junk in the slice that the combine
  // never adds into B), so that no slice writes into the next one.
  auto l = k.affine(a.indices[0]);
  if (!l)
    throw UserError(op_text(op), "the destination's row index " + print_expr(a.indices[0]) + " is not affine in the "
                                 "block and loop indices; on tenstorrent a workspace of partials needs its rows "
                                 "bounded", sp);
  int64_t hi = l->c;
  for (auto& [v, c] : l->coeff) {
    auto ext = k.range(v);
    if (!ext)
      throw UserError(op_text(op), "the destination's row index depends on " + v->name + ", whose range is not a "
                                   "constant; on tenstorrent a workspace of partials needs its rows bounded", sp);
    hi += std::max<int64_t>(0, c * (*ext - 1));
  }
  const int64_t rows = std::max(*as_const_int(B->shape[0]), hi + 1);
  const BlockGrid g = block_grid(B, r, 1, rows, cores_);
  std::vector<Expr> wshape = B->shape;
  wshape[0] = make_int(slices * g.W0);
  const Buffer W = make_buffer(unique(B->name + "_partials"), wt, wshape, Scope::Global, sp);
  workspaces_.push_back(W);

  {
    // The row in the slice, with the slice's offset added to the block offset: (s·W0 + offset) + i.
    Expr row = make_binary(BinaryOp::Mul, slice, make_int(g.W0));
    auto* add = a.indices[0]->as<BinaryNode>();
    row = add && add->op == BinaryOp::Add
              ? make_binary(BinaryOp::Add, make_binary(BinaryOp::Add, row, add->a), add->b)
              : make_binary(BinaryOp::Add, row, a.indices[0]);
    std::vector<Expr> idx = a.indices;
    idx[0] = row;
    Expr v = a.value;  // the value before its rounding to B's dtype
    if (auto* c = v->as<CastNode>(); c && dtype_is_float(c->dtype) && dtype_is_float(c->value->dtype)) v = c->value;
    v = make_cast(wt, v);
    replace_[&a] = make_store(W, idx, v, a.span);
  }
  const std::string name = atomic_op_name(op);
  attrs["tt.atomic." + B->name] =
      "partials: the grid indices (" + over + ") collide; each of their " + std::to_string(slices) +
      " values writes its own slice of the workspace " + W->name +
      ", the combine T.Kernel after this one folds them into " + B->name;

  // The combine kernel: B = op(…op(op(B, W[0]), W[1])…, W[S-1]) in W's dtype, block by block.
  {
    const std::vector<Expr> block = g.block();
    const Buffer acc = make_buffer(unique(B->name + "_combined"), wt, block, Scope::Fragment, sp);
    const Buffer part = make_buffer(unique(W->name + "_block"), wt, block, Scope::Shared, sp);
    VarRef s = make_var("s");
    Stmt loop = make_for(s, make_int(0), make_int(slices), ForKind::Serial,
                         make_seq({make_copy(block_region(W, g, s), make_full_region(part), sp),
                                   fold_blocks(op, acc, part, sp)}, sp), sp);
    Stmt body = make_seq({make_copy(block_region(B, g, nullptr), make_full_region(acc), sp), loop,
                          make_copy(make_full_region(acc), block_region(B, g, nullptr), sp)}, sp);
    std::map<std::string, std::string> cattrs = {
        {"tt.atomic_combine", B->name + " = " + name + " of " + B->name + " and " + W->name + "[s] for s = 0.." +
                                  std::to_string(slices - 1) + " in order, in " + dtype_name(wt)}};
    after.push_back(make_kernel(g.grid, g.vars, n.threads, {acc, part}, cattrs, body, sp));
  }
  if (op == AtomicOp::Add) return;  // the workspace starts zeroed
  // The init kernel: every slice of W = op's identity.
  const BlockGrid gi = block_grid(B, r, slices, rows, cores_);
  const Buffer id = make_buffer(unique(W->name + "_identity"), wt, gi.block(), Scope::Fragment, sp);
  const bool max = op == AtomicOp::Max;
  Expr value = wt == DType::Int32
                   ? make_int(max ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int32_t>::max())
                   : make_float(max ? -INFINITY : INFINITY, wt);
  Stmt body = make_seq({make_fill(make_full_region(id), value, sp),
                        make_copy(make_full_region(id), block_region(W, gi, gi.rest_index(gi.rank)), sp)}, sp);
  std::map<std::string, std::string> iattrs = {{"tt.atomic_init", W->name + " = the identity of " + name}};
  before.push_back(make_kernel(gi.grid, gi.vars, n.threads, {id}, iattrs, body, sp));
}

}  // namespace

bool has_atomics(const PrimFunc& f) {
  struct Find : IRVisitor {
    bool found = false;
    void visit_Atomic(const AtomicNode&, const Stmt&) override { found = true; }
  } find;
  find.visit(f->body);
  return find.found;
}

PrimFunc lower_tt_atomics(const PrimFunc& f, const DeviceParams& dev, const std::string& strategy) {
  AtomicLowering l(f, int64_t{dev.grid_x} * dev.grid_y, strategy);
  Stmt body = l.mutate(f->body);
  if (body == f->body) return f;
  return make_func(f->name, f->params, f->shape_vars, f->attrs, body, f->span, l.workspaces_);
}

}  // namespace tl::tt
