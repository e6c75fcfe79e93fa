// tt_range_fold (see the header for the contract). Ranges are closed integer intervals, int64 with a bound
// treated as unknown once a product or sum leaves ±2^40 (far beyond any int32 index), so nothing overflows.
#include "tilelang_tt/support/numeric.h"
#include "tilelang_tt/transform/tt_range_fold.h"

#include <algorithm>
#include <map>
#include <optional>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/transform/tt_affine.h"

namespace tl::tt {

namespace {

struct Interval {
  int64_t lo, hi;
};
using MaybeInterval = std::optional<Interval>;  // nullopt: unknown
constexpr int64_t kLimit = int64_t(1) << 40;

MaybeInterval bounded(int64_t lo, int64_t hi) {
  if (lo < -kLimit || hi > kLimit) return std::nullopt;
  return Interval{lo, hi};
}

class Folder : public IRMutator {
 public:
  // The range of an integer expression; a bool comparison's is [0, 0], [1, 1] or [0, 1].
  MaybeInterval range(const Expr& e) {
    if (auto* k = e->as<IntImmNode>()) return Interval{k->value, k->value};
    if (auto* v = e->as<VarNode>()) {
      auto it = ranges_.find(v);
      return it == ranges_.end() ? std::nullopt : MaybeInterval(it->second);
    }
    if (auto* c = e->as<CastNode>())
      return dtype_is_float(c->dtype) || dtype_is_float(c->value->dtype) ? std::nullopt : range(c->value);
    if (auto* u = e->as<UnaryNode>(); u && u->op == UnaryOp::Not) {
      auto a = range(u->a);
      return a ? bounded(1 - a->hi, 1 - a->lo) : std::nullopt;
    }
    auto* b = e->as<BinaryNode>();
    if (!b || dtype_is_float(b->a->dtype)) return std::nullopt;
    auto x = range(b->a), y = range(b->b);
    if (b->op == BinaryOp::And && ((x && x->hi == 0) || (y && y->hi == 0))) return Interval{0, 0};
    if (b->op == BinaryOp::Or && ((x && x->lo == 1) || (y && y->lo == 1))) return Interval{1, 1};
    if (!x || !y) return std::nullopt;
    const int64_t c = y->lo == y->hi ? y->lo : 0;  // a constant right operand
    switch (b->op) {
      case BinaryOp::Add: return bounded(x->lo + y->lo, x->hi + y->hi);
      case BinaryOp::Sub: return bounded(x->lo - y->hi, x->hi - y->lo);
      case BinaryOp::Mul: {
        if (std::max({-x->lo, x->hi, -y->lo, y->hi}) > kLimit / 2) return std::nullopt;
        int64_t p[] = {x->lo * y->lo, x->lo * y->hi, x->hi * y->lo, x->hi * y->hi};
        return bounded(*std::min_element(p, p + 4), *std::max_element(p, p + 4));
      }
      case BinaryOp::FloorDiv:
        if (c <= 0) return std::nullopt;
        return Interval{floor_div(x->lo, c), floor_div(x->hi, c)};
      case BinaryOp::FloorMod:
        if (c <= 0) return std::nullopt;
        if (floor_div(x->lo, c) == floor_div(x->hi, c)) return Interval{x->lo - floor_div(x->lo, c) * c, x->hi - floor_div(x->lo, c) * c};
        return Interval{0, c - 1};
      case BinaryOp::Min: return Interval{std::min(x->lo, y->lo), std::min(x->hi, y->hi)};
      case BinaryOp::Max: return Interval{std::max(x->lo, y->lo), std::max(x->hi, y->hi)};
      case BinaryOp::LT: return decide(x->hi < y->lo, x->lo >= y->hi);
      case BinaryOp::LE: return decide(x->hi <= y->lo, x->lo > y->hi);
      case BinaryOp::GT: return decide(x->lo > y->hi, x->hi <= y->lo);
      case BinaryOp::GE: return decide(x->lo >= y->hi, x->hi < y->lo);
      case BinaryOp::EQ: return decide(x->lo == x->hi && y->lo == y->hi && x->lo == y->lo, x->hi < y->lo || y->hi < x->lo);
      case BinaryOp::NE: return decide(x->hi < y->lo || y->hi < x->lo, x->lo == x->hi && y->lo == y->hi && x->lo == y->lo);
      case BinaryOp::And: return Interval{std::min(x->lo, y->lo), std::min(x->hi, y->hi)};
      case BinaryOp::Or: return Interval{std::max(x->lo, y->lo), std::max(x->hi, y->hi)};
      default: return std::nullopt;
    }
  }

