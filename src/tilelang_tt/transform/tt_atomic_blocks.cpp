// The combine and init kernels' blocks (tt_atomic_blocks.h).
#include "tilelang_tt/transform/tt_atomic_blocks.h"

#include <algorithm>

namespace tl::tt {

Expr BlockGrid::rest_index(size_t d) const {
  int64_t stride = 1, total = 1;
  for (int64_t e : rest) total *= e;
  for (size_t k = rest.size(); k-- > 0;) {
    if (rest_dim[k] == d) {
      Expr e = vars.back();
      if (stride > 1) e = make_binary(BinaryOp::FloorDiv, e, make_int(stride));
      if (stride * rest[k] < total) e = make_binary(BinaryOp::FloorMod, e, make_int(rest[k]));
      return e;
    }
    stride *= rest[k];
  }
  return make_int(0);
}

BlockGrid block_grid(const Buffer& B, size_t r, int64_t slices, int64_t rows0, int64_t cores) {
  BlockGrid g;
  g.rank = B->shape.size(), g.r = r;
  auto dim = [&](size_t d) { return *as_const_int(B->shape[d]); };
  g.M = dim(r), g.N = g.rank >= 2 ? dim(g.rank - 1) : 1;
  g.W0 = r == 0 ? (rows0 + 31) / 32 * 32 : rows0;
  if (slices > 1) g.rest.push_back(slices), g.rest_dim.push_back(g.rank);
  int64_t others = slices;
  for (size_t d = 0; d + 1 < g.rank; ++d)
    if (d != r) g.rest.push_back(dim(d)), g.rest_dim.push_back(d), others *= dim(d);
  g.bm = std::min<int64_t>(64, (g.M + 31) / 32 * 32), g.bn = g.rank >= 2 ? std::min<int64_t>(64, (g.N + 31) / 32 * 32) : 1;
  auto blocks = [&] { return (g.N + g.bn - 1) / g.bn * ((g.M + g.bm - 1) / g.bm) * others; };
  // Smaller blocks while that puts more cores to work (the combine is bound by DRAM reads, spread over cores).
  while (blocks() < cores && (g.bm > 32 || g.bn > 32)) (g.bn >= g.bm ? g.bn : g.bm) /= 2;
  if (g.rank >= 2) g.grid.push_back(make_int((g.N + g.bn - 1) / g.bn)), g.vars.push_back(make_var("cx"));
  g.grid.push_back(make_int((g.M + g.bm - 1) / g.bm)), g.vars.push_back(make_var("cy"));
  if (others > 1) g.grid.push_back(make_int(others)), g.vars.push_back(make_var("cz"));
  return g;
}

BufferRegion block_region(const Buffer& buf, const BlockGrid& g, const Expr& slice) {
  BufferRegion reg{buf, {}};
  for (size_t d = 0; d < g.rank; ++d) {
    if (d == g.r) reg.ranges.push_back({make_binary(BinaryOp::Mul, g.vars[g.rank >= 2 ? 1 : 0], make_int(g.bm)), make_int(g.bm)});
    else if (d + 1 == g.rank) reg.ranges.push_back({make_binary(BinaryOp::Mul, g.vars[0], make_int(g.bn)), make_int(g.bn)});
    else reg.ranges.push_back({g.rest_index(d), make_int(1)});
  }
  if (slice)
    reg.ranges[0].min = make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, make_int(g.W0)), reg.ranges[0].min);
  return reg;
}

Stmt fold_blocks(AtomicOp op, const Buffer& acc, const Buffer& part, const Span& sp) {
  std::vector<VarRef> v;
  std::vector<Expr> idx;
  for (size_t d = 0; d < acc->shape.size(); ++d) v.push_back(make_var(d ? "j" : "i")), idx.push_back(v.back());
  Stmt body = make_store(acc, idx, fold(op, make_load(acc, idx), make_load(part, idx)), sp);
  for (size_t d = v.size(); d-- > 0;) body = make_for(v[d], make_int(0), acc->shape[d], ForKind::Parallel, body, sp);
  return body;
}

Expr fold(AtomicOp op, Expr a, Expr b) {
  if (op == AtomicOp::Add) return make_binary(BinaryOp::Add, std::move(a), std::move(b));
  return make_binary(op == AtomicOp::Max ? BinaryOp::Max : BinaryOp::Min, std::move(a), std::move(b));
}

}  // namespace tl::tt
