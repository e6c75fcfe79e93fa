// Bindings for the tile IR's value types and expression constructors (ir/ir.h).
// Arguments are converted; nothing else happens here. Nodes are opaque handles on the Python side.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/ir/written_params.h"

namespace nb = nanobind;
using namespace tl;

void bind_ir(nb::module_& m) {
  nb::enum_<DType> dtype(m, "DType", "Element types of the tile IR.");
#define TL_X(id, name, bits, is_float) dtype.value(name, DType::id);
  TL_DTYPES(TL_X)
#undef TL_X
  m.def("dtype_from_name", &dtype_from_name, "The DType spelled `name` (aliases like 'bf16' accepted), or None.");
  m.def("dtype_name", &dtype_name, "The canonical name of a DType.");
  m.def("dtype_bits", &dtype_bits, "Bits per element.");
  m.def("dtype_is_float", &dtype_is_float, "True for floating-point dtypes.");

  nb::enum_<Scope>(m, "Scope")
      .value("global_", Scope::Global)
      .value("shared", Scope::Shared)
      .value("fragment", Scope::Fragment)
      .value("local", Scope::Local)
      .value("var", Scope::Var);

  nb::enum_<BinaryOp> binop(m, "BinaryOp");
#define TL_X(id, s) binop.value(#id, BinaryOp::id);
  TL_BINARY_OPS(TL_X)
#undef TL_X
  nb::enum_<UnaryOp>(m, "UnaryOp").value("Neg", UnaryOp::Neg).value("Not", UnaryOp::Not)
      .value("Reinterpret", UnaryOp::Reinterpret);
  nb::enum_<Intrinsic> intr(m, "Intrinsic");
#define TL_X(id, s, n) intr.value(s, Intrinsic::id);
  TL_INTRINSICS(TL_X)
#undef TL_X

  nb::class_<Span>(m, "Span")
      .def(nb::init<>())
      .def("__init__", [](Span* s, std::string f, int l, int c) { new (s) Span{std::move(f), l, c}; })
      .def_ro("file", &Span::file)
      .def_ro("line", &Span::line)
      .def_ro("col", &Span::col);

  nb::class_<ExprNode>(m, "Expr", "An immutable, typed tile-IR expression.")
      .def_prop_ro("dtype", [](const ExprNode& e) { return e.dtype; });
  nb::class_<VarNode, ExprNode>(m, "Var").def_ro("name", &VarNode::name);
  nb::class_<BufferNode>(m, "Buffer", "A tile-IR buffer (dtype, shape, scope).")
      .def_ro("name", &BufferNode::name)
      .def_ro("dtype", &BufferNode::dtype)
      .def_ro("scope", &BufferNode::scope)
      .def_ro("shape", &BufferNode::shape);

  m.def("as_const_int", &as_const_int, "The value of an integer immediate, or None.");
  m.def("as_const_float", [](const Expr& e) -> std::optional<double> {
    if (auto* f = e->as<FloatImmNode>()) return f->value;
    return std::nullopt;
  }, "The value of a float immediate, or None.");
  m.def("is_var", [](const Expr& e) { return e->kind == ExprKind::Var; }, "True if the expression is a Var.");
  m.def("make_int", &make_int, nb::arg("value"), nb::arg("dtype") = DType::Int32, "An integer immediate.");
  m.def("make_float", &make_float, nb::arg("value"), nb::arg("dtype") = DType::Float32, "A float immediate.");
  m.def("make_bool", &make_bool, "A bool immediate.");
  m.def("make_var", &make_var, nb::arg("name"), nb::arg("dtype") = DType::Int32, "A fresh Var (compared by identity).");
  m.def("make_binary", &make_binary, "a op b, operands promoted to one dtype (ir.h).");
  m.def("make_unary", &make_unary, "-a or not a.");
  m.def("make_cast", &make_cast, "value converted to dtype.");
  m.def("make_reinterpret", &make_reinterpret, "value's bits read as dtype (same width, not bool).");
  m.def("make_select", &make_select, "cond ? t : f (only the chosen side evaluated).");
  m.def("make_call", &make_call, "A math intrinsic call.");
  m.def("make_load", &make_load, "buffer[indices].");
  m.def("written_params", &written_params, nb::arg("func"),
        "Per parameter: whether the function's body may write it (ir/written_params.h).");
  m.def("make_buffer", &make_buffer, nb::arg("name"), nb::arg("dtype"), nb::arg("shape"), nb::arg("scope"),
        nb::arg("span") = Span{}, "A buffer of the given dtype, shape (int32 exprs) and scope.");
}
