// The writer's tt.write_line (emit_write_line.h).
#include "tilelang_tt/codegen/tt/emit_write_line.h"

#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

const char* const kWriteLine =
    "// Stores line `line` of DRAM page `page` (column line when down, else row line; its first `valid` elements)\n"
    "// from column 0 (col) or row 0 of the vector tile at l1: the tile is read into l1 over the saved values,\n"
    "// patched and written back.\n"
    "template <typename T, typename Accessor>\n"
    "void tl_patch_line(const Accessor& t, uint32_t page, uint32_t l1, uint32_t line, bool down, bool col,\n"
    "                   uint32_t valid) {\n"
    "  volatile tt_l1_ptr T* p = reinterpret_cast<volatile tt_l1_ptr T*>(l1);\n"
    "  T v[32];\n"
    "  for (uint32_t e = 0; e < 32; ++e) v[e] = p[col ? tl_face_index(e, 0) : tl_face_index(0, e)];\n"
    "  noc_async_read_page(page, t, l1);\n"
    "  noc_async_read_barrier();\n"
    "  for (uint32_t e = 0; e < valid; ++e) p[down ? tl_face_index(e, line) : tl_face_index(line, e)] = v[e];\n"
    "  noc_async_write_page(page, t, l1);\n"
    "  noc_async_write_barrier();\n"
    "}\n"
    "// Pops n vector tiles from cb and stores them into line `line` of the n tiles from tile (r0, c0) of the tensor\n"
    "// (rows×cols tiles), down its tile rows (a column) or across its tile columns (a row). Edge tiles hold vr×vc\n"
    "// elements of data (a zero-padded tensor's): their pad is left as it is; tiles outside the tensor are skipped.\n"
    "template <typename Accessor>\n"
    "void tl_write_line(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t n, uint32_t line, bool down,\n"
    "                   bool col, int32_t rows, int32_t cols, uint32_t vr, uint32_t vc) {\n"
    "  const uint32_t bytes = get_tile_size(cb);\n"
    "  cb_wait_front(cb, n);\n"
    "  uint32_t l1 = get_read_ptr(cb);\n"
    "  for (uint32_t k = 0; k < n; ++k, l1 += bytes) {\n"
    "    const int32_t tr = r0 + (down ? int32_t(k) : 0), tc = c0 + (down ? 0 : int32_t(k));\n"
    "    if (tr < 0 || tr >= rows || tc < 0 || tc >= cols) continue;\n"
    "    const uint32_t lr = tr == rows - 1 ? vr : 32, lc = tc == cols - 1 ? vc : 32;\n"
    "    if (line >= (down ? lc : lr)) continue;\n"
    "    const uint32_t page = uint32_t(tr * cols + tc);\n"
    "    if (bytes == 4096) tl_patch_line<uint32_t>(t, page, l1, line, down, col, down ? lr : lc);\n"
    "    else tl_patch_line<uint16_t>(t, page, l1, line, down, col, down ? lr : lc);\n"
    "  }\n"
    "  cb_pop_front(cb, n);\n"
    "}\n";

std::string write_line_call(const ExternCallNode& op, const TensorView& t, const std::string& tensor,
                            const std::function<std::string(const Expr&)>& expr) {
  TL_ASSERT(t.slice_tile_rows == t.tile_rows, "tt.write_line into a tensor of slices");
  const uint32_t vr = t.zero_pad ? t.valid_rows : 32, vc = t.zero_pad ? t.valid_cols : 32;
  return "tl_write_line(" + tensor + ", " + std::to_string(const_arg(op, 0)) + ", " + expr(op.args[2]) + ", " +
         expr(op.args[3]) + ", " + expr(op.args[4]) + ", " + expr(op.args[5]) + ", " +
         (const_arg(op, 6) ? "true" : "false") + ", " + (const_arg(op, 7) ? "true" : "false") + ", " +
         std::to_string(t.tile_rows) + ", " + std::to_string(t.tile_cols) + ", " + std::to_string(vr) + ", " +
         std::to_string(vc) + ");\n";
}

}  // namespace tl::tt
