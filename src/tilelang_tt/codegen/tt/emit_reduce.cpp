// tt.reduce of the compute emitter (emit_compute.h; the op is described in transform/tt_reduce_lowering.h).
// Per output tile: reduce_tile over the source tiles of one tile row (REDUCE_ROW: result in column 0) or one
// tile column (REDUCE_COL: result in row 0) into DST[0], accumulating on the DST (which starts at zero); for
// min, negate (the source holds -x); for clear=False, copy the old vector tile into DST[1] and fold with an
// SFPU add/max/min; pack.
#include "tilelang_tt/codegen/tt/emit_compute.h"

#include "tilelang_tt/support/error.h"

namespace tl::tt {

// tt.scaler(cb): one tile of 1.0 pushed to cb and waited for at once (so that the pop at the end of the kernel
// is valid on a core whose block loop runs no iteration).
void ComputeEmitter::scaler(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  const int64_t cb = const_arg(c, 0);
  use("compute_kernel_api/eltwise_unary/fill.h");
  os << pad << "// the reductions' scaler: one tile of 1.0\n"
     << pad << "cb_reserve_back(" << cb << ", 1);\n"
     << pad << "tile_regs_acquire();\n"
     << pad << "fill_tile_init();\n"
     << pad << "fill_tile(0, 1.0f);\n"
     << pad << "tile_regs_commit();\n"
     << pad << "tile_regs_wait();\n";
  pack_out(static_cast<uint32_t>(cb), os, pad, "0");
  os << pad << "tile_regs_release();\n"
     << pad << "cb_push_back(" << cb << ", 1);\n"
     << pad << "cb_wait_front(" << cb << ", 1);\n";
}

void ComputeEmitter::reduce(const ExternCallNode& c, std::ostringstream& os, const std::string& pad) {
  const int64_t src = const_arg(c, 0), dst = const_arg(c, 1), kind = const_arg(c, 2), dim = const_arg(c, 3);
  const int64_t rows = const_arg(c, 4), cols = const_arg(c, 5), scaler = const_arg(c, 7);
  const bool clear = const_arg(c, 6) != 0;
  std::vector<int64_t> srcs = {src};  // more sources reduce into the same DST (tt.fp32_exact's parts)
  for (size_t k = 8; k < c.args.size(); ++k) srcs.push_back(const_arg(c, k));
  const bool per_row = dim == 1;
  const int64_t outer = per_row ? rows : cols, inner = per_row ? cols : rows;
  const std::string pool = kind == 0 ? "PoolType::SUM" : "PoolType::MAX";
  const std::string rdim = per_row ? "ReduceDim::REDUCE_ROW" : "ReduceDim::REDUCE_COL";
  const std::string tmpl = "<" + pool + ", " + rdim + ">";
  const std::string index = per_row ? "tl_o * " + std::to_string(cols) + " + tl_i" : "tl_i * " + std::to_string(cols) + " + tl_o";
  static const char* names[] = {"sum", "max", "min"};
  use("compute_kernel_api/reduce.h");
  os << pad << "// CB " << dst << " " << (clear ? "= " : "⊕= ") << names[kind] << " of CB " << src << " ("
     << rows << "×" << cols << " tiles) along " << (per_row ? "rows" : "columns") << "\n"
     << (srcs.size() > 1 ? pad + "// exact: the sum of the bfloat16 parts of the float32 source\n" : "");
  for (int64_t s : srcs) os << pad << "cb_wait_front(" << s << ", " << rows * cols << ");\n";
  if (!clear) os << pad << "cb_wait_front(" << dst << ", " << outer << ");\n";
  os << pad << "cb_reserve_back(" << dst << ", " << outer << ");\n"
     << pad << "for (uint32_t tl_o = 0; tl_o < " << outer << "; ++tl_o) {\n"
     << pad << "  tile_regs_acquire();\n"
     << pad << "  reduce_init" << tmpl << "(" << src << ", " << scaler << ", " << dst << ");\n"
     << pad << "  for (uint32_t tl_i = 0; tl_i < " << inner << "; ++tl_i)" << (srcs.size() > 1 ? " {" : "") << "\n";
  for (int64_t s : srcs)
    os << pad << "    reduce_tile" << tmpl << "(" << s << ", " << scaler << ", " << index << ", 0, 0);\n";
  os << (srcs.size() > 1 ? pad + "  }\n" : "") << pad << "  reduce_uninit();\n";
  if (kind == 2) {
    use("compute_kernel_api/eltwise_unary/negative.h");
    os << pad << "  negative_tile_init();\n" << pad << "  negative_tile(0);  // min x = -max(-x)\n";
  }
  if (!clear) {
    const char* fold = kind == 0 ? "add_binary_tile" : kind == 1 ? "binary_max_tile" : "binary_min_tile";
    use(kind == 0 ? "compute_kernel_api/eltwise_binary_sfpu.h" : "compute_kernel_api/binary_max_min.h");
    os << pad << "  " << copy_init(dst) << ";\n"
       << pad << "  copy_tile(" << dst << ", tl_o, 1);  // the old value\n"
       << pad << "  " << fold << "_init();\n"
       << pad << "  " << fold << "(0, 1, 0);\n";
  }
  os << pad << "  tile_regs_commit();\n" << pad << "  tile_regs_wait();\n";
  pack_out(static_cast<uint32_t>(dst), os, pad + "  ", "0");
  os << pad << "  tile_regs_release();\n" << pad << "}\n";
  if (!clear) os << pad << "cb_pop_front(" << dst << ", " << outer << ");\n";
  os << pad << "cb_push_back(" << dst << ", " << outer << ");\n";
}

}  // namespace tl::tt
