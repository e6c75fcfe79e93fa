// match_gather (see the header).
#include "tilelang_tt/transform/tt_gather_lowering.h"

#include <functional>
#include <numeric>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"
#include "tilelang_tt/transform/tt_parallel_match.h"

namespace tl::tt {

namespace {

// An index expression over j = q·R + t: free of t (a multiple of `align`), or base + t with base a multiple of
// `align`; align 0 means the value (or base) is 0.
struct Form {
  enum Kind { Free, Run, Bad } kind = Bad;
  int64_t align = 1;
};

class RunAnalysis {
 public:
  RunAnalysis(const VarNode* t, int64_t run) : t_(t), run_(run) {}

  Form of(const Expr& e) const {
    if (auto* c = e->as<IntImmNode>()) return {Form::Free, c->value < 0 ? -c->value : c->value};
    if (auto* v = e->as<VarNode>()) return v == t_ ? Form{Form::Run, 0} : Form{Form::Free, 1};
    if (auto* c = e->as<CastNode>()) {  // int32/int64 keep a run; a narrower type could wrap inside it
      Form f = dtype_is_float(c->dtype) ? Form{} : of(c->value);
      return f.kind == Form::Run && c->dtype != DType::Int32 && c->dtype != DType::Int64 ? Form{} : f;
    }
    if (auto* u = e->as<UnaryNode>()) {
      Form a = of(u->a);
      return a.kind == Form::Free ? a : Form{};
    }
    if (auto* s = e->as<SelectNode>()) return all_free({s->cond, s->t, s->f});
    if (auto* b = e->as<BinaryNode>()) return binary(*b);
    return {};  // loads, calls: not index arithmetic the reader can evaluate per run
  }

 private:
  Form all_free(std::vector<Expr> es) const {
    for (auto& e : es)
      if (of(e).kind != Form::Free) return {};
    return {Form::Free, 1};
  }
  static Form free_pair(const Form& x, const Form& y) {
    return x.kind == Form::Free && y.kind == Form::Free ? Form{Form::Free, 1} : Form{};
  }
  bool aligned(const Form& f) const { return f.align % run_ == 0; }  // align 0 counts as aligned

  Form binary(const BinaryNode& b) const {
    Form x = of(b.a), y = of(b.b);
    if (x.kind == Form::Bad || y.kind == Form::Bad) return {};
    const auto divisor = as_const_int(b.b);
    switch (b.op) {
      case BinaryOp::Add:
        if (x.kind == Form::Run && y.kind == Form::Run) return {};
        return {x.kind == Form::Run || y.kind == Form::Run ? Form::Run : Form::Free, std::gcd(x.align, y.align)};
      case BinaryOp::Sub:
        if (y.kind == Form::Run) return {};
        return {x.kind, std::gcd(x.align, y.align)};
      case BinaryOp::Mul:
        if (x.kind == Form::Free && y.kind == Form::Free) return {Form::Free, x.align * y.align};
        if (as_const_int(b.a) == 1) return y;
        if (as_const_int(b.b) == 1) return x;
        return {};
      case BinaryOp::FloorDiv:
        if (!divisor || *divisor <= 0) return free_pair(x, y);
        if (x.kind == Form::Free) return {Form::Free, x.align % *divisor == 0 ? x.align / *divisor : 1};
        // (base + t) // d with R | base and R | d: base and base + t lie in one block of d
        if (aligned(x) && *divisor % run_ == 0) return {Form::Free, x.align % *divisor == 0 ? x.align / *divisor : 1};
        return {};
      case BinaryOp::FloorMod:
        if (!divisor || *divisor <= 0) return free_pair(x, y);
        if (x.kind == Form::Free) return {Form::Free, std::gcd(x.align, *divisor)};
        // (base + t) % d = base % d + t with R | base and R | d
        if (aligned(x) && *divisor % run_ == 0) return {Form::Run, std::gcd(x.align, *divisor)};
        return {};
      default:  // comparisons, logic, min/max, truncating division: only of t-free operands
        return free_pair(x, y);
    }
  }

  const VarNode* t_;
  int64_t run_;
};

// e with j replaced by q·R + t.
Expr split_j(const Expr& e, const VarNode* j, const VarRef& q, const VarRef& t, int64_t run) {
  Inline inl;
  inl.values[j] = make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, q, make_int(run)), t);
  return inl.mutate(e);
}

