// The extension module tilelang_tt._core: one init function per area (bind_<area>.cpp).
#include <nanobind/nanobind.h>

namespace nb = nanobind;

void bind_errors(nb::module_& m);
void bind_ir(nb::module_& m);
void bind_stmt(nb::module_& m);
void bind_interp(nb::module_& m);
void bind_printer(nb::module_& m);
void bind_tt(nb::module_& m);

NB_MODULE(_core, m) {
  m.doc() = "TileLang-TT C++ core: tile IR constructors, printer, interpreter (thin bindings).";
  bind_errors(m);
  bind_ir(m);
  bind_stmt(m);
  bind_interp(m);
  bind_printer(m);
  bind_tt(m);
}
