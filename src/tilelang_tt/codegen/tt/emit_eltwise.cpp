// Element-wise tile expressions of the compute emitter (emit_compute.h): ComputeEmitter::value.
// Leaves are CB tiles; the result for one output tile is left in a DST slot, with higher slots as temporaries.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>

#include "tilelang_tt/codegen/tt/emit_compute.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_int_tiles.h"

namespace tl::tt {

const ExternCallNode* leaf_call(const ExternCallNode& c) {
  return c.name == "tt.tile" || c.name == "tt.col_vec" || c.name == "tt.row_vec" || c.name == "tt.scalar_tile"
             ? &c : nullptr;
}

const FloatImmNode* constant(const Expr& e) {
  if (auto* c = e->as<CastNode>()) return constant(c->value);
  return e->as<FloatImmNode>();
}

std::string bits_of(double v) {
  float f = static_cast<float>(v);
  uint32_t u;
  std::memcpy(&u, &f, 4);
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08Xu", u);
  return buf;
}

std::string float_literal(double v) {
  if (std::isinf(v)) return v > 0 ? "__builtin_inff()" : "-__builtin_inff()";  // no <cmath> in kernels
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9gf", v);
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) s.insert(s.size() - 1, ".0");
  return s;
}

namespace {

const ExternCallNode* as_leaf(const Expr& e) {
  if (auto* c = e->as<CastNode>(); c && !is_int(e) && !is_int(c->value)) return as_leaf(c->value);  // floats only
  auto* c = e->as<ExternCallNode>();
  return c && leaf_call(*c) ? c : nullptr;
}

std::string leaf_index(const ExternCallNode& l, const std::string& t, int64_t cols) {
  if (l.name == "tt.col_vec") return t + " / " + std::to_string(cols);
  if (l.name == "tt.row_vec") return t + " % " + std::to_string(cols);
  if (l.name == "tt.scalar_tile") return "0";  // one tile, its element [0, 0]
  return t;
}

// The broadcast that spreads a vector or scalar leaf over a tile: column 0 (per-row values), row 0 (per-column
// values), element [0, 0] (a scalar tile).
const char* bcast_dim(const ExternCallNode& l) {
  return l.name == "tt.col_vec" ? "BroadcastType::COL" : l.name == "tt.row_vec" ? "BroadcastType::ROW"
                                                                                 : "BroadcastType::SCALAR";
}

const char* fpu_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "add";
    case BinaryOp::Sub: return "sub";
    case BinaryOp::Mul: return "mul";
    default: return nullptr;
  }
}

// An expression of scalar variables, the kernels' scalars (emit_scalar.h) and constants only (no tiles).
bool is_runtime_scalar(const Expr& e) {
  struct Find : IRVisitor {
    bool other = false;
    void visit_ExternCall(const ExternCallNode&, const Expr&) override { other = true; }
    void visit_BufferLoad(const BufferLoadNode& n, const Expr&) override { other |= !is_scalar_buffer(n.buffer); }
  } f;
  f.visit(e);
  return !f.other;
}

// The value of a constant expression (immediates under casts and negations).
std::optional<double> folded(const Expr& e) {
  if (auto* c = e->as<CastNode>()) return folded(c->value);
  if (auto* u = e->as<UnaryNode>(); u && u->op == UnaryOp::Neg) {
    auto v = folded(u->a);
    return v ? std::optional<double>(-*v) : std::nullopt;
  }
  if (auto* f = e->as<FloatImmNode>()) return f->value;
  if (auto i = as_const_int(e)) return static_cast<double>(*i);
  return std::nullopt;
}

// A boolean operand as the float 0/1 tile it is held in.
Expr as_float(const Expr& e) { return e->dtype == DType::Bool ? make_cast(DType::Float32, e) : e; }

}  // namespace

int ComputeEmitter::compare_zero(const char* fn, const Expr& x, int slot, const std::string& t, int64_t cols,
                                 std::ostringstream& os, const std::string& pad, const Span& span) {
  int top = value(x, slot, t, cols, os, pad, span);
  use("compute_kernel_api/eltwise_unary/comp.h");
  os << pad << fn << "_tile_init();\n" << pad << fn << "_tile(" << slot << ");\n";
  return top;
}

