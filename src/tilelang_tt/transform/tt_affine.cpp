// Affine integer index expressions (tt_affine.h).
#include "tilelang_tt/transform/tt_affine.h"

namespace tl::tt {

const VarNode* Terms::term(const VarNode* x, bool mod, int64_t c) {
  auto& v = made[{x, mod, c}];
  if (!v) v = make_var(x->name + (mod ? "%" : "//") + std::to_string(c)), of[v.get()] = {x, mod, c};
  return v.get();
}

std::optional<Linear> linear(const Expr& e, const Lets& lets, Terms* terms) {
  if (auto* i = e->as<IntImmNode>()) return Linear{{}, i->value};
  if (auto* v = e->as<VarNode>()) {
    if (auto it = lets.find(v); it != lets.end()) return linear(it->second, lets, terms);
    Linear l;
    l.coeff[v] = 1;
    return l;
  }
  if (auto* c = e->as<CastNode>(); c && dtype_is_int(c->dtype) && dtype_is_int(c->value->dtype))
    return linear(c->value, lets, terms);
  auto* b = e->as<BinaryNode>();
  if (b && terms && (b->op == BinaryOp::FloorDiv || b->op == BinaryOp::FloorMod)) {
    auto x = linear(b->a, lets, terms);
    auto c = as_const_int(b->b);
    if (!x || !c || *c <= 0 || x->c != 0 || x->coeff.size() != 1 || x->coeff.begin()->second != 1) return std::nullopt;
    Linear l;
    l.coeff[terms->term(x->coeff.begin()->first, b->op == BinaryOp::FloorMod, *c)] = 1;
    return l;
  }
  if (!b || (b->op != BinaryOp::Add && b->op != BinaryOp::Sub && b->op != BinaryOp::Mul)) return std::nullopt;
  auto x = linear(b->a, lets, terms), y = linear(b->b, lets, terms);
  if (!x || !y) return std::nullopt;
  if (b->op == BinaryOp::Mul) {
    if (!x->coeff.empty() && !y->coeff.empty()) return std::nullopt;
    if (x->coeff.empty()) std::swap(x, y);  // y is the constant
    for (auto& [v, k] : x->coeff) k *= y->c;
    x->c *= y->c;
    return x;
  }
  const int64_t sign = b->op == BinaryOp::Sub ? -1 : 1;
  for (auto& [v, k] : y->coeff) x->coeff[v] += sign * k;
  x->c += sign * y->c;
  return x;
}

}  // namespace tl::tt
