// Index permutations in T.Parallel nests (tt_permutation.h).
#include "tilelang_tt/transform/tt_permutation.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// The two Parallel loops of a nest around a single store, or nulls.
const BufferStoreNode* two_loops(const Stmt& nest, const ForNode*& outer, const ForNode*& inner) {
  outer = nest->as<ForNode>();
  if (!outer || outer->for_kind != ForKind::Parallel || as_const_int(outer->min) != 0) return nullptr;
  inner = outer->body->as<ForNode>();
  if (!inner || inner->for_kind != ForKind::Parallel || as_const_int(inner->min) != 0) return nullptr;
  return inner->body->as<BufferStoreNode>();
}

bool is_var(const Expr& e, const VarRef& v) { return e.get() == v.get(); }

// x + v (either order) with x free of i and j: x; v itself: 0; nullopt otherwise.
std::optional<Expr> offset(const Expr& e, const VarRef& v, const VarRef& i, const VarRef& j) {
  if (is_var(e, v)) return make_int(0);
  auto* b = e->as<BinaryNode>();
  if (!b || b->op != BinaryOp::Add) return std::nullopt;
  const Expr& x = b->b.get() == v.get() ? b->a : b->a.get() == v.get() ? b->b : Expr();
  if (!x || mentions_var(x, i.get()) || mentions_var(x, j.get())) return std::nullopt;
  return x;
}

// G[.., k0 + j, .., c0 + i] (the last index c0 + i, one other k0 + j, the rest free of i and j) as the region of
// G's C×R block (C = the extent of j, R of i); nullopt for any other indexing.
std::optional<BufferRegion> transposed_block(const Buffer& g, const std::vector<Expr>& idx, const VarRef& i,
                                             const VarRef& j, int64_t R, int64_t C) {
  const size_t n = idx.size();
  if (g->scope != Scope::Global || n < 2 || !offset(idx[n - 1], i, i, j)) return std::nullopt;
  BufferRegion r{g, {}};
  int k = -1;
  for (size_t d = 0; d + 1 < n; ++d) {
    if (auto o = offset(idx[d], j, i, j); o && k < 0) {
      k = int(d), r.ranges.push_back({*o, make_int(C)});
    } else {
      if (mentions_var(idx[d], i.get()) || mentions_var(idx[d], j.get())) return std::nullopt;
      r.ranges.push_back({idx[d], make_int(1)});
    }
  }
  if (k < 0) return std::nullopt;
  r.ranges.push_back({*offset(idx[n - 1], i, i, j), make_int(R)});
  return r;
}

}  // namespace

std::optional<Transpose> match_transpose(const Stmt& nest) {
  const ForNode *outer = nullptr, *inner = nullptr;
  const BufferStoreNode* st = two_loops(nest, outer, inner);
  if (!st) return std::nullopt;
  Expr v = st->value;
  while (auto* c = v->as<CastNode>()) v = c->value;
  auto* ld = v->as<BufferLoadNode>();
  if (!ld) return std::nullopt;
  const VarRef &i = outer->var, &j = inner->var;
  auto ext = [](const ForNode* f) { return as_const_int(f->extent).value_or(-1); };
  // A whole local block L[p, q] ({p, q} = {i, j}) and a global block transposed (its last index runs with p).
  for (bool ij : {true, false}) {
    const VarRef &p = ij ? i : j, &q = ij ? j : i;
    const int64_t R = ext(ij ? outer : inner), C = ext(ij ? inner : outer);
    auto local = [&](const Buffer& b, const std::vector<Expr>& x) {
      return b->scope != Scope::Global && x.size() == 2 && is_var(x[0], p) && is_var(x[1], q) &&
             as_const_int(b->shape[0]) == R && as_const_int(b->shape[1]) == C;
    };
    if (local(ld->buffer, ld->indices))
      if (auto g = transposed_block(st->buffer, st->indices, p, q, R, C))
        return Transpose{ld->buffer, st->buffer, R, C, *g};
    if (local(st->buffer, st->indices))
      if (auto g = transposed_block(ld->buffer, ld->indices, p, q, R, C))
        return Transpose{ld->buffer, st->buffer, C, R, *g};
  }
  if (st->indices.size() != 2 || ld->indices.size() != 2) return std::nullopt;
  // B[j, i] = A[i, j] (or B[i, j] = A[j, i]): the store's index order is the load's, swapped.
  const bool swapped = (is_var(st->indices[0], j) && is_var(st->indices[1], i) && is_var(ld->indices[0], i) &&
                        is_var(ld->indices[1], j)) ||
                       (is_var(st->indices[0], i) && is_var(st->indices[1], j) && is_var(ld->indices[0], j) &&
                        is_var(ld->indices[1], i));
  if (!swapped) return std::nullopt;
  auto whole = [&](const Buffer& b, int64_t r, int64_t c) {
    auto d0 = as_const_int(b->shape[0]), d1 = as_const_int(b->shape[1]);
    if (b->scope == Scope::Global || !d0 || !d1 || *d0 != r || *d1 != c)
      throw UserError("T.Parallel", "a transposing copy (indices swapped between load and store) must read and "
                                    "write whole local 2-D buffers on tenstorrent: T.copy the global block into a "
                                    "shared buffer first; " + b->name + " is not a whole " + std::to_string(r) +
                                    "×" + std::to_string(c) + " block here", nest->span);
  };
  const bool load_ij = is_var(ld->indices[0], i);
  const int64_t rows = load_ij ? ext(outer) : ext(inner), cols = load_ij ? ext(inner) : ext(outer);
  whole(ld->buffer, rows, cols);
  whole(st->buffer, cols, rows);
  return Transpose{ld->buffer, st->buffer, rows, cols, {}};
}

}  // namespace tl::tt
