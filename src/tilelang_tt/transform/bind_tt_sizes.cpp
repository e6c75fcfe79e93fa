// bind_tt_sizes (see the header for the contract).
#include "tilelang_tt/transform/bind_tt_sizes.h"

#include <map>
#include <optional>
#include <string>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/numeric.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

namespace {

// a ⊕ b of two integer constants, as the interpreter computes it (ir.h: Div truncates, FloorDiv/FloorMod round
// toward -inf); nullopt for a division by zero (left to the run, which reports it where it happens).
std::optional<int64_t> fold(BinaryOp op, int64_t a, int64_t b) {
  switch (op) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Sub: return a - b;
    case BinaryOp::Mul: return a * b;
    case BinaryOp::Min: return a < b ? a : b;
    case BinaryOp::Max: return a > b ? a : b;
    case BinaryOp::EQ: return a == b;
    case BinaryOp::NE: return a != b;
    case BinaryOp::LT: return a < b;
    case BinaryOp::LE: return a <= b;
    case BinaryOp::GT: return a > b;
    case BinaryOp::GE: return a >= b;
    case BinaryOp::Div:
      if (b == 0) return std::nullopt;
      return a / b;
    case BinaryOp::FloorDiv:
      if (b == 0) return std::nullopt;
      return floor_div(a, b);
    case BinaryOp::FloorMod:
      if (b == 0) return std::nullopt;
      return floor_mod(a, b);
    default: return std::nullopt;  // logical and bitwise ops are left as they are
  }
}

class SizeBinder : public IRMutator {
 public:
  explicit SizeBinder(std::map<const VarNode*, int64_t> values) : values_(std::move(values)) {}

  Expr mutate_Var(const VarNode& n, const Expr& e) override {
    auto it = values_.find(&n);
    return it == values_.end() ? e : make_int(it->second, n.dtype);
  }

  Expr mutate_Binary(const BinaryNode& n, const Expr& e) override {
    Expr out = IRMutator::mutate_Binary(n, e);
    auto* b = out->as<BinaryNode>();
    if (!b || !dtype_is_int(b->a->dtype)) return out;
    auto x = as_const_int(b->a), y = as_const_int(b->b);
    if (!x || !y) return out;
    auto v = fold(b->op, *x, *y);
    if (!v) return out;
    if (b->dtype == DType::Bool) return make_bool(*v != 0);
    if (*v < INT32_MIN || *v > INT32_MAX)
      throw UserError("T.dynamic", "a size expression is " + std::to_string(*v) + " at these sizes: outside "
                                   "int32, the type of sizes and indices", span_);
    return make_int(*v, b->dtype);
  }

  Expr mutate_Cast(const CastNode& n, const Expr& e) override {
    Expr out = IRMutator::mutate_Cast(n, e);
    auto* c = out->as<CastNode>();
    if (c && dtype_is_int(c->dtype) && dtype_is_int(c->value->dtype))
      if (auto v = as_const_int(c->value)) return make_int(*v, c->dtype);
    return out;
  }

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = buffers_.find(b.get());
    if (it != buffers_.end()) return it->second;
    std::vector<Expr> shape;
    bool changed = false;
    for (auto& d : b->shape) {
      shape.push_back(mutate(d));
      changed |= shape.back() != d;
    }
    Buffer out = changed ? make_buffer(b->name, b->dtype, shape, b->scope, b->span) : b;
    buffers_[b.get()] = out;
    return out;
  }

  Stmt mutate(const Stmt& s) override {
    const Span outer = span_;
    span_ = s->span;
    Stmt out = IRMutator::mutate(s);
    span_ = outer;
    return out;
  }
  using IRMutator::mutate;

 private:
  std::map<const VarNode*, int64_t> values_;
  std::map<const BufferNode*, Buffer> buffers_;
  Span span_;
};

}  // namespace

PrimFunc bind_tt_sizes(const PrimFunc& f, const std::vector<int64_t>& values) {
  TL_ASSERT(values.size() == f->shape_vars.size(),
            f->name << ": " << values.size() << " sizes for " << f->shape_vars.size() << " symbolic dims");
  std::map<const VarNode*, int64_t> by_var;
  for (size_t i = 0; i < values.size(); ++i) {
    TL_ASSERT(values[i] >= 1 && values[i] <= INT32_MAX, f->shape_vars[i]->name << " = " << values[i]);
    by_var[f->shape_vars[i].get()] = values[i];
  }
  SizeBinder binder(std::move(by_var));
  PrimFunc g = binder.mutate_func(f);
  return make_func(g->name, g->params, {}, g->attrs, g->body, g->span, g->workspaces);
}

}  // namespace tl::tt
