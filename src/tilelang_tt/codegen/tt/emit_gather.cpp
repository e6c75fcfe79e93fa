// The row gather's reader ops (emit_kernels.h, tt_gather_lowering.h): runs of R elements of one DRAM page each
// into the row-major staging CB, zeros where the condition fails or the indices leave the tensor.
#include <sstream>

#include "tilelang_tt/codegen/tt/emit_kernels.h"

namespace tl::tt {

bool is_row_gather_op(const ExternCallNode& c) {
  return c.name == "tt.reserve_rows" || c.name == "tt.read_run" || c.name == "tt.push_rows";
}

bool is_row_scatter_op(const ExternCallNode& c) {
  return c.name == "tt.wait_rows" || c.name == "tt.write_run" || c.name == "tt.pop_rows";
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
  } else if (c.name == "tt.wait_rows") {
    os << pad << "cb_wait_front(" << cb << ", " << const_arg(c, 1) << ");\n"
       << pad << "const uint32_t " << base << " = get_read_ptr(" << cb << ");\n";
  } else if (c.name == "tt.pop_rows") {
    os << pad << "noc_async_write_barrier();\n" << pad << "cb_pop_front(" << cb << ", " << const_arg(c, 1) << ");\n";
  } else {  // tt.read_run / tt.write_run(cb, tensor, element offset, R, element bytes, cond, rank, e_0 … e_last, d_0 … d_last)
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
    const std::string noc = tensor + ".get_noc_addr(uint32_t(" + (page.empty() ? "0" : page) + "), uint32_t(tl_e" +
                            std::to_string(rank - 1) + ") * " + std::to_string(esize) + ")";
    if (c.name == "tt.write_run") {  // the run's row of the block, where it lies inside the tensor
      os << pad << "  if (" << ok << ") noc_async_write(" << base << " + uint32_t(" << expr(c.args[2]) << ") * "
         << esize << ", " << noc << ", " << bytes << ");\n"
         << pad << "}\n";
      return os.str();
    }
    os << pad << "  const uint32_t tl_dst = " << base << " + uint32_t(" << expr(c.args[2]) << ") * " << esize << ";\n"
       << pad << "  if (" << ok << ") {\n"
       << pad << "    noc_async_read(" << noc << ", tl_dst, " << bytes << ");\n"
       << pad << "  } else {\n"
       << pad << "    tl_zero_l1(tl_dst, " << bytes << ");\n"
       << pad << "  }\n"
       << pad << "}\n";
  }
  return os.str();
}

}  // namespace tl::tt
