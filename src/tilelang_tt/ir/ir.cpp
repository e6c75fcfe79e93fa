// Checked constructors and name tables for the nodes of ir.h.
#include "tilelang_tt/ir/ir.h"

#include <cstring>

#include "tilelang_tt/support/error.h"

namespace tl {

// ---------------------------------------------------------------- tables
namespace {
struct DTypeInfo {
  const char* name;
  int bits;
  bool is_float;
};
constexpr DTypeInfo kDTypes[] = {
#define TL_X(id, name, bits, is_float) {name, bits, is_float},
    TL_DTYPES(TL_X)
#undef TL_X
};
constexpr const char* kBinaryNames[] = {
#define TL_X(id, s) s,
    TL_BINARY_OPS(TL_X)
#undef TL_X
};
struct IntrinsicInfo {
  const char* name;
  int arity;
};
constexpr IntrinsicInfo kIntrinsics[] = {
#define TL_X(id, s, n) {s, n},
    TL_INTRINSICS(TL_X)
#undef TL_X
};
}  // namespace

const char* dtype_name(DType t) { return kDTypes[static_cast<int>(t)].name; }
int dtype_bits(DType t) { return kDTypes[static_cast<int>(t)].bits; }
bool dtype_is_float(DType t) { return kDTypes[static_cast<int>(t)].is_float; }
bool dtype_is_int(DType t) { return !dtype_is_float(t) && t != DType::Bool; }
bool dtype_is_signed(DType t) {
  return t == DType::Int8 || t == DType::Int16 || t == DType::Int32 || t == DType::Int64;
}

std::optional<DType> dtype_from_name(const std::string& name) {
  static const std::map<std::string, DType> aliases = {
      {"bf16", DType::BFloat16}, {"fp16", DType::Float16}, {"half", DType::Float16},
      {"fp32", DType::Float32},  {"float", DType::Float32}, {"fp64", DType::Float64},
      {"double", DType::Float64}, {"int", DType::Int32},    {"float8_e4m3fn", DType::Float8E4M3},
      {"e4m3_float8", DType::Float8E4M3}, {"e5m2_float8", DType::Float8E5M2}, {"uint1", DType::Bool},
      {"short", DType::Int16},
  };
  for (size_t i = 0; i < std::size(kDTypes); ++i)
    if (name == kDTypes[i].name) return static_cast<DType>(i);
  auto it = aliases.find(name);
  if (it != aliases.end()) return it->second;
  return std::nullopt;
}

const char* scope_name(Scope s) {
  static const char* names[] = {"global", "shared", "fragment", "local", "var"};
  return names[static_cast<int>(s)];
}
std::optional<Scope> scope_from_name(const std::string& s) {
  for (int i = 0; i < 5; ++i)
    if (s == scope_name(static_cast<Scope>(i))) return static_cast<Scope>(i);
  return std::nullopt;
}

const char* binary_op_name(BinaryOp op) { return kBinaryNames[static_cast<int>(op)]; }
bool binary_op_is_compare(BinaryOp op) { return op >= BinaryOp::EQ && op <= BinaryOp::GE; }
bool binary_op_is_logical(BinaryOp op) { return op == BinaryOp::And || op == BinaryOp::Or; }
bool binary_op_is_bitwise(BinaryOp op) { return op >= BinaryOp::BitAnd && op <= BinaryOp::Shr; }

const char* intrinsic_name(Intrinsic f) { return kIntrinsics[static_cast<int>(f)].name; }
int intrinsic_arity(Intrinsic f) { return kIntrinsics[static_cast<int>(f)].arity; }
std::optional<Intrinsic> intrinsic_from_name(const std::string& s) {
  for (size_t i = 0; i < std::size(kIntrinsics); ++i)
    if (s == kIntrinsics[i].name) return static_cast<Intrinsic>(i);
  return std::nullopt;
}

const char* for_kind_name(ForKind k) {
  static const char* names[] = {"serial", "parallel", "pipelined", "unroll", "thread"};
  return names[static_cast<int>(k)];
}
const char* atomic_op_name(AtomicOp op) {
  static const char* names[] = {"atomic_add", "atomic_max", "atomic_min", "atomic_or"};
  return names[static_cast<int>(op)];
}
const char* reduce_kind_name(ReduceKind k) {
  static const char* names[] = {"sum", "max", "min", "abssum", "absmax"};
  return names[static_cast<int>(k)];
}

// ---------------------------------------------------------------- expressions
BufferLoadNode::BufferLoadNode(Buffer b, std::vector<Expr> i)
    : ExprNode(kKind, b->dtype), buffer(std::move(b)), indices(std::move(i)) {}

std::optional<int64_t> as_const_int(const Expr& e) {
  if (auto* n = e->as<IntImmNode>()) return n->value;
  return std::nullopt;
}

Expr make_int(int64_t v, DType t) {
  TL_ASSERT(!dtype_is_float(t), "make_int with float dtype " << dtype_name(t));
  return std::make_shared<IntImmNode>(t, v);
}
Expr make_float(double v, DType t) {
  TL_ASSERT(dtype_is_float(t), "make_float with non-float dtype " << dtype_name(t));
  return std::make_shared<FloatImmNode>(t, v);
}
Expr make_bool(bool v) { return std::make_shared<IntImmNode>(DType::Bool, v ? 1 : 0); }
VarRef make_var(const std::string& name, DType t) {
  TL_ASSERT(!name.empty(), "var without a name");
  return std::make_shared<VarNode>(t, name);
}

namespace {
bool is_imm(const Expr& e) { return e->kind == ExprKind::IntImm || e->kind == ExprKind::FloatImm; }

// The dtype two operands are brought to.
DType promote(const Expr& a, const Expr& b) {
  DType ta = a->dtype, tb = b->dtype;
  if (ta == tb) return ta;
  bool fa = dtype_is_float(ta), fb = dtype_is_float(tb);
  // An immediate adopts the other side's dtype unless that would lose its kind (float imm vs int expr).
  if (is_imm(a) && !is_imm(b) && (fa == fb || !fa)) return tb;
  if (is_imm(b) && !is_imm(a) && (fa == fb || !fb)) return ta;
  if (fa != fb) return fa ? ta : tb;
  if (ta == DType::Bool) return tb;
  if (tb == DType::Bool) return ta;
  if (dtype_bits(ta) != dtype_bits(tb)) return dtype_bits(ta) > dtype_bits(tb) ? ta : tb;
  // same width, different kinds: bf16 vs f16 → f32; signed vs unsigned → signed of that width (int32 etc.)
  if (fa) return DType::Float32;
  return dtype_is_signed(ta) ? ta : tb;
}
}  // namespace

Expr make_cast(DType t, Expr v) {
  TL_ASSERT(v, "cast of null");
  if (v->dtype == t) return v;
  if (auto* i = v->as<IntImmNode>()) {
    if (dtype_is_float(t)) return make_float(static_cast<double>(i->value), t);
    if (t == DType::Bool) return make_bool(i->value != 0);
  }
  if (auto* f = v->as<FloatImmNode>()) {
    if (dtype_is_float(t) && dtype_bits(t) >= 16) return make_float(f->value, t);
  }
  return std::make_shared<CastNode>(t, std::move(v));
}

Expr make_binary(BinaryOp op, Expr a, Expr b) {
  TL_ASSERT(a && b, "binary op with null operand");
  if (binary_op_is_logical(op)) {
    a = make_cast(DType::Bool, a);
    b = make_cast(DType::Bool, b);
    return std::make_shared<BinaryNode>(DType::Bool, op, std::move(a), std::move(b));
  }
  DType t = promote(a, b);
  TL_ASSERT(!binary_op_is_bitwise(op) || !dtype_is_float(t), binary_op_name(op) << " of float operands");
  a = make_cast(t, a);
  b = make_cast(t, b);
  DType rt = binary_op_is_compare(op) ? DType::Bool : t;
  return std::make_shared<BinaryNode>(rt, op, std::move(a), std::move(b));
}

Expr make_unary(UnaryOp op, Expr a) {
  TL_ASSERT(a, "unary op with null operand");
  TL_ASSERT(op != UnaryOp::Reinterpret, "make_unary of a reinterpret: use make_reinterpret");
  if (op == UnaryOp::Not) return std::make_shared<UnaryNode>(DType::Bool, op, make_cast(DType::Bool, a));
  DType t = a->dtype;
  return std::make_shared<UnaryNode>(t, op, std::move(a));
}

Expr make_reinterpret(DType t, Expr a) {
  TL_ASSERT(a, "reinterpret of a null operand");
  if (a->dtype == t) return a;
  TL_ASSERT(dtype_bits(t) == dtype_bits(a->dtype) && t != DType::Bool && a->dtype != DType::Bool,
            "reinterpret of " << dtype_name(a->dtype) << " as " << dtype_name(t));
  return std::make_shared<UnaryNode>(t, UnaryOp::Reinterpret, std::move(a));
}

Expr make_select(Expr cond, Expr t, Expr f) {
  TL_ASSERT(cond && t && f, "select with null operand");
  DType ty = promote(t, f);
  return std::make_shared<SelectNode>(ty, make_cast(DType::Bool, cond), make_cast(ty, t), make_cast(ty, f));
}

Expr make_call(Intrinsic fn, std::vector<Expr> args) {
  TL_ASSERT(static_cast<int>(args.size()) == intrinsic_arity(fn),
            intrinsic_name(fn) << " takes " << intrinsic_arity(fn) << " args, got " << args.size());
  DType t = args[0]->dtype;
  for (size_t i = 1; i < args.size(); ++i) t = promote(make_cast(t, args[0]), args[i]);
  if (fn != Intrinsic::Abs && !dtype_is_float(t)) t = DType::Float32;
  for (auto& a : args) a = make_cast(t, a);
  return std::make_shared<CallNode>(t, fn, std::move(args));
}

Expr make_load(Buffer b, std::vector<Expr> indices) {
  TL_ASSERT(b, "load from null buffer");
  TL_ASSERT(indices.size() == b->shape.size(), "load of " << b->name << " with " << indices.size()
                                                           << " indices, rank " << b->shape.size());
  for (auto& i : indices) {
    TL_ASSERT(dtype_is_int(i->dtype), "non-integer index into " << b->name);
    i = make_cast(DType::Int32, i);
  }
  return std::make_shared<BufferLoadNode>(std::move(b), std::move(indices));
}

Expr make_extern(const std::string& name, DType t, std::vector<Expr> args) {
  TL_ASSERT(!name.empty(), "extern call without a name");
  for (auto& a : args) TL_ASSERT(a, "extern call " << name << " with a null argument");
  return std::make_shared<ExternCallNode>(t, name, std::move(args));
}

// ---------------------------------------------------------------- buffers
Buffer make_buffer(const std::string& name, DType t, std::vector<Expr> shape, Scope scope, Span span) {
  TL_ASSERT(!name.empty(), "buffer without a name");
  for (auto& s : shape) {
    TL_ASSERT(dtype_is_int(s->dtype), "non-integer extent in shape of " << name);
    s = make_cast(DType::Int32, s);
  }
  auto b = std::make_shared<BufferNode>();
  b->name = name;
  b->dtype = t;
  b->shape = std::move(shape);
  b->scope = scope;
  b->span = std::move(span);
  return b;
}

BufferRegion make_full_region(Buffer b) {
  BufferRegion r{b, {}};
  for (auto& s : b->shape) r.ranges.push_back({make_int(0), s});
  return r;
}

namespace {
void check_region(const BufferRegion& r, const char* what) {
  TL_ASSERT(r.buffer, what << ": null buffer");
  TL_ASSERT(r.ranges.size() == r.buffer->shape.size(),
            what << ": region of " << r.buffer->name << " has " << r.ranges.size() << " ranges, rank "
                 << r.buffer->shape.size());
  for (auto& rg : r.ranges) TL_ASSERT(rg.min && rg.extent, what << ": incomplete range");
}
}  // namespace

// ---------------------------------------------------------------- statements
Stmt make_seq(std::vector<Stmt> seq, Span span) {
  std::vector<Stmt> flat;
  for (auto& s : seq) {
    TL_ASSERT(s, "null statement in sequence");
    if (auto* inner = s->as<SeqStmtNode>())
      flat.insert(flat.end(), inner->seq.begin(), inner->seq.end());
    else
      flat.push_back(s);
  }
  if (flat.size() == 1) return flat[0];
  return std::make_shared<SeqStmtNode>(std::move(flat), std::move(span));
}

Stmt make_for(VarRef v, Expr min, Expr extent, ForKind kind, Stmt body, Span span, int num_stages,
              std::vector<int> order, std::vector<int> stage, std::vector<int> group) {
  TL_ASSERT(v && min && extent && body, "incomplete for");
  TL_ASSERT(dtype_is_int(v->dtype), "loop var " << v->name << " is not an integer");
  auto n = std::make_shared<ForNode>(std::move(v), make_cast(DType::Int32, min), make_cast(DType::Int32, extent), kind,
                                     std::move(body), std::move(span));
  n->num_stages = num_stages;
  n->order = std::move(order);
  n->stage = std::move(stage);
  n->group = std::move(group);
  return n;
}

Stmt make_if(Expr cond, Stmt then_case, Stmt else_case, Span span) {
  TL_ASSERT(cond && then_case, "incomplete if");
  return std::make_shared<IfThenElseNode>(make_cast(DType::Bool, cond), std::move(then_case), std::move(else_case),
                                          std::move(span));
}

Stmt make_let(VarRef v, Expr value, Stmt body, Span span) {
  TL_ASSERT(v && value && body, "incomplete let");
  TL_ASSERT(v->dtype == value->dtype, "let " << v->name << ": var is " << dtype_name(v->dtype) << ", value is "
                                             << dtype_name(value->dtype));
  return std::make_shared<LetStmtNode>(std::move(v), std::move(value), std::move(body), std::move(span));
}

Stmt make_store(Buffer b, std::vector<Expr> indices, Expr value, Span span) {
  TL_ASSERT(b && value, "incomplete store");
  TL_ASSERT(indices.size() == b->shape.size(), "store to " << b->name << " with " << indices.size()
                                                           << " indices, rank " << b->shape.size());
  for (auto& i : indices) {
    TL_ASSERT(dtype_is_int(i->dtype), "non-integer index into " << b->name);
    i = make_cast(DType::Int32, i);
  }
  value = make_cast(b->dtype, value);
  return std::make_shared<BufferStoreNode>(std::move(b), std::move(indices), std::move(value), std::move(span));
}

Stmt make_atomic(AtomicOp op, Buffer b, std::vector<Expr> indices, Expr value, Buffer prev, Span span) {
  TL_ASSERT(b && value, "incomplete atomic");
  TL_ASSERT(indices.size() == b->shape.size(), atomic_op_name(op) << " on " << b->name << " with " << indices.size()
                                                                  << " indices, rank " << b->shape.size());
  for (auto& i : indices) {
    TL_ASSERT(dtype_is_int(i->dtype), "non-integer index into " << b->name);
    i = make_cast(DType::Int32, i);
  }
  TL_ASSERT(!prev || (prev->scope == Scope::Var && prev->dtype == b->dtype),
            atomic_op_name(op) << ": prev must be a var buffer of " << b->name << "'s dtype");
  value = make_cast(b->dtype, value);
  return std::make_shared<AtomicNode>(op, std::move(b), std::move(indices), std::move(value), std::move(prev),
                                      std::move(span));
}

Stmt make_kernel(std::vector<Expr> grid, std::vector<VarRef> block_vars, std::vector<int> threads,
                 std::vector<Buffer> allocs, std::map<std::string, std::string> attrs, Stmt body, Span span) {
  TL_ASSERT(!grid.empty() && grid.size() <= 3, "kernel grid must have 1-3 dims, got " << grid.size());
  TL_ASSERT(grid.size() == block_vars.size(), "kernel grid/block var count mismatch");
  TL_ASSERT(body, "kernel without body");
  for (auto& g : grid) g = make_cast(DType::Int32, g);
  for (auto& a : allocs) TL_ASSERT(a->scope != Scope::Global, "kernel alloc " << a->name << " is global");
  return std::make_shared<KernelNode>(std::move(grid), std::move(block_vars), std::move(threads), std::move(allocs),
                                      std::move(attrs), std::move(body), std::move(span));
}

Stmt make_copy(BufferRegion src, BufferRegion dst, Span span) {
  check_region(src, "copy");
  check_region(dst, "copy");
  return std::make_shared<CopyNode>(std::move(src), std::move(dst), std::move(span));
}

Stmt make_fill(BufferRegion dst, Expr value, Span span) {
  check_region(dst, "fill");
  TL_ASSERT(value, "fill without value");
  value = make_cast(dst.buffer->dtype, value);
  return std::make_shared<FillNode>(std::move(dst), std::move(value), std::move(span));
}

Stmt make_gemm(BufferRegion a, BufferRegion b, BufferRegion c, bool transpose_a, bool transpose_b, bool clear_accum,
               Span span) {
  check_region(a, "gemm");
  check_region(b, "gemm");
  check_region(c, "gemm");
  TL_ASSERT(a.ranges.size() >= 2 && b.ranges.size() >= 2 && c.ranges.size() >= 2, "gemm operands need rank >= 2");
  return std::make_shared<GemmNode>(std::move(a), std::move(b), std::move(c), transpose_a, transpose_b, clear_accum,
                                    std::move(span));
}

Stmt make_reduce(ReduceKind k, BufferRegion src, BufferRegion dst, int dim, bool clear, Span span) {
  check_region(src, "reduce");
  check_region(dst, "reduce");
  TL_ASSERT(dim >= 0 && dim < static_cast<int>(src.ranges.size()), "reduce dim " << dim << " out of range");
  return std::make_shared<ReduceNode>(k, std::move(src), std::move(dst), dim, clear, std::move(span));
}

Stmt make_cumsum(BufferRegion src, BufferRegion dst, int dim, bool reverse, Span span) {
  check_region(src, "cumsum");
  check_region(dst, "cumsum");
  TL_ASSERT(dim >= 0 && dim < static_cast<int>(src.ranges.size()), "cumsum dim " << dim << " out of range");
  return std::make_shared<CumSumNode>(std::move(src), std::move(dst), dim, reverse, std::move(span));
}

Stmt make_im2col(BufferRegion src, BufferRegion dst, Expr nhw_step, Expr c_step, int kernel, int stride, int dilation,
                 int pad, Span span) {
  check_region(src, "im2col");
  check_region(dst, "im2col");
  TL_ASSERT(src.ranges.size() == 4 && dst.ranges.size() == 2, "im2col takes a 4-D image and a 2-D column buffer");
  TL_ASSERT(kernel > 0 && stride > 0 && dilation > 0 && pad >= 0, "im2col: bad kernel/stride/dilation/pad");
  nhw_step = make_cast(DType::Int32, nhw_step);
  c_step = make_cast(DType::Int32, c_step);
  return std::make_shared<Im2ColNode>(std::move(src), std::move(dst), std::move(nhw_step), std::move(c_step), kernel,
                                      stride, dilation, pad, std::move(span));
}

Stmt make_evaluate(Expr value, Span span) {
  TL_ASSERT(value, "evaluate of null");
  return std::make_shared<EvaluateNode>(std::move(value), std::move(span));
}

Stmt make_assert(Expr cond, std::string msg, Span span) {
  TL_ASSERT(cond && cond->dtype == DType::Bool, "assert of a non-bool condition");
  return std::make_shared<AssertNode>(std::move(cond), std::move(msg), std::move(span));
}

Stmt make_print(std::string msg, std::vector<Expr> at, Expr value, BufferRegion region, Span span) {
  TL_ASSERT(!value != !region.buffer, "print takes a value or a region");
  for (auto& a : at) TL_ASSERT(a && dtype_is_int(a->dtype), "print position must be integers");
  return std::make_shared<PrintNode>(std::move(msg), std::move(at), std::move(value), std::move(region),
                                     std::move(span));
}

PrimFunc make_func(const std::string& name, std::vector<Buffer> params, std::vector<VarRef> shape_vars,
                   std::map<std::string, std::string> attrs, Stmt body, Span span, std::vector<Buffer> workspaces) {
  TL_ASSERT(body, "function " << name << " without body");
  for (auto& p : params) TL_ASSERT(p->scope == Scope::Global, "param " << p->name << " is not global");
  for (auto& w : workspaces) TL_ASSERT(w->scope == Scope::Global, "workspace " << w->name << " is not global");
  auto f = std::make_shared<PrimFuncNode>();
  f->name = name;
  f->params = std::move(params);
  f->shape_vars = std::move(shape_vars);
  f->attrs = std::move(attrs);
  f->body = std::move(body);
  f->span = std::move(span);
  f->workspaces = std::move(workspaces);
  return f;
}

}  // namespace tl
