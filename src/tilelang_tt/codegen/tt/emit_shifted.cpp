// The reader's tt.read_shifted and the writer's tt.write_shifted (emit_shifted.h).
#include "tilelang_tt/codegen/tt/emit_shifted.h"

#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

const char* const kShiftTiles =
    "// Calls f(tr, tc) for each tile of a tensor of rows×cols tiles (tile rows [row0, rows): one slice) that covers\n"
    "// part of the bh×bw-element block whose element (0, 0) is element (er, ec) of the tensor.\n"
    "template <typename F>\n"
    "void tl_covering_tiles(int32_t er, int32_t ec, int32_t bh, int32_t bw, int32_t rows, int32_t cols, int32_t row0,\n"
    "                       F f) {\n"
    "  const int32_t tr1 = tl_floordiv(er + bh - 1, 32), tc1 = tl_floordiv(ec + bw - 1, 32);\n"
    "  for (int32_t tr = tl_max(tl_floordiv(er, 32), row0); tr <= tl_min(tr1, rows - 1); ++tr)\n"
    "    for (int32_t tc = tl_max(tl_floordiv(ec, 32), 0); tc <= tl_min(tc1, cols - 1); ++tc) f(tr, tc);\n"
    "}\n"
    "\n"
    "// Moves the elements of covering tile (tr, tc), held at s, that lie in the bh×bw-element block (at base: its\n"
    "// tiles w to a row) and before element row row_end and column col_end of the tensor: into the block\n"
    "// (to_block) or from it into the tile, in the 16x16-face layout of both (E: the storage type of one element).\n"
    "template <typename E>\n"
    "void tl_move(uint32_t base, uint32_t bytes, uint32_t s, int32_t er, int32_t ec, int32_t bh, int32_t bw, uint32_t w,\n"
    "             int32_t tr, int32_t tc, int32_t row_end, int32_t col_end, bool to_block) {\n"
    "  volatile tt_l1_ptr E* tile = reinterpret_cast<volatile tt_l1_ptr E*>(s);\n"
    "  volatile tt_l1_ptr E* block = reinterpret_cast<volatile tt_l1_ptr E*>(base);\n"
    "  const uint32_t n = bytes / sizeof(E);\n"
    "  const int32_t sr0 = tl_max(0, er - 32 * tr), sr1 = tl_min(tl_min(32, er + bh - 32 * tr), row_end - 32 * tr);\n"
    "  const int32_t sc0 = tl_max(0, ec - 32 * tc), sc1 = tl_min(tl_min(32, ec + bw - 32 * tc), col_end - 32 * tc);\n"
    "  for (int32_t sr = sr0; sr < sr1; ++sr) {\n"
    "    const uint32_t dr = uint32_t(32 * tr + sr - er);\n"
    "    for (int32_t sc = sc0; sc < sc1; ++sc) {\n"
    "      const uint32_t dc = uint32_t(32 * tc + sc - ec);\n"
    "      const uint32_t b = ((dr >> 5) * w + (dc >> 5)) * n + tl_face_index(dr & 31, dc & 31);\n"
    "      const uint32_t x = tl_face_index(uint32_t(sr), uint32_t(sc));\n"
    "      if (to_block) block[b] = tile[x];\n"
    "      else tile[x] = block[b];\n"
    "    }\n"
    "  }\n"
    "}\n"
    "inline void tl_move_elements(uint32_t base, uint32_t bytes, uint32_t s, int32_t er, int32_t ec, int32_t bh,\n"
    "                             int32_t bw, uint32_t w, int32_t tr, int32_t tc, int32_t row_end, int32_t col_end,\n"
    "                             bool to_block) {\n"
    "  if (bytes == 4096) tl_move<uint32_t>(base, bytes, s, er, ec, bh, bw, w, tr, tc, row_end, col_end, to_block);\n"
    "  else if (bytes == 2048) tl_move<uint16_t>(base, bytes, s, er, ec, bh, bw, w, tr, tc, row_end, col_end, to_block);\n"
    "  else tl_move<uint8_t>(base, bytes, s, er, ec, bh, bw, w, tr, tc, row_end, col_end, to_block);\n"
    "}\n";

