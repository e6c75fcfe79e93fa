// Where the TT tile ops of tensorize_tt find a global tensor's tiles: the tile box a region covers, and the
// tensor's device layout, recorded once per tensor in the function's attributes:
//   tt.view.<name> = "rows,cols"   tiles of a 2-D view (a 1-D tensor is one row, or one column when it is a
//                                  column vector)
//   tt.sticks.<name> = ...          one page per row, for the row gathers of T.im2col (tt_gather_lowering.h)
// A tensor has one layout and one orientation; a second one is a UserError at the op that asks for it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// Tile coordinates {r0, c0, h, w, s0} of region g (of a global tensor) as a block covers it; a 1-D region is a
// column vector when col. Region starts are multiples of 32 (unless shifted, below), seen through `lets` (let-bound values), and
// may lie outside the tensor. Rank ≥ 3 regions are a 2-D block of one slice: r0 is then the slice's first tile
// row s0 plus the block's tile row in the slice, and only the tiles of rows [s0, s0 + slice tile rows) belong to
// the slice (s0 = 0 below rank 3). The slice's tile rows run along the one dimension besides the last that the
// region spans (dn-2 if none): recorded as tt.tiledim.<name> (one per tensor; plan.h stores the tensor with that
// dimension moved next to the last). Records the tensor's tt.view layout in func_attrs.
// shifted: a start off a tile boundary is allowed; it is appended to *shifted (which is then not empty) and r0,
// c0 are element offsets in the tensor's 2-D view (r0 = 32·s0 + the block's row in the slice; s0 stays in
// tiles). Without it such a start is a UserError.
// padded: the block is not whole tiles (tt_padded_blocks.h): its starts are element offsets as when shifted
// (whether or not they are on tile boundaries), and h, w count the tiles that cover it.
std::vector<Expr> tt_tile_box(const BufferRegion& g, bool col, const std::map<const VarNode*, Expr>& lets,
                              std::map<std::string, std::string>& func_attrs, const Span& sp, const char* opname,
                              std::vector<Expr>* shifted = nullptr, bool padded = false);

// The tile {r0, c0} holding the one element of region g (extents 1: a T.Parallel's read at indices free of the
// nest's) and the element's place in it {row, col}: {r0, c0, row, col}. 1-D and 2-D tensors (a 1-D one as one
// row); other ranks and indices computed from values read from buffers are UserErrors.
std::vector<Expr> tt_element_box(const BufferRegion& g, const std::map<const VarNode*, Expr>& lets,
                                 std::map<std::string, std::string>& func_attrs, const Span& sp, const char* opname);

// The vector layout of tensor g (func attr tt.vector.<name>, infer_tt_vector_layouts.h): the dimension its lines run
// along and whether their elements are in column 0 (col) or row 0 of the line's tiles; nullopt for other tensors.
// tt_tile_box and tt_element_box place such a tensor's regions (lines) and elements in that layout: slice s (the
// indices other than dim's, flattened in order) owns tile rows [s·nt, (s + 1)·nt) of one tile column (col; nt =
// ceil(n_dim / 32)) or tile row s of nt tile columns (row).
struct VectorLayout {
  size_t dim;
  bool col;
};
std::optional<VectorLayout> tt_vector_layout(const std::map<std::string, std::string>& func_attrs, const Buffer& g);
// {tile row, tile column, row in the tile, column in the tile} of element idx of a tensor with vector layout v.
std::vector<Expr> tt_vector_element(const Buffer& g, const VectorLayout& v, const std::vector<Expr>& idx);

// Whether e is provably a multiple of 32, seen through `lets` (as tt_tile_box requires of region starts).
bool tt_is_aligned(const Expr& e, const std::map<const VarNode*, Expr>& lets);

// Records layout `kind` ("tt.view.", "tt.sticks." or "tt.tiledim.") = value for tensor g; a second, different
// value is a UserError.
void tt_set_layout(std::map<std::string, std::string>& func_attrs, const Buffer& g, const std::string& kind,
                   const std::string& value, const char* opname, const Span& sp);

// A UserError unless r covers its whole buffer (tile ops take whole local buffers).
void tt_check_whole(const BufferRegion& r, const char* opname, const Span& sp);

}  // namespace tl::tt
