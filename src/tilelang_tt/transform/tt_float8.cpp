// Float8 by conversion (tt_float8.h).
#include "tilelang_tt/transform/tt_float8.h"

#include <cmath>
#include <functional>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/support/numeric.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

bool is_float8(DType t) { return t == DType::Float8E4M3 || t == DType::Float8E5M2; }

// A dtype whose arithmetic results the device rounds (tt_float8.h): float8 and float16.
bool rounds_to(DType t) { return is_float8(t) || t == DType::Float16; }

// A cast from `from` to float16 that needs no rounding: every value of `from` is a float16 value.
bool float16_holds(DType from) { return is_float8(from) || from == DType::Bool || from == DType::Float16; }

// Functions whose result is representable in the format of a representable argument (integers of at most the
// format's precision, the argument itself, or its magnitude).
bool keeps_format(Intrinsic fn) {
  return fn == Intrinsic::Abs || fn == Intrinsic::Floor || fn == Intrinsic::Ceil || fn == Intrinsic::Trunc ||
         fn == Intrinsic::Round;
}

Expr bin(BinaryOp op, const Expr& a, double k) { return make_binary(op, a, make_float(k)); }

// The value of a float constant (under casts and negations), if x is one.
std::optional<double> constant_value(const Expr& x) {
  if (auto* c = x->as<CastNode>()) return constant_value(c->value);
  if (auto* f = x->as<FloatImmNode>()) return f->value;
  if (auto i = as_const_int(x)) return static_cast<double>(*i);
  if (auto* u = x->as<UnaryNode>(); u && u->op == UnaryOp::Neg)
    if (auto v = constant_value(u->a)) return -*v;
  return std::nullopt;
}

double round_constant(DType t, double v) {
  if (t == DType::Float16) return f16_bits_to_float(double_to_f16_bits(v));
  return t == DType::Float8E5M2 ? f8e5m2_bits_to_float(float_to_f8e5m2_bits(v))
                                : f8e4m3_bits_to_float(float_to_f8e4m3_bits(v));
}

// x of dtype t (rounds_to), computed in float32 and rounded to t.
Expr rounded(DType t, const Expr& x) {
  if (auto k = constant_value(x)) return make_float(round_constant(t, *k), t);
  return make_cast(t, round_to_narrow_float(t, make_cast(DType::Float32, x)));
}

// A load or constant (under casts): the rounding may repeat it.
bool is_simple(const Expr& x) {
  if (auto* c = x->as<CastNode>()) return is_simple(c->value);
  return x->as<BufferLoadNode>() || constant_value(x);
}

std::vector<Expr> extents(const BufferRegion& r) {
  std::vector<Expr> out;
  for (auto& rg : r.ranges)
    if (as_const_int(rg.extent) != 1) out.push_back(rg.extent);
  return out;
}

class Float8Lowering : public IRMutator {
 public:
  Float8Lowering(const PrimFunc& f, bool mark_bf16) : mark_bf16_(mark_bf16), names_(buffer_names(f)) {}

  Expr mutate_FloatImm(const FloatImmNode& n, const Expr& e) override {
    if (n.dtype == DType::BFloat16) return make_float(round_bf16(static_cast<float>(n.value)), n.dtype);
    return rounds_to(n.dtype) ? make_float(round_constant(n.dtype, n.value), n.dtype) : e;
  }
  Expr mutate_Cast(const CastNode& n, const Expr& e) override {
    Expr v = mutate(n.value);
    const bool exact = v->dtype == n.dtype || (n.dtype == DType::Float16 && float16_holds(v->dtype));
    if (!rounds_to(n.dtype) || exact) return v == n.value ? e : make_cast(n.dtype, v);
    return round(n.dtype, v);
  }
  // Float8 and float16 arithmetic rounds each result to its dtype, as the interpreter does. Results that are
  // already values of the dtype are not rounded again: min, max (negation and selects are not arithmetic here),
  // and abs, floor, ceil, trunc, round of a value of the dtype.
  Expr mutate_Binary(const BinaryNode& n, const Expr& e) override {
    Expr v = IRMutator::mutate_Binary(n, e);
    if (n.op == BinaryOp::Min || n.op == BinaryOp::Max) return v;
    return n.dtype == DType::BFloat16 ? marked_bf16(v) : rounds_to(n.dtype) ? round(n.dtype, v) : v;
  }
  Expr mutate_Call(const CallNode& n, const Expr& e) override {
    Expr v = IRMutator::mutate_Call(n, e);
    if (keeps_format(n.fn)) return v;
    return n.dtype == DType::BFloat16 ? marked_bf16(v) : rounds_to(n.dtype) ? round(n.dtype, v) : v;
  }