  Expr mutate_Select(const SelectNode& n, const Expr& e) override {
    Expr folded = IRMutator::mutate_Select(n, e);
    auto* s = folded->as<SelectNode>();
    // A constant condition is left as written (lower_tt_control_data's row gathers are select(True, …) forms).
    if (!s || s->cond->as<IntImmNode>()) return folded;
    auto r = range(s->cond);
    if (r && r->lo == r->hi && (r->lo == 0 || r->lo == 1)) return r->lo ? s->t : s->f;
    return folded;
  }

  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    auto mn = as_const_int(n.min), ext = as_const_int(n.extent);
    if (mn && ext && *ext > 0) ranges_[n.var.get()] = Interval{*mn, *mn + *ext - 1};
    Stmt out = IRMutator::mutate_For(n, s);
    ranges_.erase(n.var.get());
    if (auto fill = as_fill(out)) return fill;
    if (auto versions = by_outer_condition(out)) return versions;
    return out;
  }

  Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    if (auto r = range(n.value)) ranges_[n.var.get()] = *r;
    Stmt out = IRMutator::mutate_LetStmt(n, s);
    ranges_.erase(n.var.get());
    return out;
  }

  Stmt mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s) override {
    Stmt m = IRMutator::mutate_SeqStmt(n, s);
    auto* seq = m->as<SeqStmtNode>();
    if (!seq) return m;
    std::vector<Stmt> out;
    bool changed = false;
    for (size_t i = 0; i < seq->seq.size(); ++i) {
      auto* fill = seq->seq[i]->as<FillNode>();
      auto* gemm = i + 1 < seq->seq.size() ? seq->seq[i + 1]->as<GemmNode>() : nullptr;
      if (fill && gemm && !gemm->clear_accum && gemm->c.buffer == fill->dst.buffer && is_zero(fill->value) &&
          whole(fill->dst) && whole(gemm->c)) {
        out.push_back(make_gemm(gemm->a, gemm->b, gemm->c, gemm->transpose_a, gemm->transpose_b, true, gemm->span));
        ++i, changed = true;
        continue;
      }
      out.push_back(seq->seq[i]);
    }
    return changed ? make_seq(out, seq->span) : m;
  }

 private:
  static MaybeInterval decide(bool always, bool never) {
    return always ? Interval{1, 1} : never ? Interval{0, 0} : Interval{0, 1};
  }
  static bool is_zero(const Expr& v) {
    auto k = interp::eval_closed(v);
    return k && (dtype_is_float(v->dtype) ? k->f == 0.0 : k->i == 0);
  }
  static bool whole(const BufferRegion& r) {
    if (r.ranges.size() != r.buffer->shape.size()) return false;
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      auto mn = as_const_int(r.ranges[d].min), ext = as_const_int(r.ranges[d].extent);
      auto dim = as_const_int(r.buffer->shape[d]);
      if (!mn || !ext || !dim || *mn != 0 || *ext != *dim) return false;
    }
    return true;
  }

  // A T.Parallel nest storing one closed constant into the whole of a local buffer, as a T.fill (header, 2).
  static Stmt as_fill(const Stmt& s) {
    std::vector<const VarNode*> vars;
    std::vector<int64_t> extents;
    Stmt body = s;
    while (auto* f = body->as<ForNode>()) {
      auto mn = as_const_int(f->min), ext = as_const_int(f->extent);
      if (f->for_kind != ForKind::Parallel || !mn || *mn != 0 || !ext) return nullptr;
      vars.push_back(f->var.get()), extents.push_back(*ext);
      body = f->body;
    }
    auto* st = body->as<BufferStoreNode>();
    if (!st || st->buffer->scope == Scope::Global || st->indices.size() != vars.size() ||
        st->buffer->shape.size() != vars.size() || !interp::eval_closed(st->value))
      return nullptr;
    for (size_t d = 0; d < vars.size(); ++d) {
      auto* v = st->indices[d]->as<VarNode>();
      auto dim = as_const_int(st->buffer->shape[d]);
      if (v != vars[d] || !dim || *dim != extents[d]) return nullptr;
    }
    return make_fill(make_full_region(st->buffer), make_cast(st->buffer->dtype, st->value), s->span);
  }

  // A T.Parallel nest storing select(L cmp R, t, f) (t, f closed constants; cmp one of >= > <= <) into the whole of
  // a local buffer, with L − R affine in the nest's indices and other variables: if (the condition holds for every
  // index) fill t; else if (for none) fill f; else the nest (header, 4).
  static Stmt by_outer_condition(const Stmt& s) {
    std::vector<const ForNode*> loops;
    Stmt body = s;
    while (auto* f = body->as<ForNode>()) {
      auto mn = as_const_int(f->min), ext = as_const_int(f->extent);
      if (f->for_kind != ForKind::Parallel || !mn || *mn != 0 || !ext || *ext <= 0) return nullptr;
      loops.push_back(f);
      body = f->body;
    }
    Lets lets;  // the nest's index arithmetic (upstream's q_idx = bx * block_M + i + past_len)
    while (auto* l = body->as<LetStmtNode>()) lets[l->var.get()] = l->value, body = l->body;
    auto* st = body->as<BufferStoreNode>();
    auto* sel = st ? st->value->as<SelectNode>() : nullptr;
    auto* cmp = sel ? sel->cond->as<BinaryNode>() : nullptr;
    if (!cmp || st->buffer->scope == Scope::Global || !interp::eval_closed(sel->t) || !interp::eval_closed(sel->f) ||
        st->indices.size() != loops.size() || st->buffer->shape.size() != loops.size() ||
        dtype_is_float(cmp->a->dtype) || dtype_is_float(cmp->b->dtype))
      return nullptr;
    for (size_t d = 0; d < loops.size(); ++d) {
      auto dim = as_const_int(st->buffer->shape[d]);
      if (st->indices[d]->as<VarNode>() != loops[d]->var.get() || !dim || *dim != *as_const_int(loops[d]->extent))
        return nullptr;
    }
    // The condition as D >= 0 (or D > 0 when strict), D = L − R or R − L.
    const bool ge = cmp->op == BinaryOp::GE || cmp->op == BinaryOp::GT;
    if (!ge && cmp->op != BinaryOp::LE && cmp->op != BinaryOp::LT) return nullptr;
    const bool strict = cmp->op == BinaryOp::GT || cmp->op == BinaryOp::LT;
    auto d = linear(ge ? make_binary(BinaryOp::Sub, cmp->a, cmp->b) : make_binary(BinaryOp::Sub, cmp->b, cmp->a), lets);
    if (!d) return nullptr;
    // D's least and greatest value over the nest: expressions of the other variables.
    std::map<const VarNode*, Expr> outer;
    std::vector<const VarNode*> order;  // the terms of `rest`, in a deterministic order (below)
    struct Vars : IRVisitor {
      std::map<const VarNode*, Expr>* out;
      std::vector<const VarNode*>* order;
      void visit_Var(const VarNode& v, const Expr& e) override {
        if (out->emplace(&v, e).second) order->push_back(&v);
      }
    } vars;
    vars.out = &outer;
    vars.order = &order;
    vars.visit(sel->cond);
    for (auto& [v, value] : lets) vars.visit(value);
    for (auto& [v, k] : d->coeff)  // (a coefficient's variable not seen above has no value: refused below)
      if (!outer.count(v)) order.push_back(v);
    // by name: the maps above are keyed by address, so their order differs from run to run
    std::stable_sort(order.begin(), order.end(), [](const VarNode* a, const VarNode* b) { return a->name < b->name; });
    int64_t lo = d->c, hi = d->c;
    Expr rest;  // Σ k·v over the other variables
    for (const VarNode* v : order) {
      auto c = d->coeff.find(v);
      if (c == d->coeff.end()) continue;
      const int64_t k = c->second;
      auto loop = std::find_if(loops.begin(), loops.end(), [&](const ForNode* f) { return f->var.get() == v; });
      if (loop != loops.end()) {
        const int64_t last = k * (*as_const_int((*loop)->extent) - 1);
        lo += std::min<int64_t>(0, last), hi += std::max<int64_t>(0, last);
      } else if (k != 0) {
        auto it = outer.find(v);
        if (it == outer.end() || it->second->dtype != DType::Int32) return nullptr;
        Expr term = k == 1 ? it->second : make_binary(BinaryOp::Mul, make_int(k), it->second);
        rest = rest ? make_binary(BinaryOp::Add, rest, term) : term;
      }
    }
    if (!rest) return nullptr;  // no other variable: rule 1 decides it or nothing does
    const Span& sp = s->span;
    Expr all = make_binary(BinaryOp::GE, make_binary(BinaryOp::Add, rest, make_int(lo)), make_int(strict ? 1 : 0));
    Expr none = make_binary(BinaryOp::LT, make_binary(BinaryOp::Add, rest, make_int(hi)), make_int(strict ? 1 : 0));
    auto fill = [&](const Expr& v) { return make_fill(make_full_region(st->buffer), make_cast(st->buffer->dtype, v), sp); };
    return make_if(all, fill(sel->t), make_if(none, fill(sel->f), s, sp), sp);
  }

  std::map<const VarNode*, Interval> ranges_;
};

}  // namespace

Stmt fold_tt_ranges(const Stmt& kernel_body) { return Folder().mutate(kernel_body); }

}  // namespace tl::tt
