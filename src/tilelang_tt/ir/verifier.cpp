// The well-formedness checks of verifier.h, plus the invariants the make_* constructors establish (operand
// dtypes, index dtypes, literal kinds) — IR that passes them round-trips through the text form exactly.
//
// Scoping: shape vars are visible everywhere; a kernel's block vars and allocations inside that kernel; a
// loop or let var inside its body. Each Var and each allocated Buffer is defined exactly once.
#include <functional>
#include <set>
#include <sstream>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/structural.h"
#include "tilelang_tt/ir/verifier.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl {

namespace {

// The first line of a statement's text, shortened: enough to find the node.
std::string describe(const Stmt& s) {
  std::string t = print_stmt(s);
  t = t.substr(0, t.find('\n'));
  return t.size() > 100 ? t.substr(0, 97) + "..." : t;
}

class Verifier : public IRVisitor {
 public:
  explicit Verifier(const PrimFunc& f) : func_(f) {}
  using IRVisitor::visit;

  void run() {
    for (auto& v : func_->shape_vars) {
      check(dtype_is_int(v->dtype), "shape var " + v->name + " is " + dtype_name(v->dtype) + ", expected an integer");
      define(v);
    }
    std::set<const BufferNode*> seen;
    for (auto& p : func_->params) {
      check(p->scope == Scope::Global, "param " + p->name + " has scope " + scope_name(p->scope));
      check(seen.insert(p.get()).second, "param " + p->name + " appears twice");
      params_.insert(p.get());
      check_shape(p);
    }
    for (auto& w : func_->workspaces) {
      check(w->scope == Scope::Global, "workspace " + w->name + " has scope " + scope_name(w->scope));
      check(seen.insert(w.get()).second, "workspace " + w->name + " appears twice");
      params_.insert(w.get());
      check_shape(w);
    }
    visit(func_->body);
  }

  // ---------------------------------------------------------------- statements
  void visit(const Stmt& s) override {
    check(s != nullptr, "null statement");
    Stmt saved = where_;
    where_ = s;  // described only if a check fails
    IRVisitor::visit(s);
    where_ = saved;
  }

  void visit_For(const ForNode& n, const Stmt&) override {
    check(dtype_is_int(n.var->dtype), "loop var " + n.var->name + " is not an integer");
    check_int32(n.min, "loop min");
    check_int32(n.extent, "loop extent");
    check(n.num_stages >= 0, "num_stages is negative");
    define(n.var);
    parallel_ += n.for_kind == ForKind::Parallel;
    visit(n.body);
    parallel_ -= n.for_kind == ForKind::Parallel;
    undefine(n.var);
  }

  void visit_IfThenElse(const IfThenElseNode& n, const Stmt&) override {
    check_expr(n.cond);
    check(n.cond->dtype == DType::Bool, "condition is not bool");
    check(n.then_case != nullptr, "if without a then branch");
    visit(n.then_case);
    if (n.else_case) visit(n.else_case);
  }

  void visit_LetStmt(const LetStmtNode& n, const Stmt&) override {
    check_expr(n.value);
    check(n.var->dtype == n.value->dtype, "let " + n.var->name + ": var is " + dtype_name(n.var->dtype) +
                                              ", value is " + dtype_name(n.value->dtype));
    define(n.var);
    visit(n.body);
    undefine(n.var);
  }

  void visit_BufferStore(const BufferStoreNode& n, const Stmt&) override {
    check_access(n.buffer, n.indices);
    check_expr(n.value);
    check(n.value->dtype == n.buffer->dtype, std::string("stored value is ") + dtype_name(n.value->dtype) +
                                                  ", buffer " + n.buffer->name + " is " + dtype_name(n.buffer->dtype));
  }

  void visit_Atomic(const AtomicNode& n, const Stmt&) override {
    check_access(n.buffer, n.indices);
    check_expr(n.value);
    check(n.value->dtype == n.buffer->dtype, std::string(atomic_op_name(n.op)) + " value is " +
                                                  dtype_name(n.value->dtype) + ", buffer " + n.buffer->name + " is " +
                                                  dtype_name(n.buffer->dtype));
    check(n.op != AtomicOp::Or || !dtype_is_float(n.buffer->dtype), "atomic_or on float buffer " + n.buffer->name);
    if (n.prev) check_access(n.prev, {make_int(0)});
  }

