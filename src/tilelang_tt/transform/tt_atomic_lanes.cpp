// tt_atomic_lanes (see the header for the contract).
#include "tilelang_tt/transform/tt_atomic_lanes.h"

#include <map>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

struct Rename : IRMutator {
  const VarNode* from;
  Expr to;
  Expr mutate_Var(const VarNode& n, const Expr& e) override { return &n == from ? to : e; }
};

class LaneReduction : public IRMutator {
 public:
  std::vector<Buffer> allocs;
  std::map<std::string, std::string> attrs;  // tt.atomic_lanes.<B>: what was folded
  const std::function<std::string(const std::string&)>* unique;

  Stmt mutate_For(const ForNode& outer, const Stmt& s) override {
    auto* inner = outer.body->as<ForNode>();
    auto* a = inner ? inner->body->as<AtomicNode>() : nullptr;
    auto zero = [](const ForNode& l) { return as_const_int(l.min) == 0 && as_const_int(l.extent).has_value(); };
    if (!a || outer.for_kind != ForKind::Parallel || inner->for_kind != ForKind::Parallel || !zero(outer) ||
        !zero(*inner) || a->prev || a->op == AtomicOp::Or || !dtype_is_float(a->buffer->dtype))
      return IRMutator::mutate_For(outer, s);
    auto in_index = [&](const VarRef& v) {
      for (auto& i : a->indices)
        if (mentions_var(i, v.get())) return true;
      return false;
    };
    const bool keep_outer = in_index(outer.var);
    if (keep_outer == in_index(inner->var)) return IRMutator::mutate_For(outer, s);
    const ForNode& keep = keep_outer ? outer : *inner;
    const Span& sp = a->span;
    const Buffer& B = a->buffer;
    const Buffer V = make_buffer((*unique)(B->name + "_lanes"), DType::Float32, {outer.extent, inner->extent},
                                 Scope::Fragment, sp);
    const Buffer R = make_buffer((*unique)(B->name + "_lanes_folded"), DType::Float32, {keep.extent},
                                 Scope::Fragment, sp);
    allocs.push_back(V);
    allocs.push_back(R);
    Stmt fill = make_for(outer.var, make_int(0), outer.extent, ForKind::Parallel,
                         make_for(inner->var, make_int(0), inner->extent, ForKind::Parallel,
                                  make_store(V, {outer.var, inner->var}, make_cast(DType::Float32, a->value), sp), sp),
                         sp);
    const ReduceKind kind = a->op == AtomicOp::Add ? ReduceKind::Sum : a->op == AtomicOp::Max ? ReduceKind::Max
                                                                                                : ReduceKind::Min;
    Stmt fold = make_reduce(kind, make_full_region(V), make_full_region(R), keep_outer ? 1 : 0, true, sp);
    VarRef k = make_var(keep.var->name);
    Rename rename;
    rename.from = keep.var.get();
    rename.to = k;
    std::vector<Expr> idx;
    for (auto& i : a->indices) idx.push_back(rename.mutate(i));
    Stmt update = make_for(k, make_int(0), keep.extent, ForKind::Parallel,
                           make_atomic(a->op, B, idx, make_load(R, {k}), nullptr, sp), sp);
    attrs["tt.atomic_lanes." + B->name] = "the lanes of " + (keep_outer ? inner->var : outer.var)->name +
                                          " collide: folded in the block by T.reduce_" + reduce_kind_name(kind) +
                                          " into " + R->name + " first";
    return make_seq({fill, fold, update}, sp);
  }
};

}  // namespace

Stmt reduce_atomic_lanes(const KernelNode& n, const Stmt& s,
                         const std::function<std::string(const std::string&)>& unique) {
  LaneReduction r;
  r.unique = &unique;
  Stmt body = r.mutate(n.body);
  if (r.allocs.empty()) return s;
  std::vector<Buffer> allocs = n.allocs;
  auto attrs = n.attrs;
  attrs.insert(r.attrs.begin(), r.attrs.end());
  allocs.insert(allocs.end(), r.allocs.begin(), r.allocs.end());
  return make_kernel(n.grid, n.block_vars, n.threads, allocs, attrs, body, n.span);
}

}  // namespace tl::tt
