// Structural equality and hashing (printer.h), and exact expression equality (structural.h).
//
// Both structural_equal and structural_hash are defined on one canonical byte string: a pre-order walk that
// writes every field except spans and names, and writes each Var / Buffer as its definition the first time
// it is met (dtype, scope, shape) and as the index of that first meeting afterwards. Two functions are equal
// exactly when their strings are: this is renaming up to a consistent bijection, bound in order of
// definition. The hash is a 64-bit hash of that string, so it agrees with equality by construction.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/structural.h"

namespace tl {

namespace {

constexpr uint8_t kFormatVersion = 1;  // bump when the canonical form changes (invalidates cache keys)

class Canon {
 public:
  std::string out;

  void func(const PrimFunc& f) {
    u8(kFormatVersion);
    str(f->name);
    u64(f->shape_vars.size());
    for (auto& v : f->shape_vars) var(v.get());
    u64(f->params.size());
    for (auto& p : f->params) buffer(p);
    attrs(f->attrs);
    if (!f->workspaces.empty()) {  // absent from the canonical form when empty, so older hashes stay valid
      u8(0xA1);
      u64(f->workspaces.size());
      for (auto& w : f->workspaces) buffer(w);
    }
    stmt(f->body);
  }

  void expr(const Expr& e) {
    u8(0xE0 + static_cast<uint8_t>(e->kind));
    u8(static_cast<uint8_t>(e->dtype));
    switch (e->kind) {
      case ExprKind::IntImm: return u64(static_cast<uint64_t>(e->as<IntImmNode>()->value));
      case ExprKind::FloatImm: {
        double d = e->as<FloatImmNode>()->value;
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        if (std::isnan(d)) bits = 0x7ff8000000000000ull;  // every NaN is the same constant
        return u64(bits);
      }
      case ExprKind::Var: return var(static_cast<const VarNode*>(e.get()));
      case ExprKind::Binary: {
        auto* n = e->as<BinaryNode>();
        u8(static_cast<uint8_t>(n->op));
        expr(n->a);
        return expr(n->b);
      }
      case ExprKind::Unary: {
        auto* n = e->as<UnaryNode>();
        u8(static_cast<uint8_t>(n->op));
        return expr(n->a);
      }
      case ExprKind::Cast: return expr(e->as<CastNode>()->value);
      case ExprKind::Select: {
        auto* n = e->as<SelectNode>();
        expr(n->cond);
        expr(n->t);
        return expr(n->f);
      }
      case ExprKind::Call: {
        auto* n = e->as<CallNode>();
        u8(static_cast<uint8_t>(n->fn));
        return exprs(n->args);
      }
      case ExprKind::BufferLoad: {
        auto* n = e->as<BufferLoadNode>();
        buffer(n->buffer);
        return exprs(n->indices);
      }
      case ExprKind::ExternCall: {
        auto* n = e->as<ExternCallNode>();
        str(n->name);
        return exprs(n->args);
      }
    }
  }

