// Tilize / untilize: row-major CB data <-> tiles. Row-major data occupies consecutive CB pages of one tile's
// size each (as the SDK's examples lay it out): element (r, c) of a block W elements wide sits at byte
// (r * W + c) * element_size from the first page. Values pass through DST precision on the way.
#include <cstring>
#include <string>

#include "compute_core.h"
#include "cycle_model.h"

namespace emu::compute {

namespace {
uint32_t element_bytes(DataFormat f) {
  switch (f) {
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32: return 4;
    case DataFormat::Float16:
    case DataFormat::Float16_b:
    case DataFormat::UInt16: return 2;
    case DataFormat::UInt8:
    case DataFormat::Int8: return 1;
    default: return 0;
  }
}

float read_element(DataFormat f, const uint8_t* p) {
  uint32_t v = 0;
  std::memcpy(&v, p, element_bytes(f));
  switch (f) {
    case DataFormat::Float16_b: return bf16_float(static_cast<uint16_t>(v));
    case DataFormat::Float16: return fp16_float(static_cast<uint16_t>(v));
    case DataFormat::Int8: return bits_float(static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(v))));
    default: return bits_float(v);  // fp32 value or raw integer pattern
  }
}

void write_element(DataFormat f, uint8_t* p, float x) {
  uint32_t v;
  switch (f) {
    case DataFormat::Float16_b: v = bf16_bits(x); break;
    case DataFormat::Float16: v = fp16_bits(x); break;
    default: v = float_bits(x); break;
  }
  std::memcpy(p, &v, element_bytes(f));
}
}  // namespace

void ComputeCore::tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t in_idx, uint32_t out_idx) {
  env_.settle();  // runs at its call: after the core's deferred math
  const char* api = "tilize_block";
  const DataFormat f = cb_format(icb);
  const uint32_t es = element_bytes(f), pb = tile_bytes(f);
  if (es == 0) env_.fault(api, std::string("row-major data cannot be in format ") + format_name(f));
  const uint32_t width = block * 32;
  alignas(64) float t[1024];
  for (uint32_t b = 0; b < block; ++b) {
    // A 32-element row segment starts at a multiple of 32 elements, so it never straddles a page.
    for (uint32_t r = 0; r < 32; ++r) {
      const uint64_t off = (static_cast<uint64_t>(r) * width + b * 32) * es;
      const uint8_t* seg = env_.front_tile(icb, in_idx + static_cast<uint32_t>(off / pb), api) + off % pb;
      for (uint32_t c = 0; c < 32; ++c) t[r * 32 + c] = read_element(f, seg + c * es);
    }
    if (!unpacks_to_dest(icb, f)) {
      if (f == DataFormat::Float32) to_src_register(t);
      if (dst_bf16()) round_tile_bf16(t);
    }
    // Packed at the call: `t` is this frame's (a deferred pack would read it after the frame is gone).
    store_packed(t, ocb, out_idx ? out_idx + b : next_pack_slot(ocb), api, /*now=*/true);  // counts the pack
  }
}

void ComputeCore::write_row_major(uint32_t ocb, uint32_t first_page, const float* rows, uint32_t width_tiles,
                                  uint32_t col_offset, uint32_t row_width_tiles, const char* api) {
  const DataFormat f = cb_format(ocb);
  const uint32_t es = element_bytes(f), pb = tile_bytes(f);
  if (es == 0) env_.fault(api, std::string("row-major data cannot be in format ") + format_name(f));
  const uint32_t w = width_tiles * 32, row_w = row_width_tiles * 32;
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t c0 = 0; c0 < w; c0 += 32) {  // 32-element segments never straddle a page (see tilize_block)
      const uint64_t off = (static_cast<uint64_t>(r) * row_w + col_offset + c0) * es;
      uint8_t* seg = env_.back_tile(ocb, first_page + static_cast<uint32_t>(off / pb), api) + off % pb;
      for (uint32_t c = 0; c < 32; ++c) write_element(f, seg + c * es, rows[r * w + c0 + c]);
    }
  for (uint32_t t = 0; t < width_tiles; ++t) count_pack(pack_cycles(f));
}

namespace {
// Tiles (row-major each) -> one 32-row strip of n tiles side by side.
void strip_from_tiles(const float* tiles, uint32_t n, float* strip) {
  for (uint32_t t = 0; t < n; ++t)
    for (uint32_t r = 0; r < 32; ++r) std::memcpy(strip + r * n * 32 + t * 32, tiles + t * 1024 + r * 32, 128);
}
}  // namespace

void ComputeCore::untilize_block(uint32_t icb, uint32_t full_ct, uint32_t ocb) {
  env_.settle();  // runs at its call: after the core's deferred math
  const char* api = "untilize_block";
  std::unique_ptr<float[]> tiles(new float[full_ct * 1024]), strip(new float[full_ct * 1024]);
  for (uint32_t t = 0; t < full_ct; ++t) {
    const bool direct = unpacks_to_dest(icb, cb_format(icb));
    load(icb, t, tiles.get() + t * 1024, api, !direct);
    if (!direct && dst_bf16()) round_tile_bf16(tiles.get() + t * 1024);
  }
  strip_from_tiles(tiles.get(), full_ct, strip.get());
  const uint32_t first = next_pack_slot(ocb);
  for (uint32_t t = 1; t < full_ct; ++t) next_pack_slot(ocb);
  write_row_major(ocb, first, strip.get(), full_ct, 0, full_ct, api);
}

void ComputeCore::pack_untilize_block(uint32_t icb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct,
                                      uint32_t ocb, uint32_t block_c_index) {
  env_.settle();  // runs at its call: after the core's deferred math
  const char* api = "pack_untilize_block";
  std::unique_ptr<float[]> tiles(new float[block_ct * 1024]), strip(new float[block_ct * 1024]);
  for (uint32_t rt = 0; rt < block_rt; ++rt) {
    for (uint32_t ct = 0; ct < block_ct; ++ct) {
      const bool direct = unpacks_to_dest(icb, cb_format(icb));
      load(icb, ct, tiles.get() + ct * 1024, api, !direct);  // the SDK unpacks front tiles 0..block_ct-1 per row
      if (!direct && dst_bf16()) round_tile_bf16(tiles.get() + ct * 1024);
    }
    strip_from_tiles(tiles.get(), block_ct, strip.get());
    write_row_major(ocb, rt * full_ct, strip.get(), block_ct, block_c_index * block_ct * 32, full_ct, api);
  }
}

void ComputeCore::pack_untilize_dest(uint32_t ocb, uint32_t block_rt, uint32_t block_ct, uint32_t full_ct,
                                     uint32_t block_c_index) {
  env_.settle();  // runs at its call: after the core's deferred math
  const char* api = "pack_untilize_dest";
  std::unique_ptr<float[]> tiles(new float[block_ct * 1024]), strip(new float[block_ct * 1024]);
  for (uint32_t rt = 0; rt < block_rt; ++rt) {
    alignas(64) float scratch[1024];
    for (uint32_t ct = 0; ct < block_ct; ++ct)
      std::memcpy(tiles.get() + ct * 1024, masked(dst_.pack_tile(api, rt * block_ct + ct), scratch), 4096);
    strip_from_tiles(tiles.get(), block_ct, strip.get());
    write_row_major(ocb, rt * full_ct, strip.get(), block_ct, block_c_index * block_ct * 32, full_ct, api);
  }
}

}  // namespace emu::compute
