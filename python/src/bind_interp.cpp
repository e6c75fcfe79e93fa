// Bindings for the reference interpreter (interp/interpreter.h). An argument crosses the boundary as
// (address, dtype, shape) of dense row-major host memory that the Python caller keeps alive for the call.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "tilelang_tt/interp/interpreter.h"

namespace nb = nanobind;
using namespace tl;

void bind_interp(nb::module_& m) {
  using PyArg = std::tuple<uintptr_t, DType, std::vector<int64_t>>;
  m.def("interpret", [](const PrimFunc& f, const std::vector<PyArg>& args) {
    std::vector<ArgBuffer> bufs;
    for (auto& [addr, dt, shape] : args) bufs.push_back({reinterpret_cast<void*>(addr), dt, shape});
    nb::gil_scoped_release release;
    interpret(f, bufs);
  }, nb::arg("func"), nb::arg("args"),
  "Runs `func` on host buffers [(address, dtype, shape), ...], one per parameter, in place.");
}
