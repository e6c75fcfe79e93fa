// Bindings for the tile IR builder (ir/ir.h). Arguments are converted; nothing else happens here.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>
#include <nanobind/stl/shared_ptr.h>

#include "tilelang_tt/ir/ir.h"

namespace nb = nanobind;

void bind_ir(nb::module_& m) {
  m.def("dtype_names", [] {
    std::vector<std::string> out;
#define TL_X(id, name, bits, is_float) out.push_back(name);
    TL_DTYPES(TL_X)
#undef TL_X
    return out;
  });
}
