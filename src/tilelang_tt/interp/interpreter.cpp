// Control flow of the reference interpreter (loops, if, let, stores, kernel launches) and tl::interpret:
// binding the arguments and symbolic shapes, then running the compiled body once.
#include "tilelang_tt/interp/interpreter.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/support/error.h"

namespace tl::interp {

std::string format_index(const int64_t* idx, size_t n) {
  std::ostringstream os;
  os << "(";
  for (size_t i = 0; i < n; ++i) os << (i ? ", " : "") << idx[i];
  os << ")";
  return os.str();
}

void throw_oob(const RtBuffer& b, const int64_t* idx, size_t n, const Span& span) {
  std::ostringstream os;
  os << "index " << format_index(idx, n) << " is out of bounds for " << scope_name(b.scope) << " buffer "
     << (b.node ? b.node->name : "?") << " of shape " << format_index(b.shape.data(), b.shape.size());
  throw UserError("interpret", os.str(), span);
}

void throw_unbound(const std::string& name, const Span& span) {
  throw UserError("interpret", "buffer " + name + " is not available here: it is neither a parameter nor allocated "
                                                  "by the enclosing kernel", span);
}

namespace {

void set_strides(RtBuffer& b) {
  b.strides.assign(b.shape.size(), 1);
  int64_t s = 1;
  for (size_t d = b.shape.size(); d-- > 0;) {
    b.strides[d] = s;
    s *= b.shape[d];
  }
  b.size = s;
}

StmtFn compile_store(Compiler& c, const BufferStoreNode& n, const Span& span) {
  int slot = c.buf_slot(n.buffer.get());
  std::vector<IntFn> idx;
  for (auto& i : n.indices) idx.push_back(c.int_expr(i, span));
  CExpr v = c.expr(n.value, span);
  bool global = n.buffer->scope == Scope::Global;
  TL_ASSERT(v.dtype == n.buffer->dtype, "store value dtype differs from buffer " << n.buffer->name);
  std::string name = n.buffer->name;
  auto offset = element_offset(slot, idx, global, name, span);
  if (v.is_float()) {
    FloatFn f = v.f;
    return [offset, f, slot](Env& e) {
      double x = f(e);  // the value first: a store's indices and value are independent
      int64_t off = offset(e);
      if (off < 0) return;
      RtBuffer& b = e.bufs[slot];
      write_float(b.data, b.dtype, off, x);
    };
  }
  IntFn f = v.i;
  return [offset, f, slot](Env& e) {
    int64_t x = f(e);
    int64_t off = offset(e);
    if (off < 0) return;
    RtBuffer& b = e.bufs[slot];
    write_int(b.data, b.dtype, off, x);
  };
}

// Blocks and threads run one at a time here, so a read-modify-write is indivisible as it stands.
StmtFn compile_atomic(Compiler& c, const AtomicNode& n, const Span& span) {
  int slot = c.buf_slot(n.buffer.get());
  int prev = n.prev ? c.buf_slot(n.prev.get()) : -1;
  std::vector<IntFn> idx;
  for (auto& i : n.indices) idx.push_back(c.int_expr(i, span));
  CExpr v = c.expr(n.value, span);
  TL_ASSERT(v.dtype == n.buffer->dtype, "atomic value dtype differs from buffer " << n.buffer->name);
  auto offset = element_offset(slot, idx, n.buffer->scope == Scope::Global, n.buffer->name, span);
  AtomicOp op = n.op;
  DType t = n.buffer->dtype;
  return [offset, v, slot, prev, op, t](Env& e) {
    Value x;
    if (v.is_float()) x.f = v.f(e);
    else x.i = v.i(e);
    int64_t off = offset(e);
    Value old{0};
    if (off >= 0) {
      RtBuffer& b = e.bufs[slot];
      old = read_value(b.data, t, off);
      Value r;
      if (dtype_is_float(t)) {
        r.f = op == AtomicOp::Add ? old.f + x.f : op == AtomicOp::Max ? std::fmax(old.f, x.f) : std::fmin(old.f, x.f);
      } else {
        r.i = op == AtomicOp::Add ? static_cast<int64_t>(static_cast<uint64_t>(old.i) + static_cast<uint64_t>(x.i))
              : op == AtomicOp::Max ? std::max(old.i, x.i)
              : op == AtomicOp::Min ? std::min(old.i, x.i) : (old.i | x.i);
      }
      write_value(b.data, t, off, t, r);  // rounds (floats) or wraps (ints) to the buffer's dtype
    }
    if (prev >= 0) {
      RtBuffer& p = e.bufs[prev];
      write_value(p.data, t, 0, t, old);
    }
  };
}

StmtFn compile_kernel(Compiler& c, const KernelNode& n) {
  const Span& span = n.span;
  std::vector<IntFn> grid;
  for (auto& g : n.grid) grid.push_back(c.int_expr(g, span));
  std::vector<int> bvars;
  for (auto& v : n.block_vars) bvars.push_back(c.var_slot(v.get()));
  struct Alloc {
    int slot;
    const BufferNode* node;
    std::vector<IntFn> shape;
  };
  std::vector<Alloc> allocs;
  for (auto& a : n.allocs) {
    Alloc al{c.buf_slot(a.get()), a.get(), {}};
    for (auto& s : a->shape) al.shape.push_back(c.int_expr(s, a->span));
    allocs.push_back(std::move(al));
  }
  StmtFn body = c.stmt(n.body);
  return [grid, bvars, allocs, body, span](Env& e) {
    int64_t ext[3] = {1, 1, 1};
    for (size_t d = 0; d < grid.size(); ++d) {
      ext[d] = grid[d](e);
      if (ext[d] < 0) throw UserError("interpret", "kernel grid extent is negative: " + std::to_string(ext[d]), span);
    }
    std::vector<std::vector<uint8_t>> storage(allocs.size());
    for (size_t i = 0; i < allocs.size(); ++i) {
      RtBuffer& b = e.bufs[allocs[i].slot];
      b.node = allocs[i].node;
      b.dtype = allocs[i].node->dtype;
      b.scope = allocs[i].node->scope;
      b.shape.clear();
      for (auto& s : allocs[i].shape) {
        int64_t x = s(e);
        if (x < 0)
          throw UserError("interpret", "buffer " + b.node->name + " has negative extent " + std::to_string(x),
                          b.node->span);
        b.shape.push_back(x);
      }
      set_strides(b);
      storage[i].resize(static_cast<size_t>(b.size * dtype_bytes(b.dtype)));
      b.data = storage[i].data();
    }
    // Blocks in row-major order of (bx, by, bz); each starts with zeroed allocations.
    for (int64_t x = 0; x < ext[0]; ++x)
      for (int64_t y = 0; y < ext[1]; ++y)
        for (int64_t z = 0; z < ext[2]; ++z) {
          int64_t coord[3] = {x, y, z};
          for (size_t d = 0; d < bvars.size(); ++d) e.vars[bvars[d]].i = coord[d];
          for (auto& s : storage) std::fill(s.begin(), s.end(), uint8_t{0});
          body(e);
        }
    for (auto& a : allocs) e.bufs[a.slot] = RtBuffer{};
  };
}

}  // namespace

StmtFn Compiler::stmt(const Stmt& s) {
  const Span& span = s->span;
  switch (s->kind) {
    case StmtKind::SeqStmt: {
      std::vector<StmtFn> seq;
      for (auto& x : s->as<SeqStmtNode>()->seq) seq.push_back(stmt(x));
      return [seq](Env& e) {
        for (auto& f : seq) f(e);
      };
    }
    case StmtKind::For: {
      auto* n = s->as<ForNode>();
      if (n->for_kind == ForKind::Thread) return compile_threads(*this, *n);
      IntFn mn = int_expr(n->min, span), ext = int_expr(n->extent, span);
      int slot = var_slot(n->var.get());
      StmtFn body = stmt(n->body);
      return [mn, ext, slot, body](Env& e) {
        int64_t lo = mn(e), hi = lo + ext(e);
        for (int64_t i = lo; i < hi; ++i) {
          e.vars[slot].i = i;
          body(e);
        }
      };
    }
    case StmtKind::IfThenElse: {
      auto* n = s->as<IfThenElseNode>();
      IntFn cond = int_expr(n->cond, span);
      StmtFn t = stmt(n->then_case);
      StmtFn f = n->else_case ? stmt(n->else_case) : StmtFn();
      return [cond, t, f](Env& e) {
        if (cond(e)) t(e);
        else if (f) f(e);
      };
    }
    case StmtKind::LetStmt: {
      auto* n = s->as<LetStmtNode>();
      int slot = var_slot(n->var.get());
      CExpr v = expr(n->value, span);
      StmtFn body = stmt(n->body);
      if (v.is_float()) {
        FloatFn f = v.f;
        return [slot, f, body](Env& e) {
          e.vars[slot].f = f(e);
          body(e);
        };
      }
      IntFn f = v.i;
      return [slot, f, body](Env& e) {
        e.vars[slot].i = f(e);
        body(e);
      };
    }
    case StmtKind::BufferStore: return compile_store(*this, *s->as<BufferStoreNode>(), span);
    case StmtKind::Atomic: return compile_atomic(*this, *s->as<AtomicNode>(), span);
    case StmtKind::Kernel: return compile_kernel(*this, *s->as<KernelNode>());
    case StmtKind::Print: return compile_print(*this, *s->as<PrintNode>());
    case StmtKind::Assert: {  // T.device_assert: stop the run at the statement when the condition is false
      IntFn c = int_expr(s->as<AssertNode>()->cond, span);
      std::string msg = "device assertion failed: " + print_expr(s->as<AssertNode>()->cond) +
                        (s->as<AssertNode>()->msg.empty() ? "" : " (" + s->as<AssertNode>()->msg + ")");
      return [c, msg, span](Env& e) {
        if (!c(e)) throw UserError("device_assert", msg, span);
      };
    }
    case StmtKind::Evaluate: {  // for effect only; expressions have none in the interpreter, but may fail
      CExpr v = expr(s->as<EvaluateNode>()->value, span);
      if (v.is_float()) {
        FloatFn f = v.f;
        return [f](Env& e) { (void)f(e); };
      }
      IntFn f = v.i;
      return [f](Env& e) { (void)f(e); };
    }
    default: return compile_tile_op(*this, s);
  }
}

}  // namespace tl::interp

