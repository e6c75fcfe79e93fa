// Default IRMutator: rebuild a node only when one of its children changed.
#include "tilelang_tt/ir/visitor.h"

namespace tl {

namespace {
bool same(const std::vector<Expr>& a, const std::vector<Expr>& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}
bool same(const BufferRegion& a, const BufferRegion& b) {
  if (a.buffer != b.buffer) return false;
  for (size_t i = 0; i < a.ranges.size(); ++i)
    if (a.ranges[i].min != b.ranges[i].min || a.ranges[i].extent != b.ranges[i].extent) return false;
  return true;
}
std::vector<Expr> mutate_all(IRMutator& m, const std::vector<Expr>& v) {
  std::vector<Expr> out;
  out.reserve(v.size());
  for (auto& e : v) out.push_back(m.mutate(e));
  return out;
}
}  // namespace

BufferRegion IRMutator::mutate_region(const BufferRegion& r) {
  BufferRegion out{mutate_buffer(r.buffer), {}};
  for (auto& rg : r.ranges) out.ranges.push_back({mutate(rg.min), mutate(rg.extent)});
  return same(out, r) ? r : out;
}

Expr IRMutator::mutate_Binary(const BinaryNode& n, const Expr& e) {
  Expr a = mutate(n.a), b = mutate(n.b);
  return a == n.a && b == n.b ? e : make_binary(n.op, a, b);
}
Expr IRMutator::mutate_Unary(const UnaryNode& n, const Expr& e) {
  Expr a = mutate(n.a);
  if (a == n.a) return e;
  return n.op == UnaryOp::Reinterpret ? make_reinterpret(n.dtype, a) : make_unary(n.op, a);
}
Expr IRMutator::mutate_Cast(const CastNode& n, const Expr& e) {
  Expr v = mutate(n.value);
  return v == n.value ? e : make_cast(n.dtype, v);
}
Expr IRMutator::mutate_Select(const SelectNode& n, const Expr& e) {
  Expr c = mutate(n.cond), t = mutate(n.t), f = mutate(n.f);
  return c == n.cond && t == n.t && f == n.f ? e : make_select(c, t, f);
}
Expr IRMutator::mutate_Call(const CallNode& n, const Expr& e) {
  auto args = mutate_all(*this, n.args);
  return same(args, n.args) ? e : make_call(n.fn, args);
}
Expr IRMutator::mutate_BufferLoad(const BufferLoadNode& n, const Expr& e) {
  Buffer b = mutate_buffer(n.buffer);
  auto idx = mutate_all(*this, n.indices);
  return b == n.buffer && same(idx, n.indices) ? e : make_load(b, idx);
}

Expr IRMutator::mutate_ExternCall(const ExternCallNode& n, const Expr& e) {
  auto args = mutate_all(*this, n.args);
  return same(args, n.args) ? e : make_extern(n.name, n.dtype, args);
}

Stmt IRMutator::mutate_SeqStmt(const SeqStmtNode& n, const Stmt& s) {
  std::vector<Stmt> seq;
  bool changed = false;
  for (auto& st : n.seq) {
    seq.push_back(mutate(st));
    changed |= seq.back() != st;
  }
  return changed ? make_seq(seq, n.span) : s;
}
Stmt IRMutator::mutate_For(const ForNode& n, const Stmt& s) {
  Expr mn = mutate(n.min), ext = mutate(n.extent);
  Stmt body = mutate(n.body);
  if (mn == n.min && ext == n.extent && body == n.body) return s;
  return make_for(n.var, mn, ext, n.for_kind, body, n.span, n.num_stages, n.order, n.stage, n.group);
}
Stmt IRMutator::mutate_IfThenElse(const IfThenElseNode& n, const Stmt& s) {
  Expr c = mutate(n.cond);
  Stmt t = mutate(n.then_case);
  Stmt e = n.else_case ? mutate(n.else_case) : nullptr;
  return c == n.cond && t == n.then_case && e == n.else_case ? s : make_if(c, t, e, n.span);
}
Stmt IRMutator::mutate_LetStmt(const LetStmtNode& n, const Stmt& s) {
  Expr v = mutate(n.value);
  Stmt b = mutate(n.body);
  return v == n.value && b == n.body ? s : make_let(n.var, v, b, n.span);
}
Stmt IRMutator::mutate_BufferStore(const BufferStoreNode& n, const Stmt& s) {
  Buffer b = mutate_buffer(n.buffer);
  auto idx = mutate_all(*this, n.indices);
  Expr v = mutate(n.value);
  return b == n.buffer && same(idx, n.indices) && v == n.value ? s : make_store(b, idx, v, n.span);
}
Stmt IRMutator::mutate_Atomic(const AtomicNode& n, const Stmt& s) {
  Buffer b = mutate_buffer(n.buffer);
  Buffer p = n.prev ? mutate_buffer(n.prev) : nullptr;
  auto idx = mutate_all(*this, n.indices);
  Expr v = mutate(n.value);
  return b == n.buffer && p == n.prev && same(idx, n.indices) && v == n.value
             ? s
             : make_atomic(n.op, b, idx, v, p, n.span);
}
Stmt IRMutator::mutate_Kernel(const KernelNode& n, const Stmt& s) {
  auto grid = mutate_all(*this, n.grid);
  std::vector<Buffer> allocs;
  bool allocs_changed = false;
  for (auto& a : n.allocs) {
    allocs.push_back(mutate_buffer(a));
    allocs_changed |= allocs.back() != a;
  }
  Stmt body = mutate(n.body);
  if (same(grid, n.grid) && !allocs_changed && body == n.body) return s;
  return make_kernel(grid, n.block_vars, n.threads, allocs, n.attrs, body, n.span);
}
Stmt IRMutator::mutate_Copy(const CopyNode& n, const Stmt& s) {
  auto src = mutate_region(n.src), dst = mutate_region(n.dst);
  return same(src, n.src) && same(dst, n.dst) ? s : make_copy(src, dst, n.span);
}
Stmt IRMutator::mutate_Fill(const FillNode& n, const Stmt& s) {
  auto dst = mutate_region(n.dst);
  Expr v = mutate(n.value);
  return same(dst, n.dst) && v == n.value ? s : make_fill(dst, v, n.span);
}
Stmt IRMutator::mutate_Gemm(const GemmNode& n, const Stmt& s) {
  auto a = mutate_region(n.a), b = mutate_region(n.b), c = mutate_region(n.c);
  if (same(a, n.a) && same(b, n.b) && same(c, n.c)) return s;
  return make_gemm(a, b, c, n.transpose_a, n.transpose_b, n.clear_accum, n.span);
}
Stmt IRMutator::mutate_Reduce(const ReduceNode& n, const Stmt& s) {
  auto src = mutate_region(n.src), dst = mutate_region(n.dst);
  return same(src, n.src) && same(dst, n.dst) ? s : make_reduce(n.reduce_kind, src, dst, n.dim, n.clear, n.span);
}
Stmt IRMutator::mutate_CumSum(const CumSumNode& n, const Stmt& s) {
  auto src = mutate_region(n.src), dst = mutate_region(n.dst);
  return same(src, n.src) && same(dst, n.dst) ? s : make_cumsum(src, dst, n.dim, n.reverse, n.span);
}
Stmt IRMutator::mutate_Im2Col(const Im2ColNode& n, const Stmt& s) {
  auto src = mutate_region(n.src), dst = mutate_region(n.dst);
  Expr nhw = mutate(n.nhw_step), c = mutate(n.c_step);
  if (same(src, n.src) && same(dst, n.dst) && nhw == n.nhw_step && c == n.c_step) return s;
  return make_im2col(src, dst, nhw, c, n.kernel, n.stride, n.dilation, n.pad, n.span);
}

Stmt IRMutator::mutate_Evaluate(const EvaluateNode& n, const Stmt& s) {
  Expr v = mutate(n.value);
  return v == n.value ? s : make_evaluate(v, n.span);
}

Stmt IRMutator::mutate_Assert(const AssertNode& n, const Stmt& s) {
  Expr c = mutate(n.cond);
  return c == n.cond ? s : make_assert(c, n.msg, n.span);
}

Stmt IRMutator::mutate_Print(const PrintNode& n, const Stmt& s) {
  std::vector<Expr> at;
  bool changed = false;
  for (auto& a : n.at) {
    at.push_back(mutate(a));
    changed |= at.back() != a;
  }
  Expr v = n.value ? mutate(n.value) : nullptr;
  BufferRegion r = n.value ? n.region : mutate_region(n.region);
  if (!changed && v == n.value && (n.value || same(r, n.region))) return s;
  return make_print(n.msg, at, v, r, n.span);
}

PrimFunc IRMutator::mutate_func(const PrimFunc& f) {
  std::vector<Buffer> params;
  bool changed = false;
  for (auto& p : f->params) {
    params.push_back(mutate_buffer(p));
    changed |= params.back() != p;
  }
  Stmt body = mutate(f->body);
  std::vector<Buffer> workspaces;
  for (auto& w : f->workspaces) {
    workspaces.push_back(mutate_buffer(w));
    changed |= workspaces.back() != w;
  }
  if (!changed && body == f->body) return f;
  return make_func(f->name, params, f->shape_vars, f->attrs, body, f->span, workspaces);
}

}  // namespace tl
