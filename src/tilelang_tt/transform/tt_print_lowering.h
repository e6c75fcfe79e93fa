// T.print (PrintNode) on tenstorrent, for tensorize_tt: a compute-kernel op that the compute kernel's UNPACK
// thread emits as DPRINT (emit_print.cpp), printing the lines the interpreter prints (interp/print.cpp).
//
// Input: a PrintNode of a tensorized kernel: a scalar value (block and loop indices, constants, lets of them;
//   int32, bool or float32), one element of a shared/fragment buffer (T.print(A_s[i, j])), or a region of a 2-D
//   buffer or of a 1-D vector; the buffer initialised. Anything else (a global tensor's elements, an expression of
//   elements, non-constant extents) is a UserError at the print's line.
// Output: one of
//   tt.print_value(id, value, at…)                        the scalar's line
//   tt.print_tiles(id, cb, tile_cols, form, r0, rows, c0, cols, at…)
//                                                         a line per element (r, c) of the rows×cols block at
//                                                         (r0, c0) of the buffer's 2-D view, whose version in CB
//                                                         cb it reads (waits for, and leaves for a tt.pop): tile
//                                                         (r / 32) · tile_cols + c / 32, element (r % 32, c % 32);
//                                                         form says how an element is named: 0 "name(r, c)", 1
//                                                         "name(r)" (a vector of one value per row, viewed n×1),
//                                                         2 "name(c)" (one per column, viewed 1×n), 3 not at all
//                                                         (a value read from one element)
//   with `at` the print's position values (their vars name them), and kernel attr tt.print.<id> =
//   "<dtype>|<buffer name>|<msg>". A buffer in a format TSLICE does not decode (Float16) is first copied
//   (tt.copy_tiles, exact: a float16 value is a float32 one) into a Float32 CB, which the print reads.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

struct PrintContext {
  std::function<CBInfo(const Buffer&)> cb;             // the buffer's CB (assigned on first use)
  std::function<bool(const Buffer&)> initialised;      // something has stored into it before
  std::function<bool(const Buffer&)> per_row;          // a 1-D vector holding one value per row
  std::function<CBInfo(uint32_t tiles)> float32_cb;    // a new Float32 CB that compute fills and reads
  std::map<std::string, std::string>* kernel_attrs;    // receives tt.print.<id>
};

Stmt lower_print(const PrintNode& n, PrintContext& ctx);

// The decoded kernel attr tt.print.<id>.
struct PrintText {
  std::string dtype, name, msg;
};
PrintText print_text(const std::map<std::string, std::string>& kernel_attrs, int64_t id);

}  // namespace tl::tt
