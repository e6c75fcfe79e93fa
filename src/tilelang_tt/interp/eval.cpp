// Expression compilation: each Expr node becomes one closure that calls its children's closures. Float
// ops are computed in double and rounded to the node's dtype (exactly the dtype's own arithmetic, see
// values.h); intrinsics on float32 and narrower use the float versions of the libm functions.
#include <cmath>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::interp {

namespace {

template <DType T>
inline double rnd(double v) {
  return round_float(T, v);
}

template <DType T>
FloatFn float_arith(BinaryOp op, FloatFn a, FloatFn b) {
  switch (op) {
    case BinaryOp::Add: return [a, b](Env& e) { return rnd<T>(a(e) + b(e)); };
    case BinaryOp::Sub: return [a, b](Env& e) { return rnd<T>(a(e) - b(e)); };
    case BinaryOp::Mul: return [a, b](Env& e) { return rnd<T>(a(e) * b(e)); };
    case BinaryOp::Div: return [a, b](Env& e) { return rnd<T>(a(e) / b(e)); };
    case BinaryOp::FloorDiv: return [a, b](Env& e) { return std::floor(rnd<T>(a(e) / b(e))); };
    case BinaryOp::FloorMod:
      return [a, b](Env& e) {
        double x = a(e), y = b(e);
        return rnd<T>(x - std::floor(x / y) * y);
      };
    case BinaryOp::Min: return [a, b](Env& e) { return std::fmin(a(e), b(e)); };
    case BinaryOp::Max: return [a, b](Env& e) { return std::fmax(a(e), b(e)); };
    default: break;
  }
  TL_ASSERT(false, "float arithmetic op " << binary_op_name(op));
  return {};
}

FloatFn float_arith_for(DType t, BinaryOp op, FloatFn a, FloatFn b) {
  switch (t) {
    case DType::Float32: return float_arith<DType::Float32>(op, a, b);
    case DType::Float64: return float_arith<DType::Float64>(op, a, b);
    case DType::Float16: return float_arith<DType::Float16>(op, a, b);
    case DType::BFloat16: return float_arith<DType::BFloat16>(op, a, b);
    case DType::Float8E4M3: return float_arith<DType::Float8E4M3>(op, a, b);
    case DType::Float8E5M2: return float_arith<DType::Float8E5M2>(op, a, b);
    default: TL_ASSERT(false, "not a float dtype"); return {};
  }
}

[[noreturn]] void div_by_zero(const Span& span) { throw UserError("interpret", "integer division by zero", span); }

int64_t uadd(int64_t x, int64_t y) { return static_cast<int64_t>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y)); }
int64_t usub(int64_t x, int64_t y) { return static_cast<int64_t>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y)); }
int64_t umul(int64_t x, int64_t y) { return static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y)); }

IntFn int_arith(DType t, BinaryOp op, IntFn a, IntFn b, const Span& span) {
  switch (op) {
    case BinaryOp::Add: return [t, a, b](Env& e) { return wrap_int(t, uadd(a(e), b(e))); };
    case BinaryOp::Sub: return [t, a, b](Env& e) { return wrap_int(t, usub(a(e), b(e))); };
    case BinaryOp::Mul: return [t, a, b](Env& e) { return wrap_int(t, umul(a(e), b(e))); };
    case BinaryOp::Div:
      return [t, a, b, span](Env& e) {
        int64_t x = a(e), y = b(e);
        if (y == 0) div_by_zero(span);
        if (y == -1) return wrap_int(t, usub(0, x));
        return wrap_int(t, x / y);
      };
    case BinaryOp::FloorDiv:
      return [t, a, b, span](Env& e) {
        int64_t x = a(e), y = b(e);
        if (y == 0) div_by_zero(span);
        if (y == -1) return wrap_int(t, usub(0, x));
        int64_t q = x / y;
        if (x % y != 0 && ((x < 0) != (y < 0))) --q;
        return wrap_int(t, q);
      };
    case BinaryOp::FloorMod:
      return [t, a, b, span](Env& e) {
        int64_t x = a(e), y = b(e);
        if (y == 0) div_by_zero(span);
        if (y == -1) return int64_t{0};
        int64_t r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
        return wrap_int(t, r);
      };
    case BinaryOp::Min: return [a, b](Env& e) { return std::min(a(e), b(e)); };
    case BinaryOp::Max: return [a, b](Env& e) { return std::max(a(e), b(e)); };
    // values are sign- (signed) or zero- (unsigned) extended to int64: bitwise ops on them, wrapped, are the
    // dtype's; >> of such a value is arithmetic for signed and logical for unsigned dtypes
    case BinaryOp::BitAnd: return [t, a, b](Env& e) { return wrap_int(t, a(e) & b(e)); };
    case BinaryOp::BitOr: return [t, a, b](Env& e) { return wrap_int(t, a(e) | b(e)); };
    case BinaryOp::BitXor: return [t, a, b](Env& e) { return wrap_int(t, a(e) ^ b(e)); };
    case BinaryOp::Shl:
    case BinaryOp::Shr:
      return [t, op, a, b, span](Env& e) {
        int64_t x = a(e), s = b(e);
        if (s < 0 || s >= dtype_bits(t))
          throw UserError("interpret", "shift amount " + std::to_string(s) + " is outside [0, " +
                                           std::to_string(dtype_bits(t)) + ") for " + dtype_name(t), span);
        return op == BinaryOp::Shl ? wrap_int(t, static_cast<int64_t>(static_cast<uint64_t>(x) << s)) : (x >> s);
      };
    default: break;
  }
  TL_ASSERT(false, "int arithmetic op " << binary_op_name(op));
  return {};
}

