// The reader's tt.read_tiles of one element (transform/tensorize_tt.h: the form with the element's place, a
// T.Parallel's read of a global tensor at indices free of the nest's, `Sinks[by]`): the tile holding the element is
// read into the CB's first page, then the element is written into every element of the n pushed tiles, or into
// column 0 (row 0) of each for a 1-D nest's per-row (per-column) vectors, the rest zero.
#pragma once

#include <functional>
#include <string>

#include "tilelang_tt/codegen/tt/emit_kernels.h"
#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The helpers the reader defines when it reads an element (after tl_fetch_tiles and tl_face_index).
extern const char* const kReadElementTiles;

// op is a tt.read_tiles of one element.
bool is_element_read(const ExternCallNode& op);

// The call for op on tensor view t named `tensor`; expr prints scalar arguments.
std::string read_element_call(const ExternCallNode& op, const TensorView& t, const std::string& tensor,
                              const std::function<std::string(const Expr&)>& expr);

}  // namespace tl::tt