  void visit_Kernel(const KernelNode& n, const Stmt&) override {
    check(!kernel_, "kernel nested in another kernel");
    check(!n.grid.empty() && n.grid.size() <= 3, "grid has " + std::to_string(n.grid.size()) + " dims, expected 1-3");
    check(n.grid.size() == n.block_vars.size(), "grid and block vars differ in count");
    for (auto& g : n.grid) check_int32(g, "grid extent");
    for (auto& v : n.block_vars) {
      check(dtype_is_int(v->dtype), "block var " + v->name + " is not an integer");
      define(v);
    }
    kernel_ = &n;
    for (auto& a : n.allocs) {
      check(a->scope != Scope::Global, "kernel allocates global buffer " + a->name);
      check(allocated_.insert(a.get()).second, "buffer " + a->name + " is allocated twice");
      check_shape(a);
      for (auto& e : a->shape)
        check(as_const_int(e).value_or(0) > 0, "allocated buffer " + a->name + " needs a positive constant shape");
    }
    visit(n.body);
    kernel_ = nullptr;
    for (auto& v : n.block_vars) undefine(v);
  }

  void visit_Copy(const CopyNode& n, const Stmt&) override {
    tile_op("copy");
    check_region(n.src);
    check_region(n.dst);
    check(same_elements(n.src, n.dst), "copy regions of " + n.src.buffer->name + " and " + n.dst.buffer->name +
                                           " differ in element count");
  }

  void visit_Fill(const FillNode& n, const Stmt&) override {
    tile_op("fill");
    check_region(n.dst);
    check_expr(n.value);
    check(n.value->dtype == n.dst.buffer->dtype, std::string("fill value is ") + dtype_name(n.value->dtype) +
                                                     ", buffer is " + dtype_name(n.dst.buffer->dtype));
  }

  void visit_Gemm(const GemmNode& n, const Stmt&) override {
    tile_op("gemm");
    for (auto* r : {&n.a, &n.b, &n.c}) {
      check_region(*r);
      check(r->ranges.size() >= 2, "gemm operand " + r->buffer->name + " has rank < 2");
    }
    auto last2 = [](const BufferRegion& r, bool t) {
      Expr x = r.ranges[r.ranges.size() - 2].extent, y = r.ranges.back().extent;
      return t ? std::make_pair(y, x) : std::make_pair(x, y);
    };
    auto [m, k] = last2(n.a, n.transpose_a);
    auto [k2, nn] = last2(n.b, n.transpose_b);
    auto [m2, n2] = last2(n.c, false);
    check(same_extent(k, k2), "gemm reduction extents of " + n.a.buffer->name + " and " + n.b.buffer->name + " differ");
    check(same_extent(m, m2), "gemm M extents of " + n.a.buffer->name + " and " + n.c.buffer->name + " differ");
    check(same_extent(nn, n2), "gemm N extents of " + n.b.buffer->name + " and " + n.c.buffer->name + " differ");
  }

  void visit_Reduce(const ReduceNode& n, const Stmt&) override {
    tile_op("reduce");
    check_region(n.src);
    check_region(n.dst);
    size_t r = n.src.ranges.size();
    check(n.dim >= 0 && static_cast<size_t>(n.dim) < r, "reduce dim " + std::to_string(n.dim) + " out of range");
    std::vector<Expr> removed, kept;
    for (size_t i = 0; i < r; ++i) {
      kept.push_back(static_cast<int>(i) == n.dim ? make_int(1) : n.src.ranges[i].extent);
      if (static_cast<int>(i) != n.dim) removed.push_back(n.src.ranges[i].extent);
    }
    auto matches = [&](const std::vector<Expr>& want) {
      if (want.size() != n.dst.ranges.size()) return false;
      for (size_t i = 0; i < want.size(); ++i)
        if (!same_extent(want[i], n.dst.ranges[i].extent)) return false;
      return true;
    };
    check(matches(removed) || matches(kept),
          "reduce destination " + n.dst.buffer->name + " is not the source shape without dim " + std::to_string(n.dim));
  }