  void stmt(const Stmt& s) {
    u8(0xC0 + static_cast<uint8_t>(s->kind));
    switch (s->kind) {
      case StmtKind::SeqStmt: {
        auto& seq = s->as<SeqStmtNode>()->seq;
        u64(seq.size());
        for (auto& c : seq) stmt(c);
        return;
      }
      case StmtKind::For: {
        auto* n = s->as<ForNode>();
        var(n->var.get());
        expr(n->min);
        expr(n->extent);
        u8(static_cast<uint8_t>(n->for_kind));
        u64(static_cast<uint64_t>(n->num_stages));
        ints(n->order);
        ints(n->stage);
        ints(n->group);
        return stmt(n->body);
      }
      case StmtKind::IfThenElse: {
        auto* n = s->as<IfThenElseNode>();
        expr(n->cond);
        stmt(n->then_case);
        u8(n->else_case ? 1 : 0);
        if (n->else_case) stmt(n->else_case);
        return;
      }
      case StmtKind::LetStmt: {
        auto* n = s->as<LetStmtNode>();
        expr(n->value);  // evaluated before the var is bound
        var(n->var.get());
        return stmt(n->body);
      }
      case StmtKind::BufferStore: {
        auto* n = s->as<BufferStoreNode>();
        buffer(n->buffer);
        exprs(n->indices);
        return expr(n->value);
      }
      case StmtKind::Atomic: {
        auto* n = s->as<AtomicNode>();
        u8(static_cast<uint8_t>(n->op));
        buffer(n->buffer);
        exprs(n->indices);
        expr(n->value);
        u8(n->prev ? 1 : 0);
        if (n->prev) buffer(n->prev);
        return;
      }
      case StmtKind::Kernel: {
        auto* n = s->as<KernelNode>();
        exprs(n->grid);
        u64(n->block_vars.size());
        for (auto& v : n->block_vars) var(v.get());
        ints(n->threads);
        u64(n->allocs.size());
        for (auto& a : n->allocs) buffer(a);
        attrs(n->attrs);
        return stmt(n->body);
      }
      case StmtKind::Copy: {
        auto* n = s->as<CopyNode>();
        region(n->src);
        return region(n->dst);
      }
      case StmtKind::Fill: {
        auto* n = s->as<FillNode>();
        region(n->dst);
        return expr(n->value);
      }
      case StmtKind::Gemm: {
        auto* n = s->as<GemmNode>();
        region(n->a);
        region(n->b);
        region(n->c);
        return u8(static_cast<uint8_t>(n->transpose_a | n->transpose_b << 1 | n->clear_accum << 2));
      }
      case StmtKind::Reduce: {
        auto* n = s->as<ReduceNode>();
        u8(static_cast<uint8_t>(n->reduce_kind));
        region(n->src);
        region(n->dst);
        u64(static_cast<uint64_t>(n->dim));
        return u8(n->clear);
      }
      case StmtKind::CumSum: {
        auto* n = s->as<CumSumNode>();
        region(n->src);
        region(n->dst);
        u64(static_cast<uint64_t>(n->dim));
        return u8(n->reverse);
      }
      case StmtKind::Im2Col: {
        auto* n = s->as<Im2ColNode>();
        region(n->src);
        region(n->dst);
        expr(n->nhw_step);
        expr(n->c_step);
        for (int v : {n->kernel, n->stride, n->dilation, n->pad}) u64(static_cast<uint64_t>(v));
        return;
      }
      case StmtKind::Evaluate: return expr(s->as<EvaluateNode>()->value);
      case StmtKind::Assert: return str(s->as<AssertNode>()->msg), expr(s->as<AssertNode>()->cond);
      case StmtKind::Print: {
        auto* n = s->as<PrintNode>();
        str(n->msg);
        u64(n->at.size());
        for (auto& a : n->at) expr(a);
        u8(n->value != nullptr);
        if (n->value) return expr(n->value);
        return region(n->region);
      }
    }
  }

 private:
  void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void str(const std::string& s) {
    u64(s.size());
    out += s;
  }
  void ints(const std::vector<int>& v) {
    u64(v.size());
    for (int x : v) u64(static_cast<uint64_t>(static_cast<int64_t>(x)));
  }
  void exprs(const std::vector<Expr>& es) {
    u64(es.size());
    for (auto& e : es) expr(e);
  }
  void attrs(const std::map<std::string, std::string>& m) {
    u64(m.size());
    for (auto& [k, v] : m) {
      str(k);
      str(v);
    }
  }
  // First meeting: 'N' + definition; afterwards 'R' + index of the first meeting.
  bool seen(const void* p) {
    auto [it, fresh] = ids_.emplace(p, ids_.size());
    if (fresh) {
      u8('N');
      return false;
    }
    u8('R');
    u64(it->second);
    return true;
  }
  void var(const VarNode* v) {
    if (!seen(v)) u8(static_cast<uint8_t>(v->dtype));
  }
  void buffer(const Buffer& b) {
    if (seen(b.get())) return;
    u8(static_cast<uint8_t>(b->scope));
    u8(static_cast<uint8_t>(b->dtype));
    exprs(b->shape);
  }
  void region(const BufferRegion& r) {
    buffer(r.buffer);
    u64(r.ranges.size());
    for (auto& rg : r.ranges) {
      expr(rg.min);
      expr(rg.extent);
    }
  }