int ComputeEmitter::value(const Expr& e, int slot, const std::string& t, int64_t cols, std::ostringstream& os,
                          const std::string& pad, const Span& span) {
  // tensorize_tt spilled what does not fit (tt_dst_spill.h).
  TL_ASSERT(slot < static_cast<int>(ctx_.dst_capacity), "element-wise expression needs DST slot " << slot << " of "
                                                            << ctx_.dst_capacity);
  const std::string s = std::to_string(slot);
  if (!constant(e) && is_runtime_scalar(e)) {  // a value of the block and loop indices (e.g. bx * block_M): a tile of it
    if (is_int(e)) return fill_int(e, slot, os, pad);  // an int32 operand (tt_int_tiles.h)
    use("compute_kernel_api/eltwise_unary/fill.h");
    auto k = folded(e);
    os << pad << "fill_tile_init();\n" << pad << "fill_tile(" << s << ", "
       << (k ? float_literal(*k) : "float(" + scalar_(e) + ")") << ");\n";
    return slot;
  }
  if (auto* c = e->as<CastNode>(); c && (is_int(e) || is_int(c->value))) return int_cast(*c, slot, t, cols, os, pad, span);
  if (auto* c = e->as<CastNode>()) {
    if (c->value->dtype == DType::Bool && dtype_is_float(c->dtype))  // a 0/1 tile is already its float value
      return value(c->value, slot, t, cols, os, pad, span);
    if (c->dtype == DType::Bool && dtype_is_float(c->value->dtype))  // bool(x) = (x != 0)
      return compare_zero("nez", c->value, slot, t, cols, os, pad, span);
    if (!dtype_is_float(c->dtype) || !dtype_is_float(c->value->dtype))
      throw UserError("T.cast", std::string("casts to ") + dtype_name(c->dtype) + " inside element-wise tile "
                                "code are not supported on tenstorrent yet", span);
    const int top = value(c->value, slot, t, cols, os, pad, span);
    // A bfloat16 value (tt_float8.h marks bfloat16 arithmetic results so): an fp32 DST keeps fp32's precision
    // unless rounded (a bf16 DST rounds every result itself); typecast_tile rounds to nearest even in place.
    if (c->dtype == DType::BFloat16 && c->value->dtype != DType::BFloat16 && ctx_.fp32_acc)
      typecast("Float32", "Float16_b", slot, os, pad);
    return top;
  }
  if (auto* l = as_leaf(e)) {
    int64_t cb = *as_const_int(l->args[0]);
    if (l->name == "tt.tile" || ctx_.bcast_in_reader.count(static_cast<uint32_t>(cb))) {
      // A tile, or a vector tile the reader already broadcast (KernelContext::bcast_in_reader).
      os << pad << copy_init(cb) << ";\n"
         << pad << "copy_tile(" << cb << ", " << leaf_index(*l, t, cols) << ", " << s << ");\n";
    } else {
      use("compute_kernel_api/bcast.h");
      const char* dim = bcast_dim(*l);
      os << pad << "unary_bcast_init<" << dim << ">(" << cb << (api_0_66() ? ", " + std::to_string(cb) : "") << ");\n"
         << pad << "unary_bcast<" << dim << ">(" << cb << ", " << leaf_index(*l, t, cols) << ", " << s << ");\n";
    }
    return slot;
  }
  if (is_int(e)) return int_value(e, slot, t, cols, os, pad, span);
  if (auto* b = e->as<BinaryNode>(); b && binary_op_is_compare(b->op) && is_int(b->a) && is_int(b->b))
    return int_value(e, slot, t, cols, os, pad, span);
  if (auto* f = constant(e)) {
    use("compute_kernel_api/eltwise_unary/fill.h");
    os << pad << "fill_tile_init();\n" << pad << "fill_tile(" << s << ", " << float_literal(f->value) << ");\n";
    return slot;
  }
  if (auto* b = e->as<BinaryNode>()) {
    // Comparisons on the SFPU: the sign of a − b (1.0 where it holds, else 0.0); booleans are 0/1 tiles, so
    // `and` is a product and `or` a maximum. Both operands are first clamped to the largest finite bfloat16
    // (in place, SFPU scalar max/min; constants folded) so that two equal infinities subtract to 0, not NaN.
    static const std::map<BinaryOp, const char*> cmp = {{BinaryOp::LT, "ltz"}, {BinaryOp::LE, "lez"},
        {BinaryOp::GT, "gtz"}, {BinaryOp::GE, "gez"}, {BinaryOp::EQ, "eqz"}, {BinaryOp::NE, "nez"}};
    if (auto it = cmp.find(b->op); it != cmp.end()) {
      auto* kb = constant(b->b);
      if (kb && kb->value == 0) return compare_zero(it->second, b->a, slot, t, cols, os, pad, span);
      const double big = 3.3895313892515355e38;  // 0x7F7F0000: finite in bfloat16 and float32
      auto finite = [&](const Expr& x) -> Expr {
        if (auto* k = constant(x)) return make_float(std::clamp(k->value, -big, big));
        if (is_runtime_scalar(x)) {  // a scalar the kernel computes: clamped in its C++ expression (ints are finite)
          if (auto k = folded(x)) return make_float(std::clamp(*k, -big, big));
          if (!dtype_is_float(x->dtype)) return x;
          return make_select(make_binary(BinaryOp::LT, x, make_float(-big)), make_float(-big),
                             make_select(make_binary(BinaryOp::GT, x, make_float(big)), make_float(big), x));
        }
        return make_binary(BinaryOp::Min, make_binary(BinaryOp::Max, x, make_float(-big)), make_float(big));
      };
      Expr diff = make_binary(BinaryOp::Sub, finite(b->a), finite(b->b));
      return compare_zero(it->second, diff, slot, t, cols, os, pad, span);
    }
    if (b->op == BinaryOp::And || b->op == BinaryOp::Or)
      return value(make_binary(b->op == BinaryOp::And ? BinaryOp::Mul : BinaryOp::Max, as_float(b->a), as_float(b->b)),
                   slot, t, cols, os, pad, span);
    const ExternCallNode *la = as_leaf(b->a), *lb = as_leaf(b->b);
    // CB × CB on the FPU; a vector operand through a broadcast.
    // Float32 CBs are unpacked straight into DST (see plan_builder), so they take the SFPU path below. So do
    // Float16 ones: the FPU multiplier keeps 9 mantissa bits of SrcA, fewer than float16's 10.
    auto fpu_ok = [&](const ExternCallNode* l) {
      const std::string f = cb_format(*as_const_int(l->args[0]));
      return f != "Float32" && f != "Float16";
    };
    if (la && lb && fpu_name(b->op) && la->name == "tt.tile" && fpu_ok(la) && fpu_ok(lb)) {
      int64_t ca = *as_const_int(la->args[0]), cbb = *as_const_int(lb->args[0]);
      std::string op = fpu_name(b->op);
      use("compute_kernel_api/eltwise_binary.h");
      if (lb->name == "tt.tile") {
        os << pad << op << (api_0_66() ? "_tiles_init(" : "_init(") << ca << ", " << cbb << ");\n"
           << pad << op << "_tiles(" << ca << ", " << cbb << ", " << t << ", " << t << ", " << s << ");\n";
      } else {
        use("compute_kernel_api/bcast.h");
        std::string kind = std::string("EltwiseBinaryType::ELW") + (op == "add" ? "ADD" : op == "sub" ? "SUB" : "MUL");
        std::string dim = bcast_dim(*lb);
        if (api_0_66())
          os << pad << "init_bcast<" << kind << ", " << dim << ">(" << ca << ", " << cbb << ", " << ca << ");\n";
        else
          os << pad << "bcast_init<" << kind << ", " << dim << ">(" << ca << ", " << cbb << ");\n";
        os << pad << "any_tiles_bcast<" << kind << ", " << dim << ">(" << ca << ", " << cbb << ", " << t << ", "
           << leaf_index(*lb, t, cols) << ", " << s << ");\n";
      }
      return slot;
    }
    if (la && lb && fpu_name(b->op) && lb->name == "tt.tile" && b->op != BinaryOp::Sub && fpu_ok(la) && fpu_ok(lb))
      return value(make_binary(b->op, b->b, b->a), slot, t, cols, os, pad, span);
    // One constant operand: an SFPU scalar op on the other.
    const FloatImmNode *ka = constant(b->a), *kb = constant(b->b);
    bool scalar_op = b->op == BinaryOp::Add || b->op == BinaryOp::Mul || b->op == BinaryOp::Sub ||
                     b->op == BinaryOp::Max || b->op == BinaryOp::Min || (b->op == BinaryOp::Div && kb);
    if ((kb || ka) && scalar_op) {
      const Expr& other = kb ? b->a : b->b;
      double k = kb ? kb->value : ka->value;
      int top = value(other, slot, t, cols, os, pad, span);
      use("compute_kernel_api/eltwise_unary/binop_with_scalar.h");
      auto scalar = [&](const char* fn) {
        os << pad << "binop_with_scalar_tile_init();\n" << pad << fn << "(" << s << ", " << bits_of(k) << ");\n";
      };
      switch (b->op) {
        case BinaryOp::Add: scalar("add_unary_tile"); return top;
        case BinaryOp::Mul: scalar("mul_unary_tile"); return top;
        case BinaryOp::Sub: scalar(kb ? "sub_unary_tile" : "rsub_unary_tile"); return top;
        case BinaryOp::Div:
          os << pad << "binop_with_scalar_tile_init();\n"
             << pad << "div_unary_tile(" << s << ", " << bits_of(k) << ");\n";
          return top;
        case BinaryOp::Max:
        case BinaryOp::Min:
          if (k == 0 && b->op == BinaryOp::Max) {
            use("compute_kernel_api/eltwise_unary/relu.h");
            os << pad << "relu_tile_init();\n" << pad << "relu_tile(" << s << ");\n";
          } else {
            use("compute_kernel_api.h");
            const char* fn = b->op == BinaryOp::Max ? "unary_max_tile" : "unary_min_tile";
            os << pad << fn << "_init();\n" << pad << fn << "(" << s << ", " << bits_of(k) << ");\n";
          }
          return top;
        default: break;
      }
    }
    // General case: both operands in DST, an SFPU binary op.
    const char* sfpu = nullptr;
    const char* header = "compute_kernel_api/eltwise_binary_sfpu.h";
    switch (b->op) {
      case BinaryOp::Add: sfpu = "add_binary_tile"; break;
      case BinaryOp::Sub: sfpu = "sub_binary_tile"; break;
      case BinaryOp::Mul: sfpu = "mul_binary_tile"; break;
      case BinaryOp::Div: sfpu = "div_binary_tile"; break;
      case BinaryOp::Max: sfpu = "binary_max_tile", header = "compute_kernel_api/binary_max_min.h"; break;
      case BinaryOp::Min: sfpu = "binary_min_tile", header = "compute_kernel_api/binary_max_min.h"; break;
      default:
        throw UserError("T.Parallel", std::string("operator '") + binary_op_name(b->op) + "' is not supported in "
                                      "element-wise tile code on tenstorrent yet", span);
    }
    // Left operand first, into `slot`; the right one above it. (Two statements: the order in which the
    // arguments of one call are evaluated is unspecified, and the right operand must not clobber the left.)
    const int top_a = value(b->a, slot, t, cols, os, pad, span);
    const int top_b = value(b->b, slot + 1, t, cols, os, pad, span);
    const int top = std::max(top_a, top_b);
    use(header);
    os << pad << sfpu << "_init();\n" << pad << sfpu << "(" << s << ", " << slot + 1 << ", " << s << ");\n";
    return top;
  }
  if (auto* u = e->as<UnaryNode>()) {
    if (u->op == UnaryOp::Not) return compare_zero("eqz", as_float(u->a), slot, t, cols, os, pad, span);
    int top = value(u->a, slot, t, cols, os, pad, span);
    use("compute_kernel_api/eltwise_unary/negative.h");
    os << pad << "negative_tile_init();\n" << pad << "negative_tile(" << s << ");\n";
    return top;
  }
  if (auto* c = e->as<CallNode>()) {
    // `init`: the op's init where it is not name + "_init" (the rounding ops share one).
    struct Fn { Intrinsic f; const char* name; const char* header; const char* init = nullptr; };
    static const char* rounding = "compute_kernel_api/eltwise_unary/rounding.h";
    static const Fn fns[] = {
        {Intrinsic::Exp, "exp_tile", "compute_kernel_api/eltwise_unary/exp.h"},
        {Intrinsic::Exp2, "exp2_tile", "compute_kernel_api.h"},
        {Intrinsic::Log, "log_tile", "compute_kernel_api.h"},
        {Intrinsic::Sqrt, "sqrt_tile", "compute_kernel_api/eltwise_unary/sqrt.h"},
        {Intrinsic::Rsqrt, "rsqrt_tile", "compute_kernel_api/eltwise_unary/rsqrt.h"},
        {Intrinsic::Abs, "abs_tile", "compute_kernel_api.h"},
        {Intrinsic::Tanh, "tanh_tile", "compute_kernel_api.h"},
        {Intrinsic::Sigmoid, "sigmoid_tile", "compute_kernel_api.h"},
        {Intrinsic::Sin, "sin_tile", "compute_kernel_api/eltwise_unary/trigonometry.h"},
        {Intrinsic::Cos, "cos_tile", "compute_kernel_api/eltwise_unary/trigonometry.h"},
        {Intrinsic::Erf, "erf_tile", "compute_kernel_api/eltwise_unary/erf_erfc.h"},
        {Intrinsic::Expm1, "expm1_tile", "compute_kernel_api.h"},
        {Intrinsic::Log1p, "log1p_tile", "compute_kernel_api/eltwise_unary/log1p.h"},
        {Intrinsic::Floor, "floor_tile", rounding, "rounding_op_tile_init"},
        {Intrinsic::Ceil, "ceil_tile", rounding, "rounding_op_tile_init"},
        {Intrinsic::Trunc, "trunc_tile", rounding, "rounding_op_tile_init"},
    };
    for (auto& fn : fns) {
      if (fn.f != c->fn) continue;
      int top = value(c->args[0], slot, t, cols, os, pad, span);
      use(fn.header);
      os << pad << (fn.init ? std::string(fn.init) : std::string(fn.name) + "_init") << "();\n"
         << pad << fn.name << "(" << s << ");\n";
      return top;
    }
    if (c->fn == Intrinsic::Log2) {
      int top = value(c->args[0], slot, t, cols, os, pad, span);
      use("compute_kernel_api.h");
      use("compute_kernel_api/eltwise_unary/binop_with_scalar.h");
      os << pad << "log_tile_init();\n" << pad << "log_tile(" << s << ");\n"
         << pad << "binop_with_scalar_tile_init();\n" << pad << "mul_unary_tile(" << s << ", " << bits_of(1.0 / std::log(2.0))
         << ");  // log2(x) = ln(x) / ln(2)\n";
      return top;
    }
    if (c->fn == Intrinsic::Pow) {
      auto* k = constant(c->args[1]);
      if (!k) throw UserError("T.pow", "on tenstorrent the exponent must be a constant", span);
      int top = value(c->args[0], slot, t, cols, os, pad, span);
      use("compute_kernel_api.h");
      os << pad << "power_tile_init();\n" << pad << "power_tile(" << s << ", " << bits_of(k->value)
         << ");  // exponent " << k->value << " as fp32 bits\n";
      return top;
    }
    throw UserError(std::string("T.") + intrinsic_name(c->fn), "is not supported in tile code on tenstorrent yet", span);
  }
  if (e->as<BufferLoadNode>())
    throw UserError("T.Parallel", "scalar values read from buffers inside element-wise tile code are not supported "
                                  "on tenstorrent yet (use float constants or tiles)", span);
  if (auto* sel = e->as<SelectNode>()) {  // where(cond, t, f) on the SFPU: operands in three consecutive slots
    int top = value(sel->cond, slot, t, cols, os, pad, span);
    top = std::max(top, value(sel->t, slot + 1, t, cols, os, pad, span));
    top = std::max(top, value(sel->f, slot + 2, t, cols, os, pad, span));
    use("compute_kernel_api/eltwise_unary/where.h");
    const std::string args = "(" + s + ", " + std::to_string(slot + 1) + ", " + std::to_string(slot + 2) + ", " + s + ");\n";
    const std::string fn = api_0_66() ? (ctx_.fp32_acc ? "where_fp32_tile" : "where_tile")
                                      : std::string("where_tile<DataFormat::") + (ctx_.fp32_acc ? "Float32>" : "Float16_b>");
    os << pad << "where_tile_init();\n" << pad << fn << args;
    return top;
  }
  throw UserError("T.Parallel", "this expression is not supported in element-wise tile code on tenstorrent yet",
                  span);
}

}  // namespace tl::tt