const char* const kReadShifted =
    "// tt.read_shifted: pushes into cb the h×w tiles whose element (0, 0) is element (er, ec) of the tensor and\n"
    "// whose first bh×bw elements are the block (a padded block's pad: the rest): each covering tile is read once\n"
    "// into the scratch page of CB `scratch` (reserved once at the kernel's start, never pushed) and its elements\n"
    "// moved into the block; the block's elements outside the tensor, and the pad, are zero. bcast >= 0: then\n"
    "// tl_broadcast_tiles (per row when 1).\n"
    "template <typename Accessor>\n"
    "void tl_read_shifted(const Accessor& t, uint32_t cb, uint32_t scratch, int32_t er, int32_t ec, uint32_t h,\n"
    "                     uint32_t w, int32_t bh, int32_t bw, int32_t rows, int32_t cols, int32_t bcast,\n"
    "                     int32_t row0 = 0) {\n"
    "  const uint32_t bytes = get_tile_size(cb), s = get_write_ptr(scratch);\n"
    "  cb_reserve_back(cb, h * w);\n"
    "  const uint32_t base = get_write_ptr(cb);\n"
    "  if (tl_floordiv(er, 32) < row0 || tl_floordiv(er + bh - 1, 32) >= rows || ec < 0 ||\n"
    "      tl_floordiv(ec + bw - 1, 32) >= cols || bh < int32_t(32 * h) || bw < int32_t(32 * w))\n"
    "    tl_zero_l1(base, h * w * bytes);\n"
    "  tl_covering_tiles(er, ec, bh, bw, rows, cols, row0, [&](int32_t tr, int32_t tc) {\n"
    "    noc_async_read_page(uint32_t(tr * cols + tc), t, s);\n"
    "    noc_async_read_barrier();\n"
    "    tl_move_elements(base, bytes, s, er, ec, bh, bw, w, tr, tc, 32 * rows, 32 * cols, true);\n"
    "  });\n"
    "  if (bcast >= 0) tl_broadcast_tiles(base, bytes, h * w, bcast != 0);\n"
    "  cb_push_back(cb, h * w);\n"
    "}\n";

const char* const kWriteShifted =
    "// tt.write_shifted: pops h×w tiles from cb and stores their first bh×bw elements (the block; a padded block's\n"
    "// pad is never stored) at element (er, ec) of the tensor: each covering tile\n"
    "// is read into the scratch page, the block's elements (those before element row row_end and column col_end:\n"
    "// the tensor's data, its pad stays as it was) are written over it, and it is stored back (read-modify-write:\n"
    "// tensorize_tt allows it only where no block of another block index writes the same tiles).\n"
    "template <typename Accessor>\n"
    "void tl_write_shifted(const Accessor& t, uint32_t cb, uint32_t scratch, int32_t er, int32_t ec, uint32_t h,\n"
    "                      uint32_t w, int32_t bh, int32_t bw, int32_t rows, int32_t cols, int32_t row_end,\n"
    "                      int32_t col_end, int32_t row0 = 0) {\n"
    "  const uint32_t bytes = get_tile_size(cb), s = get_write_ptr(scratch);\n"
    "  cb_wait_front(cb, h * w);\n"
    "  const uint32_t base = get_read_ptr(cb);\n"
    "  tl_covering_tiles(er, ec, bh, bw, rows, cols, row0, [&](int32_t tr, int32_t tc) {\n"
    "    noc_async_read_page(uint32_t(tr * cols + tc), t, s);\n"
    "    noc_async_read_barrier();\n"
    "    tl_move_elements(base, bytes, s, er, ec, bh, bw, w, tr, tc, row_end, col_end, false);\n"
    "    noc_async_write_page(uint32_t(tr * cols + tc), t, s);\n"
    "    noc_async_write_barrier();\n"
    "  });\n"
    "  cb_pop_front(cb, h * w);\n"
    "}\n";

std::string shifted_call(const ExternCallNode& op, const TensorView& t, const std::string& tensor,
                         const std::string& bcast, const std::function<std::string(const Expr&)>& expr) {
  const bool read = op.name == "tt.read_shifted";
  // A tensor of slices (plan.h): the block's tiles are those of its slice's rows [s0, s0 + slice tile rows).
  const bool sliced = t.slice_tile_rows != t.tile_rows;
  const std::string s0 = sliced ? expr(op.args[6]) : "";
  const std::string rows = sliced ? "tl_min(" + std::to_string(t.tile_rows) + ", " + s0 + " + " +
                                        std::to_string(t.slice_tile_rows) + ")"
                                  : std::to_string(t.tile_rows);
  // A store patches the tensor's elements only: rows before its slice's last valid one, columns before its last
  // (the pad of the edge tiles stays zero for later kernels).
  const int64_t valid_rows = 32 * (t.slice_tile_rows - 1) + t.valid_rows;
  // The block's element extents: a padded block's (args 8, 9: tt_padded_blocks.h), else its whole tiles.
  const std::string bh = op.args.size() > 9 ? expr(op.args[8]) : "32 * " + expr(op.args[4]);
  const std::string bw = op.args.size() > 9 ? expr(op.args[9]) : "32 * " + expr(op.args[5]);
  const std::string row_end = sliced ? "32 * tl_max(0, " + s0 + ") + " + std::to_string(valid_rows)
                                     : std::to_string(valid_rows);
  return std::string(read ? "tl_read_shifted(" : "tl_write_shifted(") + tensor + ", " +
         std::to_string(const_arg(op, read ? 1 : 0)) + ", " + std::to_string(const_arg(op, 7)) + ", " +
         expr(op.args[2]) + ", " + expr(op.args[3]) + ", " + expr(op.args[4]) + ", " + expr(op.args[5]) + ", " +
         bh + ", " + bw + ", " + rows + ", " + std::to_string(t.tile_cols) + ", " +
         (read ? bcast : row_end + ", " + std::to_string(32 * (t.tile_cols - 1) + t.valid_cols)) +
         (sliced ? ", tl_max(0, " + s0 + ")" : "") + ");\n";
}

}  // namespace tl::tt