  // Inside T.Parallel nests, a value rounded from a computed x is stored into a per-element temporary first
  // (a fragment indexed by the nest's variables, in x's dtype, or float32 for float8 arithmetic) so that the
  // rounding, which reads its operand five times, repeats a load and not x's tree (nested roundings would grow
  // exponentially).
  Stmt mutate_For(const ForNode& n, const Stmt& s) override {
    if (n.for_kind != ForKind::Parallel) return IRMutator::mutate_For(n, s);
    nest_.push_back(&n);
    Stmt out = IRMutator::mutate_For(n, s);
    nest_.pop_back();
    return out;
  }
  Stmt mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) override {
    const DType t = n.buffer->dtype;
    if ((t != DType::Float16 && t != DType::BFloat16) || is_scalar_buffer(n.buffer) || nest_.empty())
      return with_temporaries(n.span, [&] { return IRMutator::mutate_BufferStore(n, s); });
    // A float16 or bfloat16 tile: the packer rounds the stored value into its CB.
    return with_temporaries(n.span, [&] {
      std::vector<Expr> idx;
      for (auto& i : n.indices) idx.push_back(mutate(i));
      return make_store(n.buffer, idx, packed(n.value), n.span);
    });
  }
  Stmt mutate_LetStmt(const LetStmtNode& n, const Stmt& s) override {
    Expr value;
    std::vector<Stmt> before = temporaries(n.span, [&] { value = mutate(n.value); });
    Stmt let = make_let(n.var, value, mutate(n.body), n.span);
    before.push_back(let);
    return make_seq(before, n.span);
  }

  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    const bool outer_rounds = rounds_;
    rounds_ = false;
    new_allocs_.clear();
    Stmt body = mutate(n.body);
    auto attrs = n.attrs;
    if (rounds_) attrs["tt.fp32_acc"] = "1";
    auto allocs = n.allocs;
    allocs.insert(allocs.end(), new_allocs_.begin(), new_allocs_.end());
    rounds_ = outer_rounds;
    return make_kernel(n.grid, n.block_vars, n.threads, allocs, attrs, body, n.span);
  }

  Stmt mutate_Copy(const CopyNode& n, const Stmt& s) override {
    const Buffer &src = n.src.buffer, &dst = n.dst.buffer;
    if (!is_float8(dst->dtype) || src->dtype == dst->dtype) return s;
    const bool src_global = src->scope == Scope::Global, dst_global = dst->scope == Scope::Global;
    if (src_global && dst_global) return s;  // tensorize_tt reports it
    rounds_ = true;
    if (dst_global) {  // a local block → float8 tensor: rounded into a float8 fragment, copied out from there
      BufferRegion staged = fragment(src->name + "_" + dtype_name(dst->dtype), dst->dtype, n.src, n.span);
      return make_seq({rounding_nest(n.src, staged, n.span), make_copy(staged, n.dst, n.span)}, n.span);
    }
    if (src_global) {  // a tensor of another dtype → float8 buffer: loaded in its dtype, then rounded
      BufferRegion staged = fragment(dst->name + "_" + dtype_name(src->dtype), src->dtype, n.dst, n.span);
      return make_seq({make_copy(n.src, staged, n.span), rounding_nest(staged, n.dst, n.span)}, n.span);
    }
    return rounding_nest(n.src, n.dst, n.span);
  }

  Stmt mutate_Gemm(const GemmNode& n, const Stmt& s) override {
    if (is_float8(n.c.buffer->dtype))
      throw UserError("T.gemm", "accumulator " + n.c.buffer->name + " is " + dtype_name(n.c.buffer->dtype) +
                                    "; on tenstorrent accumulate in float32 and T.copy the result into float8", n.span);
    return s;
  }
  Stmt mutate_Reduce(const ReduceNode& n, const Stmt& s) override {
    if (is_float8(n.dst.buffer->dtype))
      throw UserError("T.reduce", "destination " + n.dst.buffer->name + " is " + dtype_name(n.dst.buffer->dtype) +
                                      "; on tenstorrent reduce into a float32 buffer and T.copy it into float8",
                      n.span);
    return s;
  }

 private:
  Expr round(DType t, const Expr& v) {
    rounds_ = true;
    if (!temps_ || is_simple(v) || nest_.empty()) return rounded(t, v);
    std::vector<Expr> shape, idx;
    for (const ForNode* f : nest_) {
      if (!as_const_int(f->extent) || as_const_int(f->min) != 0) return rounded(t, v);
      shape.push_back(f->extent), idx.push_back(f->var);
    }
    if (t == DType::Float16) {  // a float16 temporary: the packer rounds the value into its Float16 CB
      Buffer tmp = fresh_buffer("f16_rounded", DType::Float16, shape, *temps_span_);
      temps_->push_back(make_store(tmp, idx, make_cast(t, make_cast(DType::Float32, v)), *temps_span_));
      return make_load(tmp, idx);
    }
    // The temporary holds the clamped operand (float32: exact for every float dtype's values), so the rounding
    // reads it as it is.
    Buffer tmp = fresh_buffer("f8_operand", DType::Float32, shape, *temps_span_);
    temps_->push_back(make_store(tmp, idx, clamp_for_rounding(t, make_cast(DType::Float32, v)), *temps_span_));
    return make_cast(t, round_clamped(t, make_load(tmp, idx)));
  }

  // e mutated but for its root's rounding to float16, which the packer of the stored value does. Selects,
  // negations, min and max commute with rounding (it is monotonic and symmetric), so the roots below them are
  // left to the packer too.
  Expr packed(const Expr& e) {
    if (e->dtype != DType::Float16 && e->dtype != DType::BFloat16) return mutate(e);
    if (auto* b = e->as<BinaryNode>()) {
      const bool order = b->op == BinaryOp::Min || b->op == BinaryOp::Max;
      return make_binary(b->op, order ? packed(b->a) : mutate(b->a), order ? packed(b->b) : mutate(b->b));
    }
    if (auto* c = e->as<CallNode>(); c && !keeps_format(c->fn)) {
      std::vector<Expr> args;
      for (auto& a : c->args) args.push_back(mutate(a));
      return make_call(c->fn, args);
    }
    if (auto* c = e->as<CastNode>()) return make_cast(e->dtype, mutate(c->value));
    if (auto* sel = e->as<SelectNode>()) return make_select(mutate(sel->cond), packed(sel->t), packed(sel->f));
    if (auto* u = e->as<UnaryNode>(); u && u->op == UnaryOp::Neg) return make_unary(UnaryOp::Neg, packed(u->a));
    return mutate(e);
  }

  // A bfloat16 arithmetic result v, marked as one: Cast(bfloat16, Cast(float32, v)) stays a cast to bfloat16
  // when tensorize_tt's leaves make v's tree float32, and the compute emitter rounds there in an fp32 DST.
  Expr marked_bf16(const Expr& v) const {
    return mark_bf16_ ? make_cast(DType::BFloat16, make_cast(DType::Float32, v)) : v;
  }

  // The statements that fill the temporaries `mutate` makes while computing a value, to run before it.
  std::vector<Stmt> temporaries(const Span& sp, const std::function<void()>& mutate) {
    std::vector<Stmt> made, *outer = temps_;
    const Span* outer_span = temps_span_;
    temps_ = &made, temps_span_ = &sp;
    mutate();
    temps_ = outer, temps_span_ = outer_span;
    return made;
  }
  Stmt with_temporaries(const Span& sp, const std::function<Stmt()>& mutate) {
    Stmt out;
    std::vector<Stmt> seq = temporaries(sp, [&] { out = mutate(); });
    if (seq.empty()) return out;
    seq.push_back(out);
    return make_seq(seq, sp);
  }

  Buffer fresh_buffer(const std::string& base, DType t, const std::vector<Expr>& shape, const Span& sp) {
    std::string name = base;
    for (int k = 1; names_.count(name); ++k) name = base + "_" + std::to_string(k);
    names_.insert(name);
    Buffer b = make_buffer(name, t, shape, Scope::Fragment, sp);
    new_allocs_.push_back(b);
    return b;
  }

  // A new fragment of dtype t shaped like region r's non-unit extents, as a whole region.
  BufferRegion fragment(const std::string& base, DType t, const BufferRegion& r, const Span& sp) {
    std::vector<Expr> shape = extents(r);
    if (shape.empty()) shape.push_back(make_int(1));
    return make_full_region(fresh_buffer(base, t, shape, sp));
  }

  // for i, j in T.Parallel(...): dst[d0 + i, d1 + j] = rounded(src[s0 + i, s1 + j]) over the regions'
  // non-unit extents, which must agree (as T.copy's do).
  Stmt rounding_nest(const BufferRegion& src, const BufferRegion& dst, const Span& sp) {
    const std::vector<Expr> se = extents(src), de = extents(dst);
    bool same = se.size() == de.size();
    for (size_t k = 0; same && k < se.size(); ++k) same = as_const_int(se[k]) && as_const_int(se[k]) == as_const_int(de[k]);
    if (!same)
      throw UserError("T.copy", "a copy into float8 buffer " + dst.buffer->name + " from a region of another shape "
                                "is not supported on tenstorrent", sp);
    std::vector<VarRef> vars;
    for (size_t k = 0; k < de.size(); ++k) vars.push_back(make_var(k == 0 ? "i" : k == 1 ? "j" : "k" + std::to_string(k)));
    auto indices = [&](const BufferRegion& r) {
      std::vector<Expr> idx;
      size_t v = 0;
      for (auto& rg : r.ranges) {
        if (as_const_int(rg.extent) == 1)
          idx.push_back(rg.min);
        else
          idx.push_back(as_const_int(rg.min) == 0 ? vars[v++] : make_binary(BinaryOp::Add, rg.min, vars[v++]));
      }
      return idx;
    };
    Stmt body = make_store(dst.buffer, indices(dst),
                           rounded(dst.buffer->dtype, make_load(src.buffer, indices(src))), sp);
    for (size_t k = vars.size(); k-- > 0;)
      body = make_for(vars[k], make_int(0), de[k], ForKind::Parallel, body, sp);
    return body;
  }

  const bool mark_bf16_;
  std::set<std::string> names_;
  std::vector<Buffer> new_allocs_;
  bool rounds_ = false;
  std::vector<const ForNode*> nest_;  // the enclosing T.Parallel loops
  std::vector<Stmt>* temps_ = nullptr;  // where round() puts the stores of its temporaries (none: no temporaries)
  const Span* temps_span_ = nullptr;
};

}  // namespace

