// The reader's read of one element spread over tiles (emit_read_element.h).
#include "tilelang_tt/codegen/tt/emit_read_element.h"

#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

const char* const kReadElementTiles =
    "// tt.read_tiles of one element: tile (r0, c0) of the tensor (zeros outside it) into the CB's first page, then\n"
    "// its element (er, ec) into every element of n tiles (line 0), or column 0 (1) or row 0 (2) of each, the rest 0.\n"
    "template <typename E>\n"
    "void tl_spread_element(uint32_t base, uint32_t bytes, uint32_t n, uint32_t at, uint32_t line) {\n"
    "  const E v = reinterpret_cast<volatile tt_l1_ptr E*>(base)[at];\n"
    "  for (uint32_t k = 0; k < n; ++k) {\n"
    "    volatile tt_l1_ptr E* p = reinterpret_cast<volatile tt_l1_ptr E*>(base + k * bytes);\n"
    "    for (uint32_t r = 0; r < 32; ++r)\n"
    "      for (uint32_t c = 0; c < 32; ++c) p[tl_face_index(r, c)] = (line == 0 || (line == 1 ? c == 0 : r == 0)) ? v : E(0);\n"
    "  }\n"
    "}\n"
    "template <typename Accessor>\n"
    "void tl_read_element_tiles(const Accessor& t, uint32_t cb, int32_t r0, int32_t c0, uint32_t n, int32_t rows,\n"
    "                           int32_t cols, uint32_t er, uint32_t ec, uint32_t line) {\n"
    "  const uint32_t bytes = get_tile_size(cb);\n"
    "  cb_reserve_back(cb, n);\n"
    "  const uint32_t base = get_write_ptr(cb);\n"
    "  tl_fetch_tiles(t, base, bytes, r0, c0, 1, 1, rows, cols);\n"
    "  if (bytes == 4096) tl_spread_element<uint32_t>(base, bytes, n, tl_face_index(er, ec), line);  // 32-bit formats\n"
    "  else tl_spread_element<uint16_t>(base, bytes, n, tl_face_index(er, ec), line);\n"
    "  cb_push_back(cb, n);\n"
    "}\n";

bool is_element_read(const ExternCallNode& op) { return op.name == "tt.read_tiles" && op.args.size() > 8; }

std::string read_element_call(const ExternCallNode& op, const TensorView& t, const std::string& tensor,
                              const std::function<std::string(const Expr&)>& expr) {
  std::string s = "tl_read_element_tiles(" + tensor + ", " + std::to_string(const_arg(op, 1));
  for (int a : {2, 3, 4}) s += ", " + expr(op.args[a]);
  s += ", " + std::to_string(t.tile_rows) + ", " + std::to_string(t.tile_cols);
  for (int a : {8, 9, 10}) s += ", " + expr(op.args[a]);
  return s + ");\n";
}

}  // namespace tl::tt
