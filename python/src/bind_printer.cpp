// Bindings for the IR text form, structural equality/hash, the verifier and the read-before-write check
// (ir/printer.h, ir/verifier.h, ir/read_before_write.h).
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include "tilelang_tt/ir/printer.h"
#include "tilelang_tt/ir/read_before_write.h"
#include "tilelang_tt/ir/verifier.h"

namespace nb = nanobind;
using namespace tl;

void bind_printer(nb::module_& m) {
  m.def("print_func", &print_func, "The IR text of a function (parses back with parse_func).");
  m.def("print_expr", &print_expr, "The IR text of an expression.");
  m.def("parse_func", &parse_func, "Parses IR text into a function; malformed text raises TileLangError.");
  m.def("structural_equal", &structural_equal, "Equality up to renaming of vars and buffers; spans ignored.");
  m.def("structural_hash", &structural_hash, "A 64-bit hex hash consistent with structural_equal.");
  m.def("verify", &verify, "Checks well-formedness; raises InternalError on a violation.");
  m.def("check_read_before_write", &check_read_before_write,
        "Raises TileLangError at a read of a kernel-local buffer that nothing can have written before it.");
}
