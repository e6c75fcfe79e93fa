// TSLICE(cb, tile, SliceRange{…}, …): a numpy-style slice of tile `tile` of a CB, printed by DPRINT (the stream
// form of the 0.66 API, the format form of 0.81: emu/dprint.h). Counted from the CB's read pointer (a compute
// kernel reads as its UNPACK thread; a data-movement kernel's ptr_type chooses, TSLICE_RD_PTR by default on BRISC,
// TSLICE_WR_PTR on NCRISC, as the SDK's), decoded from the CB's data format (Float16_b, Float32, Int32/UInt32;
// other formats print their raw bytes), one tile row per line when endl_rows. Elements are addressed in the tiled
// (four 16×16 faces) layout. The constructor's arguments are the SDK's for the kernel kind: (cb, tile, range,
// endl_rows, print_untilized) in a compute kernel, (cb, tile, range, cb_type, ptr_type, endl_rows,
// print_untilized) in a data-movement one.
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
#if defined(COMPILE_FOR_TRISC)
  TSlice(uint8_t c, int tile_idx, const SliceRange& s, bool endl = true, bool /*print_untilized*/ = true)
      : cb(c), tile(tile_idx), range(s), rd_ptr(true), endl_rows(endl) {}
#else
  TSlice(uint8_t c, int tile_idx, const SliceRange& s, bool /*cb_type*/,
#if defined(COMPILE_FOR_NCRISC)
         bool ptr_type = TSLICE_WR_PTR,
#else
         bool ptr_type = TSLICE_RD_PTR,
#endif
         bool endl = true, bool /*print_untilized*/ = true)
      : cb(c), tile(tile_idx), range(s), rd_ptr(ptr_type), endl_rows(endl) {
  }
#endif
  // Calls value(kind, bits) for each element of the slice in row-major order (kind: 'f' a float's bits, 'i' an
  // int32, 'u' a uint32, 'b' a raw byte) and row_end() after each row.
  template <typename Value, typename RowEnd>
  void each(Value value, RowEnd row_end) const {
    const uint32_t base = rd_ptr ? rt::cb_read_ptr(cb) : rt::cb_write_ptr(cb);
    const uint32_t fmt = rt::cb_data_format(cb), page = rt::cb_page_size(cb);
    rt::l1_settle(base + tile * page, page);
    const uint8_t* t = tls_kernel->l1 + base + tile * page;  // the window's bytes, without a window fault
    for (uint32_t h = range.h0; h < range.h1; h += range.hs ? range.hs : 1) {
      for (uint32_t w = range.w0; w < range.w1; w += range.ws ? range.ws : 1) {
        const uint32_t idx = ((h / 16) * 2 + w / 16) * 256 + (h % 16) * 16 + (w % 16);
        uint32_t bits = 0;
        if (fmt == 5) {  // Float16_b
          uint16_t b16;
          std::memcpy(&b16, t + 2 * idx, 2);
          value('f', static_cast<uint32_t>(b16) << 16, w == range.w0);
        } else if (fmt == 0 || fmt == 8 || fmt == 24) {  // Float32, Int32, UInt32
          std::memcpy(&bits, t + 4 * idx, 4);
          value(fmt == 0 ? 'f' : fmt == 8 ? 'i' : 'u', bits, w == range.w0);
        } else {
          value('b', t[idx], w == range.w0);
        }
      }
      row_end();
    }
  }
};
}  // namespace emu

using TSLICE = emu::TSlice;