namespace tl {

namespace {
std::string shape_text(const std::vector<std::string>& dims) {
  std::string s = "(";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + dims[i];
  return s + ")";
}
}  // namespace

void interpret(const PrimFunc& func, const std::vector<ArgBuffer>& args) {
  using namespace interp;
  TL_ASSERT(func, "interpret of a null function");
  const auto& params = func->params;
  if (args.size() != params.size())
    throw UserError("interpret", func->name + ": expected " + std::to_string(params.size()) + " arguments, got " +
                                     std::to_string(args.size()),
                    func->span);
  Compiler c;
  for (auto& p : params) c.buf_slot(p.get());  // params take slots 0..n-1
  for (auto& v : func->shape_vars) c.var_slot(v.get());
  std::vector<std::vector<IntFn>> ws_dims;  // T.alloc_global workspaces: slots before the body's buffers
  for (auto& w : func->workspaces) {
    c.buf_slot(w.get());
    ws_dims.emplace_back();
    for (auto& d : w->shape) ws_dims.back().push_back(c.int_expr(d, w->span));
  }
  StmtFn body = c.stmt(func->body);
  // Shape dims that are neither constants nor bare vars are checked after binding.
  std::vector<std::vector<IntFn>> dim_fns(params.size());
  for (size_t i = 0; i < params.size(); ++i)
    for (auto& d : params[i]->shape) dim_fns[i].push_back(c.int_expr(d, params[i]->span));

  Env env;
  env.vars.assign(c.num_vars(), Value{0});
  env.bufs.resize(c.num_bufs());
  std::unordered_map<const VarNode*, size_t> bound_by;  // shape var → the parameter that bound it
  for (size_t i = 0; i < params.size(); ++i) {
    const BufferNode& p = *params[i];
    const ArgBuffer& a = args[i];
    std::vector<std::string> expected, got;
    for (auto& d : p.shape) {
      if (auto k = as_const_int(d)) expected.push_back(std::to_string(*k));
      else if (auto* v = d->as<VarNode>()) expected.push_back(v->name);
      else expected.push_back("?");
    }
    for (auto x : a.shape) got.push_back(std::to_string(x));
    std::string mismatch = "parameter " + p.name + ": expected shape " + shape_text(expected) + ", got " + shape_text(got);
    if (a.dtype != p.dtype)
      throw UserError("interpret", "parameter " + p.name + ": expected dtype " + dtype_name(p.dtype) + ", got " +
                                       dtype_name(a.dtype), p.span);
    if (a.shape.size() != p.shape.size()) throw UserError("interpret", mismatch, p.span);
    if (!a.data && !a.shape.empty()) {
      int64_t n = 1;
      for (auto x : a.shape) n *= x;
      if (n > 0) throw UserError("interpret", "parameter " + p.name + ": no data", p.span);
    }
    for (size_t d = 0; d < p.shape.size(); ++d) {
      if (a.shape[d] < 0) throw UserError("interpret", mismatch, p.span);
      if (auto k = as_const_int(p.shape[d])) {
        if (*k != a.shape[d]) throw UserError("interpret", mismatch, p.span);
      } else if (auto* v = p.shape[d]->as<VarNode>()) {
        int slot = c.var_slot(v);
        auto it = bound_by.find(v);
        if (it == bound_by.end()) {
          bound_by.emplace(v, i);
          env.vars[slot].i = a.shape[d];
        } else if (env.vars[slot].i != a.shape[d]) {
          throw UserError("interpret", "parameter " + p.name + ": dim " + std::to_string(d) + " is " + v->name +
                                           " = " + std::to_string(env.vars[slot].i) + " (from parameter " +
                                           params[it->second]->name + "), got " + std::to_string(a.shape[d]),
                          p.span);
        }
      }
    }
    RtBuffer& b = env.bufs[i];
    b.data = static_cast<uint8_t*>(a.data);
    b.dtype = p.dtype;
    b.scope = Scope::Global;
    b.node = &p;
    b.shape = a.shape;
    set_strides(b);
  }
  for (auto& v : func->shape_vars)
    if (!bound_by.count(v.get()))
      throw UserError("interpret", "shape variable " + v->name + " cannot be bound: it is not a whole dimension of any parameter",
                      func->span);
  for (size_t i = 0; i < params.size(); ++i)
    for (size_t d = 0; d < params[i]->shape.size(); ++d) {
      const Expr& dim = params[i]->shape[d];
      if (as_const_int(dim) || dim->as<VarNode>()) continue;
      int64_t want = dim_fns[i][d](env);
      if (want != args[i].shape[d])
        throw UserError("interpret", "parameter " + params[i]->name + ": dim " + std::to_string(d) + " should be " +
                                         std::to_string(want) + ", got " + std::to_string(args[i].shape[d]),
                        params[i]->span);
    }
  std::vector<std::vector<uint8_t>> ws_storage(func->workspaces.size());  // zeroed, for this call
  for (size_t i = 0; i < func->workspaces.size(); ++i) {
    const Buffer& w = func->workspaces[i];
    RtBuffer& b = env.bufs[c.buf_slot(w.get())];
    b.node = w.get();
    b.dtype = w->dtype;
    b.scope = Scope::Global;
    for (auto& d : ws_dims[i]) {
      int64_t x = d(env);
      if (x < 0) throw UserError("interpret", "workspace " + w->name + " has negative extent " + std::to_string(x), w->span);
      b.shape.push_back(x);
    }
    set_strides(b);
    ws_storage[i].assign(static_cast<size_t>(b.size * dtype_bytes(b.dtype)), 0);
    b.data = ws_storage[i].data();
  }
  body(env);
}

}  // namespace tl