  void visit_CumSum(const CumSumNode& n, const Stmt&) override {
    tile_op("cumsum");
    check_region(n.src);
    check_region(n.dst);
    check(n.dim >= 0 && static_cast<size_t>(n.dim) < n.src.ranges.size(), "cumsum dim out of range");
    bool same = n.src.ranges.size() == n.dst.ranges.size();
    for (size_t i = 0; same && i < n.src.ranges.size(); ++i)
      same = same_extent(n.src.ranges[i].extent, n.dst.ranges[i].extent);
    check(same, "cumsum source and destination shapes differ");
  }

  void visit_Im2Col(const Im2ColNode& n, const Stmt&) override {
    tile_op("im2col");
    check_region(n.src);
    check_region(n.dst);
    check_expr(n.nhw_step);
    check_expr(n.c_step);
    check(n.src.ranges.size() == 4 && n.dst.ranges.size() == 2, "im2col needs a 4-D image and a 2-D column buffer");
    check(n.src.buffer->scope == Scope::Global, "im2col image " + n.src.buffer->name + " is not a global tensor");
  }

  // ---------------------------------------------------------------- expressions
  void check_expr(const Expr& e) {
    check(e != nullptr, "null expression");
    visit(e);
  }

  void visit_IntImm(const IntImmNode& n, const Expr&) override {
    check(!dtype_is_float(n.dtype), "integer literal of float dtype");
  }
  void visit_FloatImm(const FloatImmNode& n, const Expr&) override {
    check(dtype_is_float(n.dtype), std::string("float literal of dtype ") + dtype_name(n.dtype));
  }
  void visit_Var(const VarNode& n, const Expr&) override {
    check(in_scope_.count(&n), "var " + n.name + " is used outside its definition");
  }
  void visit_Binary(const BinaryNode& n, const Expr& e) override {
    IRVisitor::visit_Binary(n, e);
    std::string op = binary_op_name(n.op);
    check(n.a->dtype == n.b->dtype, "operands of " + op + " are " + dtype_name(n.a->dtype) + " and " +
                                        dtype_name(n.b->dtype));
    bool boolean = binary_op_is_compare(n.op) || binary_op_is_logical(n.op);
    check(n.dtype == (boolean ? DType::Bool : n.a->dtype), "result dtype of " + op + " is " + dtype_name(n.dtype));
    if (binary_op_is_logical(n.op)) check(n.a->dtype == DType::Bool, "operands of " + op + " are not bool");
    if (binary_op_is_bitwise(n.op)) check(!dtype_is_float(n.a->dtype), "operands of " + op + " are floats");
  }
  void visit_Unary(const UnaryNode& n, const Expr& e) override {
    IRVisitor::visit_Unary(n, e);
    if (n.op == UnaryOp::Not) check(n.dtype == DType::Bool && n.a->dtype == DType::Bool, "operand of not is not bool");
    else if (n.op == UnaryOp::Reinterpret)
      check(dtype_bits(n.dtype) == dtype_bits(n.a->dtype) && n.dtype != DType::Bool && n.a->dtype != DType::Bool,
            "reinterpret between dtypes of different widths or of bool");
    else check(n.dtype == n.a->dtype, "negation changes the dtype");
  }
  void visit_Select(const SelectNode& n, const Expr& e) override {
    IRVisitor::visit_Select(n, e);
    check(n.cond->dtype == DType::Bool, "select condition is not bool");
    check(n.t->dtype == n.dtype && n.f->dtype == n.dtype, "select arms differ from the select's dtype");
  }
  void visit_Call(const CallNode& n, const Expr& e) override {
    IRVisitor::visit_Call(n, e);
    std::string fn = intrinsic_name(n.fn);
    check(static_cast<int>(n.args.size()) == intrinsic_arity(n.fn), fn + " has the wrong number of args");
    for (auto& a : n.args) check(a->dtype == n.dtype, fn + " argument dtype differs from its result");
    check(dtype_is_float(n.dtype) || n.fn == Intrinsic::Abs, fn + " of non-float dtype " + dtype_name(n.dtype));
  }
  void visit_BufferLoad(const BufferLoadNode& n, const Expr&) override {
    check_access(n.buffer, n.indices);
    check(n.dtype == n.buffer->dtype, "load dtype differs from buffer " + n.buffer->name);
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const {
    std::string at = where_ ? "`" + describe(where_) + "`" : "the signature";
    internal_fail(__FILE__, __LINE__, "verify " + func_->name + ": " + msg + " (in " + at + ")");
  }
  void check(bool ok, const std::string& msg) const {
    if (!ok) fail(msg);
  }
  void check_int32(const Expr& e, const char* what) {
    check_expr(e);
    check(e->dtype == DType::Int32, std::string(what) + " is " + dtype_name(e->dtype) + ", expected int32");
  }
  void define(const VarRef& v) {
    check(defined_.insert(v.get()).second, "var " + v->name + " is defined twice");
    in_scope_.insert(v.get());
  }
  void undefine(const VarRef& v) { in_scope_.erase(v.get()); }

  void check_shape(const Buffer& b) {
    for (auto& e : b->shape) check_int32(e, ("shape of " + b->name).c_str());
  }
  void check_buffer(const Buffer& b) {
    check(b != nullptr, "null buffer");
    if (b->scope == Scope::Global) {
      check(params_.count(b.get()), "global buffer " + b->name + " is neither a parameter nor a workspace");
      return;
    }
    bool ok = false;
    if (kernel_)
      for (auto& a : kernel_->allocs) ok = ok || a == b;
    check(ok, std::string(scope_name(b->scope)) + " buffer " + b->name + " is not allocated by the enclosing kernel");
  }
  void check_access(const Buffer& b, const std::vector<Expr>& indices) {
    check_buffer(b);
    check(indices.size() == b->shape.size(), std::to_string(indices.size()) + " indices into " + b->name + " of rank " +
                                                 std::to_string(b->shape.size()));
    for (auto& i : indices) check_int32(i, ("index into " + b->name).c_str());
  }
  void check_region(const BufferRegion& r) {
    check_buffer(r.buffer);
    const Buffer& b = r.buffer;
    check(r.ranges.size() == b->shape.size(), "region of " + b->name + " has " + std::to_string(r.ranges.size()) +
                                                  " ranges, rank " + std::to_string(b->shape.size()));
    for (size_t i = 0; i < r.ranges.size(); ++i) {
      check_int32(r.ranges[i].min, "region min");
      check_int32(r.ranges[i].extent, "region extent");
      auto mn = as_const_int(r.ranges[i].min), ext = as_const_int(r.ranges[i].extent), dim = as_const_int(b->shape[i]);
      check(!ext || *ext > 0, "region of " + b->name + " has a non-positive extent");
      if (b->scope != Scope::Global && mn && ext && dim)
        check(*mn >= 0 && *mn + *ext <= *dim, "region of " + b->name + " is out of bounds in dim " + std::to_string(i));
    }
  }
  void tile_op(const char* op) {
    check(parallel_ == 0, std::string(op) + " inside a parallel loop");
  }

  static bool same_extent(const Expr& a, const Expr& b) {
    auto x = as_const_int(a), y = as_const_int(b);
    if (x && y) return *x == *y;
    return expr_equal_exact(a, b);
  }
  // Equal element counts, ignoring extent-1 dims: products when constant, else the same extents in order.
  static bool same_elements(const BufferRegion& a, const BufferRegion& b) {
    auto non_unit = [](const BufferRegion& r) {
      std::vector<Expr> v;
      for (auto& rg : r.ranges)
        if (as_const_int(rg.extent) != std::optional<int64_t>(1)) v.push_back(rg.extent);
      return v;
    };
    auto x = non_unit(a), y = non_unit(b);
    auto product = [](const std::vector<Expr>& v) -> std::optional<int64_t> {
      int64_t p = 1;
      for (auto& e : v) {
        auto c = as_const_int(e);
        if (!c) return std::nullopt;
        p *= *c;
      }
      return p;
    };
    auto px = product(x), py = product(y);
    if (px && py) return *px == *py;
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!same_extent(x[i], y[i])) return false;
    return true;
  }

  const PrimFunc& func_;
  Stmt where_;
  std::set<const VarNode*> defined_, in_scope_;
  std::set<const BufferNode*> params_, allocated_;
  const KernelNode* kernel_ = nullptr;
  int parallel_ = 0;
};

}  // namespace

void verify(const PrimFunc& f) {
  TL_ASSERT(f && f->body, "verify: function without body");
  Verifier(f).run();
}

}  // namespace tl