  std::unordered_map<const void*, uint64_t> ids_;
};

std::string canonical(const PrimFunc& f) {
  Canon c;
  c.func(f);
  return std::move(c.out);
}

// A 64-bit string hash written for this purpose: 8-byte words folded with multiply-rotate rounds, then a
// full avalanche so that every input bit affects every output bit.
uint64_t hash64(const std::string& s) {
  constexpr uint64_t P1 = 0x9E3779B185EBCA87ull, P2 = 0xC2B2AE3D27D4EB4Full, P3 = 0x165667B19E3779F9ull;
  auto rotl = [](uint64_t x, int r) { return (x << r) | (x >> (64 - r)); };
  uint64_t h = P3 ^ (s.size() * P1);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = rotl(h ^ rotl(w * P2, 31) * P1, 27) * P1 + P3;
  }
  uint64_t tail = 0;
  for (size_t k = 0; i + k < s.size(); ++k) tail |= static_cast<uint64_t>(static_cast<uint8_t>(s[i + k])) << (8 * k);
  h = rotl(h ^ rotl(tail * P2, 31) * P1, 27) * P1 + P3;
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}

}  // namespace

bool structural_equal(const PrimFunc& a, const PrimFunc& b) { return canonical(a) == canonical(b); }

std::string structural_hash(const PrimFunc& f) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash64(canonical(f))));
  return buf;
}

bool expr_equal_exact(const Expr& a, const Expr& b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || a->dtype != b->dtype) return false;
  auto all = [](const std::vector<Expr>& x, const std::vector<Expr>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!expr_equal_exact(x[i], y[i])) return false;
    return true;
  };
  switch (a->kind) {
    case ExprKind::IntImm: return a->as<IntImmNode>()->value == b->as<IntImmNode>()->value;
    case ExprKind::FloatImm: {
      double x = a->as<FloatImmNode>()->value, y = b->as<FloatImmNode>()->value;
      return (std::isnan(x) && std::isnan(y)) || (x == y && std::signbit(x) == std::signbit(y));
    }
    case ExprKind::Var: return false;  // identity only, checked above
    case ExprKind::Binary: {
      auto *x = a->as<BinaryNode>(), *y = b->as<BinaryNode>();
      return x->op == y->op && expr_equal_exact(x->a, y->a) && expr_equal_exact(x->b, y->b);
    }
    case ExprKind::Unary: {
      auto *x = a->as<UnaryNode>(), *y = b->as<UnaryNode>();
      return x->op == y->op && expr_equal_exact(x->a, y->a);
    }
    case ExprKind::Cast: return expr_equal_exact(a->as<CastNode>()->value, b->as<CastNode>()->value);
    case ExprKind::Select: {
      auto *x = a->as<SelectNode>(), *y = b->as<SelectNode>();
      return expr_equal_exact(x->cond, y->cond) && expr_equal_exact(x->t, y->t) && expr_equal_exact(x->f, y->f);
    }
    case ExprKind::Call: {
      auto *x = a->as<CallNode>(), *y = b->as<CallNode>();
      return x->fn == y->fn && all(x->args, y->args);
    }
    case ExprKind::BufferLoad: {
      auto *x = a->as<BufferLoadNode>(), *y = b->as<BufferLoadNode>();
      return x->buffer == y->buffer && all(x->indices, y->indices);
    }
    case ExprKind::ExternCall: {
      auto *x = a->as<ExternCallNode>(), *y = b->as<ExternCallNode>();
      return x->name == y->name && all(x->args, y->args);
    }
  }
  return false;
}

bool is_full_region(const BufferRegion& r) {
  if (r.ranges.size() != r.buffer->shape.size()) return false;
  for (size_t i = 0; i < r.ranges.size(); ++i) {
    auto* m = r.ranges[i].min->as<IntImmNode>();
    if (!m || m->dtype != DType::Int32 || m->value != 0) return false;
    if (!expr_equal_exact(r.ranges[i].extent, r.buffer->shape[i])) return false;
  }
  return true;
}

}  // namespace tl