template <class F>
IntFn compare(BinaryOp op, F a, F b) {
  switch (op) {
    case BinaryOp::EQ: return [a, b](Env& e) -> int64_t { return a(e) == b(e); };
    case BinaryOp::NE: return [a, b](Env& e) -> int64_t { return a(e) != b(e); };
    case BinaryOp::LT: return [a, b](Env& e) -> int64_t { return a(e) < b(e); };
    case BinaryOp::LE: return [a, b](Env& e) -> int64_t { return a(e) <= b(e); };
    case BinaryOp::GT: return [a, b](Env& e) -> int64_t { return a(e) > b(e); };
    case BinaryOp::GE: return [a, b](Env& e) -> int64_t { return a(e) >= b(e); };
    default: TL_ASSERT(false, "not a comparison"); return {};
  }
}

// One intrinsic on float32 (libm's float functions) or float64; the caller rounds to the dtype.
template <class R>
R apply(Intrinsic fn, R x, R y) {
  switch (fn) {
    case Intrinsic::Exp: return std::exp(x);
    case Intrinsic::Exp2: return std::exp2(x);
    case Intrinsic::Log: return std::log(x);
    case Intrinsic::Log2: return std::log2(x);
    case Intrinsic::Sqrt: return std::sqrt(x);
    case Intrinsic::Rsqrt: return R(1) / std::sqrt(x);
    case Intrinsic::Abs: return std::fabs(x);
    case Intrinsic::Tanh: return std::tanh(x);
    case Intrinsic::Sigmoid: return R(1) / (R(1) + std::exp(-x));
    case Intrinsic::Pow: return std::pow(x, y);
    case Intrinsic::Floor: return std::floor(x);
    case Intrinsic::Ceil: return std::ceil(x);
    case Intrinsic::Round: return std::nearbyint(x);
    case Intrinsic::Sin: return std::sin(x);
    case Intrinsic::Cos: return std::cos(x);
    case Intrinsic::Erf: return std::erf(x);
    case Intrinsic::Log1p: return std::log1p(x);
    case Intrinsic::Expm1: return std::expm1(x);
    case Intrinsic::Trunc: return std::trunc(x);
    case Intrinsic::Tan: return std::tan(x);
    case Intrinsic::Asin: return std::asin(x);
    case Intrinsic::Acos: return std::acos(x);
    case Intrinsic::Atan: return std::atan(x);
    case Intrinsic::Sinh: return std::sinh(x);
    case Intrinsic::Cosh: return std::cosh(x);
    case Intrinsic::Asinh: return std::asinh(x);
    case Intrinsic::Acosh: return std::acosh(x);
    case Intrinsic::Atanh: return std::atanh(x);
    case Intrinsic::Exp10: return std::pow(R(10), x);
    case Intrinsic::Nearbyint: return std::nearbyint(x);
    case Intrinsic::Atan2: return std::atan2(x, y);
    case Intrinsic::Fmod: return std::fmod(x, y);
    case Intrinsic::Hypot: return std::hypot(x, y);
    case Intrinsic::Copysign: return std::copysign(x, y);
    case Intrinsic::Nextafter: return std::nextafter(x, y);
  }
  return x;
}

}  // namespace

int Compiler::var_slot(const VarNode* v) {
  auto it = vars_.find(v);
  if (it != vars_.end()) return it->second;
  int s = static_cast<int>(vars_.size());
  vars_.emplace(v, s);
  return s;
}

