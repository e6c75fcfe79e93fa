// Tile boxes and device layouts of global tensors (tt_tensor_layout.h).
#include "tilelang_tt/transform/tt_tensor_layout.h"

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

// e with each let-bound var whose value is (recursively) tile-aligned replaced by that value; other vars
// (e.g. the block indices bound by grid_to_persistent_loop) stay.
Expr resolve_aligned(const Expr& e, const std::map<const VarNode*, Expr>& lets) {
  if (auto* v = e->as<VarNode>()) {
    auto it = lets.find(v);
    if (it != lets.end()) {
      Expr r = resolve_aligned(it->second, lets);
      if (is_tile_aligned(r)) return r;
    }
    return e;
  }
  if (auto* b = e->as<BinaryNode>()) {
    Expr x = resolve_aligned(b->a, lets), y = resolve_aligned(b->b, lets);
    return x.get() == b->a.get() && y.get() == b->b.get() ? e : make_binary(b->op, x, y);
  }
  return e;
}

// The first buffer an element of which e's value reads, following the let-bound vars in lets; null when e is
// computed from indices and constants only.
const BufferNode* buffer_read_by(const Expr& e, const std::map<const VarNode*, Expr>& lets) {
  struct Finder : IRVisitor {
    const std::map<const VarNode*, Expr>& lets;
    const BufferNode* found = nullptr;
    explicit Finder(const std::map<const VarNode*, Expr>& l) : lets(l) {}
    void visit_Var(const VarNode& v, const Expr&) override {
      auto it = lets.find(&v);
      if (!found && it != lets.end()) visit(it->second);
    }
    void visit_BufferLoad(const BufferLoadNode& n, const Expr&) override {
      if (!found) found = n.buffer.get();
    }
  } finder(lets);
  finder.visit(e);
  return finder.found;
}

void set_view(std::map<std::string, std::string>& func_attrs, const Buffer& g, bool col, const Span& sp) {
  auto dims = g->shape;
  std::string view;
  if (dims.size() == 1)
    view = col ? std::to_string(*as_const_int(dims[0])) + ",1" : "1," + std::to_string(*as_const_int(dims[0]));
  else
    view = std::to_string(*as_const_int(dims[0])) + "," + std::to_string(*as_const_int(dims[1]));
  tt_set_layout(func_attrs, g, "tt.view.", view, "T.copy", sp);
}

// The slice index of indices idx of g (every index but dim's, flattened in order) and n_dim's tile count.
std::pair<Expr, int64_t> line_slice(const Buffer& g, size_t dim, const std::vector<Expr>& idx) {
  Expr slice;
  for (size_t d = 0; d < idx.size(); ++d) {
    if (d == dim) continue;
    slice = !slice ? idx[d] : make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, g->shape[d]), idx[d]);
  }
  return {slice, (*as_const_int(g->shape[dim]) + 31) / 32};
}

// The tile box of line region g (extent 1 but along v.dim, which starts at a multiple of 32).
std::vector<Expr> line_box(const BufferRegion& g, const VectorLayout& v, const std::map<const VarNode*, Expr>& lets) {
  std::vector<Expr> idx;
  for (size_t d = 0; d < g.ranges.size(); ++d) {
    TL_ASSERT(d == v.dim || as_const_int(g.ranges[d].extent) == 1, "region of " << g.buffer->name << " is no line");
    idx.push_back(g.ranges[d].min);
  }
  auto [slice, nt] = line_slice(g.buffer, v.dim, idx);
  const Expr start = is_tile_aligned(idx[v.dim]) ? idx[v.dim] : resolve_aligned(idx[v.dim], lets);
  TL_ASSERT(is_tile_aligned(start), "line of " << g.buffer->name << " off tile boundaries");
  const Expr t = tile_coord(start), n = make_int(*as_const_int(g.ranges[v.dim].extent) / 32);
  if (!v.col) return {slice, t, make_int(1), n, slice};
  const Expr s0 = make_binary(BinaryOp::Mul, slice, make_int(nt));
  return {make_binary(BinaryOp::Add, s0, t), make_int(0), n, make_int(1), s0};
}

}  // namespace

std::optional<VectorLayout> tt_vector_layout(const std::map<std::string, std::string>& func_attrs, const Buffer& g) {
  auto it = func_attrs.find("tt.vector." + g->name);
  if (it == func_attrs.end()) return std::nullopt;
  const size_t comma = it->second.find(',');
  return VectorLayout{std::stoul(it->second.substr(0, comma)), it->second.substr(comma + 1) == "col"};
}

