// T.print (PrintNode, ir.h) on the interpreter: one line per value, or per element of a region, on stdout:
//   msg='<msg>' at (bx=0, by=1): dtype=float32 value=0.5
//   msg='<msg>' at (bx=0): A[0, 1] dtype=float16 value=2
// `at` lists the position values under the names of their vars (the block's, and a thread's in thread-level code).
// Floats print with 9 significant digits; an element of a global region outside the tensor prints its read value, 0.
#include <cstdio>
#include <sstream>

#include "tilelang_tt/interp/compiler.h"
#include "tilelang_tt/interp/region.h"

namespace tl::interp {

namespace {

std::string value_text(DType t, Value v) {
  std::ostringstream os;
  if (dtype_is_float(t)) {
    os.precision(9);
    os << v.f;
  } else if (t == DType::Bool) {
    os << (v.i ? "True" : "False");
  } else {
    os << v.i;
  }
  return os.str();
}

void emit(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

StmtFn compile_print(Compiler& c, const PrintNode& n) {
  std::vector<std::pair<std::string, IntFn>> at;
  for (size_t i = 0; i < n.at.size(); ++i) {
    auto* v = n.at[i]->as<VarNode>();
    at.emplace_back(v ? v->name : "i" + std::to_string(i), c.int_expr(n.at[i], n.span));
  }
  std::string msg = n.msg;
  auto head = [at, msg](Env& e) {
    std::string s = "msg='" + msg + "' at (";
    for (size_t i = 0; i < at.size(); ++i) s += (i ? ", " : "") + at[i].first + "=" + std::to_string(at[i].second(e));
    return s + "):";
  };
  if (n.value) {
    CExpr v = c.expr(n.value, n.span);
    return [head, v](Env& e) {
      Value x;
      if (v.is_float()) x.f = v.f(e);
      else x.i = v.i(e);
      emit(head(e) + " dtype=" + dtype_name(v.dtype) + " value=" + value_text(v.dtype, x) + "\n");
    };
  }
  CRegion cr = compile_region(c, n.region, n.span);
  return [head, cr](Env& e) {
    RtRegion r = eval_region(cr, e);
    const RtBuffer& b = *r.buf;
    std::string h = head(e), out;
    size_t rank = r.ext.size();
    std::vector<int64_t> idx(r.min);
    for (int64_t k = 0; k < r.count(); ++k) {
      int64_t off = 0;
      bool inside = true;
      for (size_t d = 0; d < rank; ++d) {
        inside &= idx[d] >= 0 && idx[d] < b.shape[d];
        off += idx[d] * b.strides[d];
      }
      Value x{};
      if (inside) x = read_value(b.data, b.dtype, off);
      out += h + " " + cr.name + format_index(idx.data(), rank) + " dtype=" + dtype_name(b.dtype) + " value=" +
             value_text(b.dtype, x) + "\n";
      for (size_t d = rank; d-- > 0;) {  // row-major: last dim fastest
        if (++idx[d] < r.min[d] + r.ext[d]) break;
        idx[d] = r.min[d];
      }
    }
    emit(out);
  };
}

}  // namespace tl::interp
