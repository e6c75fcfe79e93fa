// Integer tiles in element-wise tile programs (tt_int_tiles.h).
#include "tilelang_tt/transform/tt_int_tiles.h"

#include "tilelang_tt/ir/visitor.h"

namespace tl::tt {

bool is_int(const Expr& e) { return dtype_is_int(e->dtype) && e->dtype != DType::Bool; }

bool is_int_tile(const Expr& e) {
  if (!is_int(e)) return false;
  struct Find : IRVisitor {
    bool leaf = false;
    void visit_ExternCall(const ExternCallNode&, const Expr&) override { leaf = true; }
  } f;
  f.visit(e);
  return f.leaf;
}

Expr to_int(const Expr& e) { return is_int(e) ? e : make_cast(DType::Int32, e); }

Expr float_of(const Expr& e) {
  if (!is_int(e) || is_int_tile(e)) return make_cast(DType::Float32, e);
  if (auto* s = e->as<SelectNode>()) return make_select(s->cond, float_of(s->t), float_of(s->f));
  return make_cast(DType::Float32, e);  // scalars and constants: a float fill of their value
}

Expr int_negate(const Expr& a) { return make_binary(BinaryOp::Sub, make_int(0), a); }

Expr int_abs(const Expr& a) { return make_binary(BinaryOp::Max, a, make_binary(BinaryOp::Sub, make_int(0), a)); }

}  // namespace tl::tt
