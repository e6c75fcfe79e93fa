// DST slot counting and spilling of element-wise tile programs (tt_dst_spill.h).
#include "tilelang_tt/transform/tt_dst_spill.h"

#include <algorithm>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_int_tiles.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

bool is_const(const Expr& e) {
  if (auto* c = e->as<CastNode>()) return is_const(c->value);
  return e->as<FloatImmNode>() != nullptr;
}

// The operands of e in the order of their slots (operand k goes from slot s + k), and whether e is evaluated
// in place in its only operand's slot (unary ops, scalar ops with a constant, comparisons with zero).
struct Shape {
  std::vector<Expr> operands;
  bool in_place = false;
};

Shape shape_of(const Expr& e) {
  if (auto* c = e->as<CastNode>()) return {{c->value}, true};
  if (auto* u = e->as<UnaryNode>()) return {{u->a}, true};
  if (auto* c = e->as<CallNode>()) return {{c->args[0]}, true};  // the exponent of pow is a constant
  if (auto* s = e->as<SelectNode>()) return {{s->cond, s->t, s->f}, false};
  if (auto* b = e->as<BinaryNode>()) {
    // A constant operand is a scalar parameter of an op on the other (a comparison with 0 included).
    if (is_const(b->b)) return {{b->a}, true};
    if (is_const(b->a) && b->op != BinaryOp::Div) return {{b->b}, true};
    return {{b->a, b->b}, false};
  }
  return {};  // a leaf or a constant
}

Expr rebuild(const Expr& e, const std::vector<Expr>& ops) {
  if (auto* c = e->as<CastNode>()) return make_cast(c->dtype, ops[0]);
  if (auto* u = e->as<UnaryNode>()) return make_unary(u->op, ops[0]);
  if (auto* c = e->as<CallNode>()) {
    auto args = c->args;
    args[0] = ops[0];
    return make_call(c->fn, args);
  }
  if (e->as<SelectNode>()) return make_select(ops[0], ops[1], ops[2]);
  auto* b = e->as<BinaryNode>();
  TL_ASSERT(b, "rebuild of a leaf");
  if (ops.size() == 2) return make_binary(b->op, ops[0], ops[1]);
  return is_const(b->b) ? make_binary(b->op, ops[0], b->b) : make_binary(b->op, b->a, ops[0]);
}

}  // namespace

int dst_slots(const Expr& e) {
  Shape s = shape_of(e);
  if (s.operands.empty()) return 1;
  int need = static_cast<int>(s.operands.size());
  for (size_t k = 0; k < s.operands.size(); ++k) need = std::max(need, static_cast<int>(k) + dst_slots(s.operands[k]));
  return need;
}

Expr spill_dst(const Expr& value, int capacity, const std::function<Expr(const Expr&)>& spill) {
  TL_ASSERT(capacity >= 3, "DST capacity " << capacity);
  std::function<Expr(const Expr&, int)> fit = [&](const Expr& e, int budget) -> Expr {
    if (dst_slots(e) <= budget) return e;
    Shape s = shape_of(e);
    // The node itself needs one slot per operand: with fewer left, compute the whole of it first.
    if (static_cast<int>(s.operands.size()) > budget) return spill(fit(e, capacity));
    std::vector<Expr> ops;
    for (size_t k = 0; k < s.operands.size(); ++k) ops.push_back(fit(s.operands[k], budget - static_cast<int>(k)));
    return rebuild(e, ops);
  };
  return fit(value, capacity);
}

Stmt spill_eltwise_ops(const Stmt& body, int capacity, const std::function<uint32_t(uint32_t tiles, bool int32)>& temp_cb) {
  struct Spiller : IRMutator {
    int cap;
    const std::function<uint32_t(uint32_t, bool)>* temp_cb;
    Stmt mutate_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      auto* op = tt_op(s);
      if (!op || op->name != "tt.eltwise" || dst_slots(op->args[3]) <= cap) return s;
      std::vector<Stmt> out;
      const uint32_t tiles = static_cast<uint32_t>(const_arg(*op, 1) * const_arg(*op, 2));
      Expr v = spill_dst(op->args[3], cap, [&](const Expr& sub) {
        const bool int32 = is_int(sub);  // an int32 subtree spills into an Int32 CB (tt_int_tiles.h)
        const Expr cb = make_int((*temp_cb)(tiles, int32));
        out.push_back(make_tt_op("tt.eltwise", {cb, op->args[1], op->args[2], sub}, s->span));
        return make_extern("tt.tile", int32 ? DType::Int32 : DType::Float32, {cb});
      });
      out.push_back(make_tt_op("tt.eltwise", {op->args[0], op->args[1], op->args[2], v}, s->span));
      return make_seq(out, s->span);
    }
  } sp;
  sp.cap = capacity;
  sp.temp_cb = &temp_cb;
  return sp.mutate(body);
}

}  // namespace tl::tt