Expr clamp_for_rounding(DType t, const Expr& x) {
  // float8 saturates at its largest finite value; float16 clamps at 65520, the least magnitude that rounds to
  // infinity, which the split rounds to 2^16 and the scaling in round_clamped takes to ±inf.
  const double max = t == DType::Float16 ? 65520.0 : t == DType::Float8E5M2 ? 57344.0 : 448.0;
  return bin(BinaryOp::Min, bin(BinaryOp::Max, x, -max), max);
}

Expr round_clamped(DType t, const Expr& a) {
  const bool f16 = t == DType::Float16, e5m2 = t == DType::Float8E5M2;
  const int m = f16 ? 10 : e5m2 ? 2 : 3, emin = f16 || e5m2 ? -14 : -6;
  const double magic = 1.5 * std::ldexp(1.0, emin - m + 23);  // its ulp is the smallest subnormal
  const double split = std::ldexp(1.0, 23 - m) + 1;
  Expr s = bin(BinaryOp::Sub, bin(BinaryOp::Add, a, magic), magic);
  Expr subnormal = make_select(bin(BinaryOp::EQ, s, 0.0), bin(BinaryOp::Mul, a, 0.0), s);  // ±0 keeps a's sign
  Expr g = bin(BinaryOp::Mul, a, split);
  Expr normal = make_binary(BinaryOp::Add, g, make_binary(BinaryOp::Sub, a, g));
  // |a| < 2^emin as the sign of |a| - 2^emin (a is finite: the comparison needs no clamping of infinities)
  Expr tiny = bin(BinaryOp::LT, bin(BinaryOp::Sub, make_call(Intrinsic::Abs, {a}), std::ldexp(1.0, emin)), 0.0);
  Expr r = make_select(tiny, subnormal, normal);
  if (!f16) return r;
  // ±2^16 · 2^112 overflows fp32 to ±inf; every float16 value (≤ 65504 = (2 - 2^-10)·2^15) scales exactly there
  // and back.
  return bin(BinaryOp::Mul, bin(BinaryOp::Mul, r, std::ldexp(1.0, 112)), std::ldexp(1.0, -112));
}

Expr round_to_narrow_float(DType t, const Expr& x) { return round_clamped(t, clamp_for_rounding(t, x)); }

PrimFunc lower_tt_float8(const PrimFunc& f, bool mark_bf16) {
  Float8Lowering l(f, mark_bf16);
  return l.mutate_func(f);
}

}  // namespace tl::tt
