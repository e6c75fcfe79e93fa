// DPRINT << TSLICE(cb, tile, SliceRange{…}, …): prints a numpy-style slice of tile `tile` counted from the CB's
// read pointer (TSLICE_RD_PTR, the default for readers of the front) or write pointer (TSLICE_WR_PTR), decoded
// from the CB's data format (Float16_b, Float32, Int32/UInt32; other formats print their raw bytes), one tile
// row per line. Elements are addressed in the tiled (four 16×16 faces) layout.
#pragma once
#include <cstdint>
#include <cstring>

#include "emu/kernel_ctx.h"

struct SliceRange {
  uint8_t h0, h1, hs, w0, w1, ws;
  static SliceRange hw0_32_16() { return SliceRange{0, 32, 16, 0, 32, 16}; }
  static SliceRange hw0_32_8() { return SliceRange{0, 32, 8, 0, 32, 8}; }
  static SliceRange hw0_32_4() { return SliceRange{0, 32, 4, 0, 32, 4}; }
  static SliceRange h0_w0_32() { return SliceRange{0, 1, 1, 0, 32, 1}; }
  static SliceRange h0_32_w0() { return SliceRange{0, 32, 1, 0, 1, 1}; }
  static SliceRange h0_32_w1() { return SliceRange{0, 32, 1, 1, 2, 1}; }
  static SliceRange hw041() { return SliceRange{0, 4, 1, 0, 4, 1}; }
};
#define TSLICE_RD_PTR true
#define TSLICE_WR_PTR false
#define TSLICE_INPUT_CB true
#define TSLICE_OUTPUT_CB false

namespace emu {
struct TSlice {
  uint8_t cb;
  int tile;
  SliceRange range;
  bool rd_ptr;
  bool endl_rows;
};
}  // namespace emu

inline emu::TSlice TSLICE(uint8_t cb, int tile_idx, const SliceRange& s, bool /*cb_type*/ = true,
                          bool ptr_type = TSLICE_RD_PTR, bool endl_rows = true, bool /*print_untilized*/ = true) {
  return emu::TSlice{cb, tile_idx, s, ptr_type, endl_rows};
}