std::vector<Expr> tt_vector_element(const Buffer& g, const VectorLayout& v, const std::vector<Expr>& idx) {
  auto [slice, nt] = line_slice(g, v.dim, idx);
  const Expr k32 = make_int(32), s = idx[v.dim];
  const Expr t = make_binary(BinaryOp::FloorDiv, s, k32), e = make_binary(BinaryOp::FloorMod, s, k32);
  if (!v.col) return {slice, t, make_int(0), e};
  return {make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, make_int(nt)), t), make_int(0), e, make_int(0)};
}

std::vector<Expr> tt_element_box(const BufferRegion& g, const std::map<const VarNode*, Expr>& lets,
                                 std::map<std::string, std::string>& func_attrs, const Span& sp, const char* opname) {
  for (auto& r : g.ranges)
    if (const BufferNode* src = buffer_read_by(r.min, lets))
      throw UserError(opname, "an element of " + g.buffer->name + " is read at an index computed from values read "
                              "from " + src->name + "; data-dependent addressing is not supported on tenstorrent yet",
                      sp);
  if (auto v = tt_vector_layout(func_attrs, g.buffer)) {
    std::vector<Expr> idx;
    for (auto& r : g.ranges) idx.push_back(r.min);
    return tt_vector_element(g.buffer, *v, idx);
  }
  if (g.ranges.size() > 2)
    throw UserError(opname, "one element of " + g.buffer->name + " (a tensor of rank " +
                                std::to_string(g.ranges.size()) + ") is read at indices free of the nest's; on "
                                "tenstorrent such reads are of 1-D and 2-D tensors only yet", sp);
  set_view(func_attrs, g.buffer, false, sp);
  const Expr k32 = make_int(32);
  const Expr row = g.ranges.size() == 2 ? g.ranges[0].min : make_int(0), col = g.ranges.back().min;
  return {make_binary(BinaryOp::FloorDiv, row, k32), make_binary(BinaryOp::FloorDiv, col, k32),
          make_binary(BinaryOp::FloorMod, row, k32), make_binary(BinaryOp::FloorMod, col, k32)};
}

std::vector<Expr> tt_tile_box(const BufferRegion& g, bool col, const std::map<const VarNode*, Expr>& lets,
                              std::map<std::string, std::string>& func_attrs, const Span& sp, const char* opname,
                              std::vector<Expr>* shifted, bool padded) {
  TL_ASSERT(!padded || shifted, "a padded block's box is in elements: the caller takes shifted boxes");
  size_t rank = g.ranges.size();
  std::vector<int64_t> ext;
  for (auto& r : g.ranges) {
    auto e = as_const_int(r.extent);
    if (!e) throw UserError(opname, "region extents of " + g.buffer->name + " must be constants", sp);
    ext.push_back(*e);
  }
  if (auto v = tt_vector_layout(func_attrs, g.buffer)) return line_box(g, *v, lets);
  // Every start of the box is checked first: when one is off a tile boundary and the caller takes shifted boxes,
  // all of them are given in elements (their tile coordinates otherwise).
  bool off = padded;
  auto tiles = [&](int64_t n) { return make_int(padded ? (n + 31) / 32 : n / 32); };
  auto check = [&](const Expr& e0) {
    const Expr e = is_tile_aligned(e0) ? e0 : resolve_aligned(e0, lets);
    if (is_tile_aligned(e)) return;
    if (const BufferNode* src = buffer_read_by(e0, lets))
      throw UserError(opname, "the region of " + g.buffer->name + " starts at an offset computed from values "
                              "read from " + src->name + "; "
                              "copies from data-dependent offsets are not supported on tenstorrent yet", sp);
    if (!shifted)
      throw UserError(opname, "the region of " + g.buffer->name + " must start at a multiple of 32 (a tile "
                              "boundary) on tenstorrent when it is stored to; use block offsets like by * block_M "
                              "with block_M a multiple of 32", sp);
    off = true;
    shifted->push_back(e0);
  };
  auto aligned = [&](const Expr& e0) {
    if (off) return e0;
    return tile_coord(is_tile_aligned(e0) ? e0 : resolve_aligned(e0, lets));
  };
  if (rank == 1) {
    set_view(func_attrs, g.buffer, col, sp);
    check(g.ranges[0].min);
    Expr t = aligned(g.ranges[0].min);
    return col ? std::vector<Expr>{t, make_int(0), tiles(ext[0]), make_int(1), make_int(0)}
               : std::vector<Expr>{make_int(0), t, make_int(1), tiles(ext[0]), make_int(0)};
  }
  if (rank == 2) {
    set_view(func_attrs, g.buffer, false, sp);
    check(g.ranges[0].min), check(g.ranges[1].min);
    // (a line, extent 1 across, is the one tile row or column that holds it: its row or column 0 when aligned)
    return {aligned(g.ranges[0].min), aligned(g.ranges[1].min), make_int((ext[0] + 31) / 32),
            make_int((ext[1] + 31) / 32), make_int(0)};
  }
  // Rank ≥ 3: a 2-D block of one slice. Its tile rows run along dimension r — the one dimension besides the last
  // with extent > 1 in this region (dn-2 when there is none) — and every other dimension picks the slice. The
  // tensor is stored with r moved next to the last dimension ([batch, seq, heads, dim] as [batch, heads, seq, dim]:
  // (seq, dim) tiles per head; tt.tiledim.<name> = r, plan.h), each slice padded to whole tiles on its own.
  int r = -1;
  for (size_t d = 0; d + 1 < rank; ++d)
    if (ext[d] != 1) {
      if (r >= 0)
        throw UserError(opname, "the region of " + g.buffer->name + " must be a 2-D block (extent 1 in every "
                                "dimension but two, one of them the last) on tenstorrent, got extents > 1 in "
                                "dimensions " + std::to_string(r) + " and " + std::to_string(d), sp);
      r = static_cast<int>(d);
    }
  if (r < 0) {  // one row of a slice: in the tensor's tiling when another op chose it (MLA's Output_partial)
    auto td = func_attrs.find("tt.tiledim." + g.buffer->name);
    r = td != func_attrs.end() ? std::stoi(td->second) : static_cast<int>(rank) - 2;
  }
  tt_set_layout(func_attrs, g.buffer, "tt.tiledim.", std::to_string(r), opname, sp);
  Expr slice;
  for (size_t d = 0; d + 1 < rank; ++d) {
    if (static_cast<int>(d) == r) continue;
    slice = !slice ? g.ranges[d].min
                   : make_binary(BinaryOp::Add, make_binary(BinaryOp::Mul, slice, g.buffer->shape[d]), g.ranges[d].min);
  }
  const int64_t slice_tiles = (*as_const_int(g.buffer->shape[r]) + 31) / 32;
  Expr s0 = make_binary(BinaryOp::Mul, slice, make_int(slice_tiles));
  check(g.ranges[r].min), check(g.ranges[rank - 1].min);
  Expr r0 = make_binary(BinaryOp::Add, off ? make_binary(BinaryOp::Mul, s0, make_int(32)) : s0, aligned(g.ranges[r].min));
  // A region of one row (extent 1 along r, e.g. lse[bz, by, k * bN +: bN]) is one tile row: its row 0.
  return {r0, aligned(g.ranges[rank - 1].min), make_int((ext[r] + 31) / 32), make_int((ext[rank - 1] + 31) / 32), s0};
}