// The longest run R (dividing K and C, R elements a multiple of 32 bytes: the NoC's alignment) over which cond
// and the indices idx (over j) provably move together: cond and all but the last index the same, the last growing
// by one per j; 0 if none.
int64_t longest_run(const Expr& cond, const std::vector<Expr>& idx, const VarNode* j, int64_t k, int64_t c,
                    int64_t bytes) {
  for (int64_t run = k; run >= 1; --run) {
    if (k % run || c % run || (run * bytes) % 32) continue;
    VarRef q = make_var("tl_q"), t = make_var("tl_t");
    RunAnalysis a(t.get(), run);
    bool ok = a.of(split_j(cond, j, q, t, run)).kind == Form::Free;
    for (size_t d = 0; ok && d + 1 < idx.size(); ++d) ok = a.of(split_j(idx[d], j, q, t, run)).kind == Form::Free;
    Form last = a.of(split_j(idx.back(), j, q, t, run));
    if (ok && last.kind == Form::Run && last.align % run == 0) return run;
  }
  return 0;
}

// The run ops of a gather or scatter: for each row i and run q, `op`(cb, tensor, i·K + j, R, element bytes, cond,
// rank, e_0 … e_last, d_0 … d_last) under the nest's lets and j = q·R.
Stmt run_loops(const char* op, const RowGather& g, int tensor, uint32_t cb, const Span& sp) {
  std::vector<Expr> args = {make_int(cb), make_int(tensor),
                            make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, g.i, make_int(g.cols)), g.j),
                            make_int(g.run), make_int(dtype_bytes(g.src->dtype)), g.cond,
                            make_int(static_cast<int64_t>(g.idx.size()))};
  args.insert(args.end(), g.idx.begin(), g.idx.end());
  for (auto& d : g.src->shape) args.push_back(d);
  VarRef q = make_var("tl_q");
  Stmt run = make_tt_op(op, args, sp);
  for (auto it = g.lets.rbegin(); it != g.lets.rend(); ++it) run = make_let(it->first, it->second, run, sp);
  run = make_let(g.j, make_binary(BinaryOp::Mul, q, make_int(g.run)), run, sp);
  return make_for(g.i, make_int(0), make_int(g.rows), ForKind::Serial,
                  make_for(q, make_int(0), make_int(g.cols / g.run), ForKind::Serial, run, sp), sp);
}

// A 2-D T.Parallel nest: its loops (inner null when `nest` is not one), the lets at the top of its body (their
// values in inl, for the analysis; the kernel keeps the lets themselves) and the statement under them.
struct Nest2 {
  const ForNode *outer = nullptr, *inner = nullptr;
  Inline inl;
  std::vector<std::pair<VarRef, Expr>> lets;
  Stmt body;
  explicit Nest2(const Stmt& nest) {
    outer = nest->as<ForNode>();
    inner = outer ? outer->body->as<ForNode>() : nullptr;
    if (!inner || inner->for_kind != ForKind::Parallel) {
      inner = nullptr;
      return;
    }
    for (body = inner->body; auto* let = body->as<LetStmtNode>(); body = let->body) {
      inl.values[let->var.get()] = let->value;
      lets.emplace_back(let->var, let->value);
    }
  }
};

}  // namespace

std::optional<RowGather> match_gather(const Stmt& nest) {
  Nest2 n(nest);
  if (!n.inner) return std::nullopt;
  const ForNode *outer = n.outer, *inner = n.inner;
  Inline& inl = n.inl;
  auto& lets = n.lets;
  Stmt body = n.body;
  auto* store = body->as<BufferStoreNode>();
  if (!store || store->buffer->scope == Scope::Global || store->buffer->shape.size() != 2) return std::nullopt;
  Expr value = store->value, cond = make_bool(true);
  auto* sel = value->as<SelectNode>();
  if (sel) {
    auto* zero = sel->f->as<FloatImmNode>();
    auto* izero = sel->f->as<IntImmNode>();
    if (!(zero && zero->value == 0) && !(izero && izero->value == 0)) return std::nullopt;
    cond = sel->cond;
    value = sel->t;
  }
  auto* load = value->as<BufferLoadNode>();
  if (!load || load->buffer->scope != Scope::Global) return std::nullopt;
  const Buffer& g = load->buffer;
  const size_t rank = g->shape.size();
  const VarNode *i = outer->var.get(), *j = inner->var.get();
  auto is = [](const Expr& e, const VarNode* v) { return e.get() == static_cast<const ExprNode*>(v); };
  if ((!sel && rank < 3) || rank < 2 || !is(store->indices[0], i) || !is(store->indices[1], j)) return std::nullopt;
  const Span& sp = store->span.known() ? store->span : nest->span;
  auto fail = [&](const std::string& why) -> std::optional<RowGather> {
    throw UserError("T.Parallel", "the gather from " + g->name + " into " + store->buffer->name + " " + why, sp);
  };
  auto m = as_const_int(outer->extent), k = as_const_int(inner->extent);
  if (!m || !k || as_const_int(outer->min) != 0 || as_const_int(inner->min) != 0)
    return fail("needs loops with constant extents from 0");
  if (g->dtype != store->buffer->dtype || !tt_format(g->dtype))
    return fail("must keep one float dtype on tenstorrent (" + std::string(dtype_name(g->dtype)) + " into " +
                dtype_name(store->buffer->dtype) + ")");
  const int64_t c = *as_const_int(g->shape.back());
  RowGather out{g, store->buffer, outer->var, inner->var, lets, cond, load->indices, *m, *k, 0};
  std::vector<Expr> idx;
  for (auto& e : load->indices) idx.push_back(inl.mutate(e));
  if ((out.run = longest_run(inl.mutate(cond), idx, j, *k, c, dtype_bytes(g->dtype)))) return out;
  return fail("does not read runs of 32 (or more) consecutive elements of its last dim (" + std::to_string(c) +
              ") for each 32 consecutive j: on tenstorrent the tensor is read in runs of whole channels; make the "
              "block's K and C multiples of 32, index the last dim by (k % C) with k = k_iter * block_K + j, and "
              "use k only through k // C, k // (KW * C) and k % C (last index: " + print_expr(idx.back()) + ")");
}

