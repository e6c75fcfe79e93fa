// Exception translation: tl::UserError → tilelang_tt.TileLangError, tl::InternalError (and any other C++
// exception) → tilelang_tt.InternalError. The Python classes live in tilelang_tt/errors.py and are handed
// over once at import time (set_exception_types), so both channels raise the same Python types.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "tilelang_tt/support/error.h"

namespace nb = nanobind;

namespace {
nb::handle g_user_error, g_internal_error;  // strong references, deliberately leaked at exit

void translate(const std::exception_ptr& p, void*) {
  try {
    std::rethrow_exception(p);
  } catch (const tl::UserError& e) {
    if (!g_user_error.is_valid()) throw;
    const tl::Span& s = e.span();
    nb::object exc = g_user_error(e.format(), e.op(), e.message(), s.file, s.line, s.col);
    PyErr_SetObject(g_user_error.ptr(), exc.ptr());
  } catch (const tl::InternalError& e) {
    if (!g_internal_error.is_valid()) throw;
    PyErr_SetString(g_internal_error.ptr(), e.what());
  }
}
}  // namespace

void bind_errors(nb::module_& m) {
  m.def("set_exception_types", [](nb::object user, nb::object internal) {
    g_user_error = user.inc_ref();
    g_internal_error = internal.inc_ref();
  }, "Registers the Python exception classes raised for tl::UserError and tl::InternalError.");
  nb::register_exception_translator(translate);
  m.def("_raise_user_error", [](std::string op, std::string msg, std::string file, int line, int col) {
    throw tl::UserError(op, msg, tl::Span{file, line, col});
  }, "Raises a tl::UserError from C++ (tests the translation).");
  m.def("_raise_internal_error", [] { TL_ASSERT(false, "test"); }, "Raises a tl::InternalError from C++.");
}
