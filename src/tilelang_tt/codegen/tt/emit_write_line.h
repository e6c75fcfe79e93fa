// The writer's tt.write_line (transform/tensorize_tt.h): a 1-D nest's store into one column or row of a 2-D
// global tensor, G[off + i, c] = v[i]. The values are column 0 (or row 0) of the vector tiles compute pushes;
// each destination tile is read from DRAM into the popped page itself (after its line of values is saved),
// patched in L1 and written back. The block owns the tiles (off is tile-aligned, blocks partition them), and
// the write completes before the next line's read, so successive lines of a tile (top-k's k loop) accumulate.
#pragma once

#include <string>

#include "tilelang_tt/codegen/tt/emit_kernels.h"
#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The helpers the writer defines when it has a tt.write_line (after tl_face_index).
extern const char* const kWriteLine;

// The call for op (tt.write_line) on tensor view t named `tensor`; expr prints scalar arguments.
std::string write_line_call(const ExternCallNode& op, const TensorView& t, const std::string& tensor,
                            const std::function<std::string(const Expr&)>& expr);

}  // namespace tl::tt