bool tt_is_aligned(const Expr& e, const std::map<const VarNode*, Expr>& lets) {
  return is_tile_aligned(e) || is_tile_aligned(resolve_aligned(e, lets));
}

void tt_set_layout(std::map<std::string, std::string>& func_attrs, const Buffer& g, const std::string& kind,
                   const std::string& value, const char* opname, const Span& sp) {
  auto it = func_attrs.find(kind + g->name);
  if (kind == "tt.tiledim.") {
    if (it != func_attrs.end() && it->second != value)
      throw UserError(opname, "tensor " + g->name + " is sliced into tiles along dimension " + it->second +
                              " elsewhere and along dimension " + value + " here; tenstorrent stores each tensor "
                              "with one pair of tiled dimensions", sp);
    func_attrs[kind + g->name] = value;
    return;
  }
  const std::string other = kind == "tt.view." ? "tt.sticks." : "tt.view.";
  if (func_attrs.count(other + g->name))
    throw UserError(opname, "tensor " + g->name + " is read by T.im2col and also by tile copies; tenstorrent keeps "
                            "one layout per tensor (row-major pixels for T.im2col): copy it in another tensor", sp);
  if (it != func_attrs.end() && it->second != value)
    throw UserError(opname, "vector " + g->name + " is used both per row and per column; tenstorrent needs "
                            "one orientation per tensor", sp);
  func_attrs[kind + g->name] = value;
}

void tt_check_whole(const BufferRegion& r, const char* opname, const Span& sp) {
  for (size_t d = 0; d < r.ranges.size(); ++d) {
    auto mn = as_const_int(r.ranges[d].min), ext = as_const_int(r.ranges[d].extent);
    auto full = as_const_int(r.buffer->shape[d]);
    if (!mn || *mn != 0 || !ext || !full || *ext != *full)
      throw UserError(opname, "on tenstorrent tile operations take whole " + r.buffer->name + " buffers, not "
                              "slices of them", sp);
  }
}

}  // namespace tl::tt