int Compiler::buf_slot(const BufferNode* b) {
  auto it = bufs_.find(b);
  if (it != bufs_.end()) return it->second;
  int s = static_cast<int>(bufs_.size());
  bufs_.emplace(b, s);
  return s;
}

IntFn Compiler::int_expr(const Expr& e, const Span& span) {
  CExpr c = expr(e, span);
  TL_ASSERT(!c.is_float(), "expected an integer expression, got " << dtype_name(e->dtype));
  return c.i;
}

CExpr Compiler::expr(const Expr& e, const Span& span) {
  DType t = e->dtype;
  CExpr out{t, {}, {}};
  bool fl = dtype_is_float(t);
  switch (e->kind) {
    case ExprKind::IntImm: {
      int64_t v = e->as<IntImmNode>()->value;
      if (fl) {
        double d = round_float(t, static_cast<double>(v));
        out.f = [d](Env&) { return d; };
      } else {
        v = wrap_int(t, v);
        out.i = [v](Env&) { return v; };
      }
      return out;
    }
    case ExprKind::FloatImm: {
      double v = e->as<FloatImmNode>()->value;
      if (fl) {
        double d = round_float(t, v);
        out.f = [d](Env&) { return d; };
      } else {
        int64_t i = float_to_int(t, v);
        out.i = [i](Env&) { return i; };
      }
      return out;
    }
    case ExprKind::Var: {
      int s = var_slot(e->as<VarNode>());
      if (fl) out.f = [s](Env& env) { return env.vars[s].f; };
      else out.i = [s](Env& env) { return env.vars[s].i; };
      return out;
    }
    case ExprKind::Binary: return binary(*e->as<BinaryNode>(), span);
    case ExprKind::Unary: {
      auto* n = e->as<UnaryNode>();
      CExpr a = expr(n->a, span);
      if (n->op == UnaryOp::Reinterpret) {
        DType from = n->a->dtype;
        auto value = [a](Env& env) {
          Value v;
          if (a.is_float()) v.f = a.f(env);
          else v.i = a.i(env);
          return v;
        };
        if (fl) out.f = [value, from, t](Env& env) { return reinterpret_value(from, t, value(env)).f; };
        else out.i = [value, from, t](Env& env) { return reinterpret_value(from, t, value(env)).i; };
      } else if (n->op == UnaryOp::Not) {
        IntFn ai = a.i;
        out.i = [ai](Env& env) -> int64_t { return ai(env) == 0; };
      } else if (fl) {
        FloatFn af = a.f;
        out.f = [af](Env& env) { return -af(env); };
      } else {
        IntFn ai = a.i;
        out.i = [ai, t](Env& env) { return wrap_int(t, usub(0, ai(env))); };
      }
      return out;
    }
    case ExprKind::Cast: {
      auto* n = e->as<CastNode>();
      CExpr v = expr(n->value, span);
      if (v.is_float() && fl) {
        FloatFn f = v.f;
        out.f = [f, t](Env& env) { return round_float(t, f(env)); };
      } else if (v.is_float()) {
        FloatFn f = v.f;
        out.i = [f, t](Env& env) { return float_to_int(t, f(env)); };
      } else if (fl) {
        IntFn i = v.i;
        out.f = [i, t](Env& env) { return round_float(t, static_cast<double>(i(env))); };
      } else {
        IntFn i = v.i;
        out.i = [i, t](Env& env) { return wrap_int(t, i(env)); };
      }
      return out;
    }
    case ExprKind::Select: {
      auto* n = e->as<SelectNode>();
      IntFn c = int_expr(n->cond, span);
      CExpr a = expr(n->t, span), b = expr(n->f, span);
      if (fl) {
        FloatFn x = a.f, y = b.f;
        out.f = [c, x, y](Env& env) { return c(env) ? x(env) : y(env); };
      } else {
        IntFn x = a.i, y = b.i;
        out.i = [c, x, y](Env& env) { return c(env) ? x(env) : y(env); };
      }
      return out;
    }
    case ExprKind::Call: return call(*e->as<CallNode>(), span);
    case ExprKind::BufferLoad: return load(*e->as<BufferLoadNode>(), span);
    case ExprKind::ExternCall:  // target-lowered code (ir.h): its meaning is the target's, not ours
      throw UserError("interpret",
                      "cannot run target-lowered code: extern call " + e->as<ExternCallNode>()->name +
                          " has no meaning in the interpreter",
                      span);
  }
  TL_ASSERT(false, "unknown expression kind");
  return out;
}