std::string sticks_of(const RowGather& g) {
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < g.src->shape.size(); ++d) rows *= *as_const_int(g.src->shape[d]);
  return std::to_string(rows) + "," + std::to_string(*as_const_int(g.src->shape.back()));
}

Stmt lower_row_gather(const RowGather& g, int tensor, uint32_t cb, const Span& sp) {
  const int64_t pages = g.rows * g.cols / 1024;
  return make_seq({make_tt_op("tt.reserve_rows", {make_int(cb), make_int(pages)}, sp),
                   run_loops("tt.read_run", g, tensor, cb, sp),
                   make_tt_op("tt.push_rows", {make_int(cb), make_int(pages)}, sp)}, sp);
}

std::optional<RowGather> match_scatter(const Stmt& nest, const std::function<bool(const Expr&)>& aligned) {
  Nest2 n(nest);
  if (!n.inner) return std::nullopt;
  const ForNode *outer = n.outer, *inner = n.inner;
  Inline& inl = n.inl;
  auto& lets = n.lets;
  Stmt body = n.body;
  Expr cond = make_bool(true);
  if (auto* branch = body->as<IfThenElseNode>(); branch && !branch->else_case) cond = branch->cond, body = branch->then_case;
  auto* store = body->as<BufferStoreNode>();
  if (!store || store->buffer->scope != Scope::Global || store->buffer->shape.size() != 2) return std::nullopt;
  Expr value = store->value;
  if (auto* c = value->as<CastNode>(); c && c->dtype == store->buffer->dtype) value = c->value;
  auto* load = value->as<BufferLoadNode>();
  const VarNode *i = outer->var.get(), *j = inner->var.get();
  auto is = [](const Expr& e, const VarNode* v) { return e.get() == static_cast<const ExprNode*>(v); };
  auto m = as_const_int(outer->extent), k = as_const_int(inner->extent);
  if (!m || !k || as_const_int(outer->min) != 0 || as_const_int(inner->min) != 0) return std::nullopt;
  // Only rows at a start that tile copies cannot take (not visibly a multiple of 32).
  Inline first_row;
  first_row.values[i] = make_int(0);
  if (aligned(first_row.mutate(inl.mutate(store->indices[0])))) return std::nullopt;
  const bool element = load && load->buffer->scope != Scope::Global && load->buffer->shape.size() == 2 &&
                       is(load->indices[0], i) && is(load->indices[1], j);
  RowGather out{store->buffer, element ? load->buffer : nullptr, outer->var, inner->var, lets, cond, store->indices,
                *m, *k, 0, element ? nullptr : store->value};
  std::vector<Expr> idx;
  for (auto& e : store->indices) idx.push_back(inl.mutate(e));
  out.run = longest_run(inl.mutate(cond), idx, j, *k, *as_const_int(store->buffer->shape[1]),
                        dtype_bytes(store->buffer->dtype));
  if (!out.run)
    throw UserError("T.Parallel", "the rows stored into " + store->buffer->name + " from " + load->buffer->name +
                                  " start at a row that is not a multiple of 32, so they are written row by row, and "
                                  "that needs runs of 32 (or more) consecutive elements for each 32 consecutive j",
                    store->span.known() ? store->span : nest->span);
  return out;
}

Stmt lower_row_scatter(const RowGather& s, int tensor, uint32_t cb, const Span& sp) {
  const int64_t pages = s.rows * s.cols / 1024;
  return make_seq({make_tt_op("tt.wait_rows", {make_int(cb), make_int(pages)}, sp),
                   run_loops("tt.write_run", s, tensor, cb, sp),
                   make_tt_op("tt.pop_rows", {make_int(cb), make_int(pages)}, sp)}, sp);
}

}  // namespace tl::tt
