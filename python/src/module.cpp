// The extension module: one init function per area.
#include <nanobind/nanobind.h>

namespace nb = nanobind;

void bind_ir(nb::module_& m);

NB_MODULE(_core, m) {
  m.doc() = "TileLang-TT C++ core";
  bind_ir(m);
}
