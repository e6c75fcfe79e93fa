// The row gather's reader ops (emit_kernels.h, tt_gather_lowering.h): runs of R elements of one DRAM page each
// into the row-major staging CB, zeros where the condition fails or the indices leave the tensor.
#include <sstream>

#include "tilelang_tt/codegen/tt/emit_kernels.h"

namespace tl::tt {

bool is_row_gather_op(const ExternCallNode& c) {
  return c.name == "tt.reserve_rows" || c.name == "tt.read_run" || c.name == "tt.push_rows";
}

std::string emit_row_gather_op(const ExternCallNode& c, const std::string& pad,
                               const std::function<std::string(const Expr&)>& expr, const std::string& tensor) {
  std::ostringstream os;
  const std::string cb = std::to_string(const_arg(c, 0)), base = "tl_rows_l1_" + cb;
  if (c.name == "tt.reserve_rows") {
    os << pad << "cb_reserve_back(" << cb << ", " << const_arg(c, 1) << ");\n"
       << pad << "const uint32_t " << base << " = get_write_ptr(" << cb << ");\n";
  } else if (c.name == "tt.push_rows") {
    os << pad << "noc_async_read_barrier();\n" << pad << "cb_push_back(" << cb << ", " << const_arg(c, 1) << ");\n";
  } else {  // tt.read_run(cb, tensor, element offset, R, element bytes, cond, rank, e_0 … e_last, d_0 … d_last)
    const int64_t run = const_arg(c, 3), esize = const_arg(c, 4), rank = const_arg(c, 6);
    std::string ok = expr(c.args[5]), page;
    os << pad << "{\n";
    for (int64_t d = 0; d < rank; ++d) {
      const std::string e = "tl_e" + std::to_string(d), dim = std::to_string(const_arg(c, 7 + rank + d));
      const bool last = d + 1 == rank;
      os << pad << "  const int32_t " << e << " = " << expr(c.args[7 + d]) << ";\n";
      ok += " && " + e + " >= 0 && " + e + (last ? " + " + std::to_string(run) + " <= " : " < ") + dim;
      if (!last) page = page.empty() ? e : "(" + page + ") * " + dim + " + " + e;
    }
    const std::string bytes = std::to_string(run * esize);
    os << pad << "  const uint32_t tl_dst = " << base << " + uint32_t(" << expr(c.args[2]) << ") * " << esize << ";\n"
       << pad << "  if (" << ok << ") {\n"
       << pad << "    noc_async_read(" << tensor << ".get_noc_addr(uint32_t(" << (page.empty() ? "0" : page)
       << "), uint32_t(tl_e" << rank - 1 << ") * " << esize << "), tl_dst, " << bytes << ");\n"
       << pad << "  } else {\n"
       << pad << "    tl_zero_l1(tl_dst, " << bytes << ");\n"
       << pad << "  }\n"
       << pad << "}\n";
  }
  return os.str();
}

}  // namespace tl::tt
