// The reader's tt.read_shifted and the writer's tt.write_shifted (transform/tensorize_tt.h): a block whose region
// starts off tile boundaries. Each tile of the tensor that covers part of the block is read once into the kernel's
// scratch page (a one-page CB reserved at the kernel's start and never pushed); the reader moves the block's
// elements out of it into the block's tiles, the writer moves them into it (the tensor's elements only: the pad
// of edge tiles stays zero) and stores the tile back — a read-modify-write, which tensorize_tt allows only where
// no block of another block index writes the same tiles.
#pragma once

#include <functional>
#include <string>

#include "tilelang_tt/codegen/tt/emit_kernels.h"
#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// The helpers both kinds use (after tl_face_index, tl_floordiv, tl_min, tl_max), the reader's (after
// tl_zero_l1 and tl_broadcast_tiles) and the writer's.
extern const char* const kShiftTiles;
extern const char* const kReadShifted;
extern const char* const kWriteShifted;

// The call for op (tt.read_shifted or tt.write_shifted) on tensor view t named `tensor`; bcast: the reader's
// broadcast of a float32 vector ("-1" none, "1" per row, "0" per column); expr prints scalar arguments.
std::string shifted_call(const ExternCallNode& op, const TensorView& t, const std::string& tensor,
                         const std::string& bcast, const std::function<std::string(const Expr&)>& expr);

}  // namespace tl::tt
