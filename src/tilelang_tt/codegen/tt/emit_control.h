// The code of the control data ops (forward_tt_control.h) in the three kernels: tt.read_element in the reader's
// control stores (one element of a tiled tensor, through 64 bytes of its scratch CB page), tt.ctrl_push (reader:
// one page of a consumer's control CB holding a scalar's 32 bits) and tt.ctrl_recv (compute: read_tile_value, which
// the SDK hands from the UNPACK thread to MATH and PACK; writer: its L1 read pointer). A float scalar travels as its
// bits.
#pragma once

#include <string>

#include "tilelang_tt/codegen/tt/emit_kernels.h"

namespace tl::tt {

// The reader's helpers for tt.read_element (they use tl_face_index).
extern const char* kReadElement;
// The reader's prologue line binding tl_ctrl_l1 to the scratch page of CB `scratch`.
std::string ctrl_scratch_prologue(int64_t scratch);
// C++ of tt.read_element `c` of tensor t (its accessor named `tensor`), its row and column already printed.
std::string read_element_expr(const ExternCallNode& c, const TensorView& t, const std::string& tensor,
                              const std::string& row, const std::string& col);
// The reader's tt.read_vector_at(tensor, cb, start, n, col, scratch CB): n elements of a vector tensor t from `start`
// (printed) into n/32 tiles of cb, element r on row r of tile r/32 (col) or column r, repeated along it (a column
// or row broadcast reads one line, an fp32 broadcast in L1 the whole tile); elements outside t are 0.
std::string read_vector_at(const ExternCallNode& c, const TensorView& t, const std::string& tensor,
                           const std::string& pad, const std::string& start);
// The statements of tt.ctrl_push / tt.ctrl_recv `c` in the kernel of `role` (compute: its part of it), `s` being
// the C++ name of the scalar.
std::string emit_ctrl_op(const ExternCallNode& c, KernelRole role, const std::string& pad, const std::string& s);

}  // namespace tl::tt