CExpr Compiler::binary(const BinaryNode& n, const Span& span) {
  CExpr out{n.dtype, {}, {}};
  CExpr a = expr(n.a, span), b = expr(n.b, span);
  if (binary_op_is_logical(n.op)) {  // short-circuit, like the generated code
    IntFn x = a.i, y = b.i;
    if (n.op == BinaryOp::And) out.i = [x, y](Env& e) -> int64_t { return x(e) != 0 && y(e) != 0; };
    else out.i = [x, y](Env& e) -> int64_t { return x(e) != 0 || y(e) != 0; };
    return out;
  }
  TL_ASSERT(a.dtype == b.dtype, "binary operands of different dtypes");
  if (binary_op_is_compare(n.op)) {
    out.i = a.is_float() ? compare(n.op, a.f, b.f) : compare(n.op, a.i, b.i);
    return out;
  }
  if (a.is_float()) out.f = float_arith_for(n.dtype, n.op, a.f, b.f);
  else out.i = int_arith(n.dtype, n.op, a.i, b.i, span);
  return out;
}

CExpr Compiler::call(const CallNode& n, const Span& span) {
  CExpr out{n.dtype, {}, {}};
  DType t = n.dtype;
  Intrinsic fn = n.fn;
  CExpr a = expr(n.args[0], span);
  if (!a.is_float()) {  // only abs takes integers
    TL_ASSERT(fn == Intrinsic::Abs, intrinsic_name(fn) << " on " << dtype_name(t));
    IntFn x = a.i;
    out.i = [x, t](Env& e) {
      int64_t v = x(e);
      return wrap_int(t, v < 0 ? usub(0, v) : v);
    };
    return out;
  }
  FloatFn x = a.f;
  FloatFn y = n.args.size() > 1 ? expr(n.args[1], span).f : FloatFn([](Env&) { return 0.0; });
  if (t == DType::Float64)
    out.f = [x, y, fn](Env& e) { return apply<double>(fn, x(e), y(e)); };
  else
    out.f = [x, y, fn, t](Env& e) {
      return round_float(t, apply<float>(fn, static_cast<float>(x(e)), static_cast<float>(y(e))));
    };
  return out;
}

IntFn element_offset(int slot, std::vector<IntFn> idx, bool global, const std::string& name, const Span& span) {
  const size_t rank = idx.size();
  TL_ASSERT(rank <= 8, "buffer " << name << " has rank " << rank << " > 8");
  return [slot, idx = std::move(idx), global, rank, span, name](Env& e) -> int64_t {
    const RtBuffer& b = e.bufs[slot];
    if (!b.node) throw_unbound(name, span);
    int64_t ix[8], off = 0;
    bool oob = false;
    for (size_t d = 0; d < rank; ++d) {
      ix[d] = idx[d](e);
      oob |= ix[d] < 0 || ix[d] >= b.shape[d];
      off += ix[d] * b.strides[d];
    }
    if (oob) {
      if (global) return -1;
      throw_oob(b, ix, rank, span);
    }
    return off;
  };
}

CExpr Compiler::load(const BufferLoadNode& n, const Span& span) {
  CExpr out{n.dtype, {}, {}};
  int slot = buf_slot(n.buffer.get());
  std::vector<IntFn> idx;
  for (auto& i : n.indices) idx.push_back(int_expr(i, span));
  bool global = n.buffer->scope == Scope::Global;
  // The flat offset, or -1 for a global out-of-bounds access (non-global ones throw).
  std::string name = n.buffer->name;
  auto offset = element_offset(slot, idx, global, name, span);
  if (dtype_is_float(n.dtype)) {
    out.f = [offset, slot](Env& e) {
      int64_t off = offset(e);
      if (off < 0) return 0.0;
      const RtBuffer& b = e.bufs[slot];
      return read_float(b.data, b.dtype, off);
    };
  } else {
    out.i = [offset, slot](Env& e) -> int64_t {
      int64_t off = offset(e);
      if (off < 0) return 0;
      const RtBuffer& b = e.bufs[slot];
      return read_int(b.data, b.dtype, off);
    };
  }
  return out;
}

std::optional<Value> eval_closed(const Expr& e) {
  struct Open : IRVisitor {
    bool open = false;
    void visit_Var(const VarNode&, const Expr&) override { open = true; }
    void visit_BufferLoad(const BufferLoadNode&, const Expr&) override { open = true; }
    void visit_ExternCall(const ExternCallNode&, const Expr&) override { open = true; }
  } v;
  v.visit(e);
  if (v.open) return std::nullopt;
  Compiler c;
  CExpr x = c.expr(e, Span{});
  Env env;
  Value out;
  if (x.is_float()) out.f = x.f(env);
  else out.i = x.i(env);
  return out;
}

}  // namespace tl::interp
