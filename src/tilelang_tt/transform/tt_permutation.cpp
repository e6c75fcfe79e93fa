// Index permutations in T.Parallel nests (tt_permutation.h).
#include "tilelang_tt/transform/tt_permutation.h"

#include "tilelang_tt/support/error.h"

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

}  // namespace

std::optional<Transpose> match_transpose(const Stmt& nest) {
  const ForNode *outer = nullptr, *inner = nullptr;
  const BufferStoreNode* st = two_loops(nest, outer, inner);
  if (!st || st->indices.size() != 2) return std::nullopt;
  Expr v = st->value;
  while (auto* c = v->as<CastNode>()) v = c->value;
  auto* ld = v->as<BufferLoadNode>();
  if (!ld || ld->indices.size() != 2) return std::nullopt;
  const VarRef &i = outer->var, &j = inner->var;
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
  auto ext = [](const ForNode* f) { return as_const_int(f->extent).value_or(-1); };
  const bool load_ij = is_var(ld->indices[0], i);
  const int64_t rows = load_ij ? ext(outer) : ext(inner), cols = load_ij ? ext(inner) : ext(outer);
  whole(ld->buffer, rows, cols);
  whole(st->buffer, cols, rows);
  return Transpose{ld->buffer, st->buffer, rows, cols};
}

}  // namespace tl::tt
