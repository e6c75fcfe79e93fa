// Bindings for statement and function constructors (ir/ir.h). A region crosses the boundary as
// (buffer, [(min, extent), ...]); it is converted to a BufferRegion here and nothing else is done.
#include <nanobind/nanobind.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "tilelang_tt/ir/ir.h"

namespace nb = nanobind;
using namespace tl;

namespace {
using PyRange = std::pair<Expr, Expr>;
BufferRegion region(const Buffer& b, const std::vector<PyRange>& ranges) {
  BufferRegion r{b, {}};
  for (auto& [mn, ext] : ranges) r.ranges.push_back({mn, ext});
  return r;
}
}  // namespace

void bind_stmt(nb::module_& m) {
  nb::enum_<ForKind>(m, "ForKind")
      .value("serial", ForKind::Serial)
      .value("parallel", ForKind::Parallel)
      .value("pipelined", ForKind::Pipelined)
      .value("unroll", ForKind::Unrolled)
      .value("thread", ForKind::Thread);
  nb::enum_<ReduceKind>(m, "ReduceKind")
      .value("sum", ReduceKind::Sum)
      .value("max", ReduceKind::Max)
      .value("min", ReduceKind::Min)
      .value("abssum", ReduceKind::AbsSum)
      .value("absmax", ReduceKind::AbsMax);

  nb::enum_<AtomicOp>(m, "AtomicOp")
      .value("add", AtomicOp::Add)
      .value("max", AtomicOp::Max)
      .value("min", AtomicOp::Min)
      .value("or_", AtomicOp::Or);

  nb::class_<StmtNode>(m, "Stmt", "An immutable tile-IR statement.");
  nb::class_<PrimFuncNode>(m, "PrimFunc", "A tile-IR function.")
      .def_ro("name", &PrimFuncNode::name)
      .def_ro("params", &PrimFuncNode::params)
      .def_ro("shape_vars", &PrimFuncNode::shape_vars)
      .def_ro("attrs", &PrimFuncNode::attrs)
      .def_ro("workspaces", &PrimFuncNode::workspaces);

  m.def("make_seq", &make_seq, nb::arg("seq"), nb::arg("span") = Span{},
        "A statement sequence (flattened).");
  m.def("make_for", &make_for, nb::arg("var"), nb::arg("min"), nb::arg("extent"), nb::arg("kind"), nb::arg("body"),
        nb::arg("span") = Span{}, nb::arg("num_stages") = 0, nb::arg("order") = std::vector<int>{},
        nb::arg("stage") = std::vector<int>{}, nb::arg("group") = std::vector<int>{},
        "A loop over [min, min+extent).");
  m.def("make_if", &make_if, nb::arg("cond"), nb::arg("then_case"), nb::arg("else_case").none(),
        nb::arg("span") = Span{},
        "if cond then_case else else_case (else may be None).");
  m.def("make_let", &make_let, nb::arg("var"), nb::arg("value"), nb::arg("body"), nb::arg("span") = Span{},
        "let var = value in body.");
  m.def("make_store", &make_store, nb::arg("buffer"), nb::arg("indices"), nb::arg("value"), nb::arg("span") = Span{},
        "buffer[indices] = value (cast to the buffer dtype).");
  m.def("make_atomic", &make_atomic, nb::arg("op"), nb::arg("buffer"), nb::arg("indices"), nb::arg("value"),
        nb::arg("prev").none() = nullptr, nb::arg("span") = Span{},
        "buffer[indices] = op(buffer[indices], value) indivisibly; prev (a var buffer, or None) gets the old value.");
  m.def("make_kernel", &make_kernel, nb::arg("grid"), nb::arg("block_vars"), nb::arg("threads"), nb::arg("allocs"),
        nb::arg("attrs"), nb::arg("body"), nb::arg("span") = Span{},
        "A kernel launch over a 1-3 dim grid.");
  m.def("make_copy", [](const Buffer& sb, const std::vector<PyRange>& sr, const Buffer& db,
                        const std::vector<PyRange>& dr, const Span& sp) {
    return make_copy(region(sb, sr), region(db, dr), sp);
  }, "dst region = cast(src region).");
  m.def("make_assert", &make_assert, nb::arg("cond"), nb::arg("msg"), nb::arg("span") = Span{},
        "T.device_assert: the run stops with msg where cond is false.");
  m.def("make_print", [](const std::string& msg, const std::vector<Expr>& at, const Expr& value, const Buffer& b,
                         const std::vector<PyRange>& r, const Span& sp) {
    return make_print(msg, at, value, b ? region(b, r) : BufferRegion{}, sp);
  }, nb::arg("msg"), nb::arg("at"), nb::arg("value").none(), nb::arg("buffer").none(), nb::arg("ranges"),
        nb::arg("span") = Span{}, "T.print: msg, the position values at, then value or every element of the region.");
  m.def("make_fill", [](const Buffer& b, const std::vector<PyRange>& r, const Expr& v, const Span& sp) {
    return make_fill(region(b, r), v, sp);
  }, "Every element of the region = value.");
  m.def("make_gemm", [](const Buffer& a, const std::vector<PyRange>& ar, const Buffer& b, const std::vector<PyRange>& br,
                        const Buffer& c, const std::vector<PyRange>& cr, bool ta, bool tb, bool clr, const Span& sp) {
    return make_gemm(region(a, ar), region(b, br), region(c, cr), ta, tb, clr, sp);
  }, "C (+)= op(A) op(B).");
  m.def("make_reduce", [](ReduceKind k, const Buffer& s, const std::vector<PyRange>& sr, const Buffer& d,
                          const std::vector<PyRange>& dr, int dim, bool clear, const Span& sp) {
    return make_reduce(k, region(s, sr), region(d, dr), dim, clear, sp);
  }, "dst = reduce(src, dim).");
  m.def("make_cumsum", [](const Buffer& s, const std::vector<PyRange>& sr, const Buffer& d,
                          const std::vector<PyRange>& dr, int dim, bool reverse, const Span& sp) {
    return make_cumsum(region(s, sr), region(d, dr), dim, reverse, sp);
  }, "dst = inclusive prefix sum of src along dim.");
  m.def("make_im2col", [](const Buffer& s, const std::vector<PyRange>& sr, const Buffer& d,
                          const std::vector<PyRange>& dr, const Expr& nhw, const Expr& c, int kernel, int stride,
                          int dilation, int pad, const Span& sp) {
    return make_im2col(region(s, sr), region(d, dr), nhw, c, kernel, stride, dilation, pad, sp);
  }, "dst = the im2col block (nhw_step, c_step) of a 4-D NHWC image.");
  m.def("make_func", &make_func, nb::arg("name"), nb::arg("params"), nb::arg("shape_vars"), nb::arg("attrs"),
        nb::arg("body"), nb::arg("span") = Span{}, nb::arg("workspaces") = std::vector<Buffer>{},
        "A PrimFunc; workspaces are its T.alloc_global buffers.");
}
