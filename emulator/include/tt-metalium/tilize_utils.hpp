// Row-major ↔ tiled layout conversion: a rows×cols matrix becomes (rows/32)×(cols/32) tiles in row-major tile
// order, each tile four 16×16 faces (top-left, top-right, bottom-left, bottom-right), each face row-major.
// rows and cols must be multiples of 32.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <tt_stl/span.hpp>

enum class TensorLayoutType { LIN_ROW_MAJOR = 0, TILED_SWIZZLED = 1, TILED_NFACES = 2 };
using PhysicalSize = std::array<uint32_t, 2>;

namespace emu::layout {
// Index inside the tiled buffer of element (r, c) of a matrix with `cols` columns.
inline size_t tiled_index(uint32_t r, uint32_t c, uint32_t cols) {
  const uint32_t tiles_per_row = cols / 32;
  const size_t tile = static_cast<size_t>(r / 32) * tiles_per_row + c / 32;
  const uint32_t rr = r % 32, cc = c % 32;
  const uint32_t face = (rr / 16) * 2 + cc / 16;
  return tile * 1024 + face * 256 + (rr % 16) * 16 + (cc % 16);
}
// Same for "swizzled" tiles: each 32×32 tile row-major.
inline size_t swizzled_index(uint32_t r, uint32_t c, uint32_t cols) {
  const uint32_t tiles_per_row = cols / 32;
  const size_t tile = static_cast<size_t>(r / 32) * tiles_per_row + c / 32;
  return tile * 1024 + (r % 32) * 32 + (c % 32);
}
}  // namespace emu::layout

template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
  std::vector<T> out(input.size());
  for (uint32_t r = 0; r < m; ++r)
    for (uint32_t c = 0; c < n; ++c) out[emu::layout::tiled_index(r, c, n)] = input[static_cast<size_t>(r) * n + c];
  return out;
}
template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
  std::vector<T> out(input.size());
  for (uint32_t r = 0; r < m; ++r)
    for (uint32_t c = 0; c < n; ++c) out[static_cast<size_t>(r) * n + c] = input[emu::layout::tiled_index(r, c, n)];
  return out;
}
template <typename T>
std::vector<T> tilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
  std::vector<T> out(input.size());
  for (uint32_t r = 0; r < m; ++r)
    for (uint32_t c = 0; c < n; ++c) out[emu::layout::swizzled_index(r, c, n)] = input[static_cast<size_t>(r) * n + c];
  return out;
}
template <typename T>
std::vector<T> untilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
  std::vector<T> out(input.size());
  for (uint32_t r = 0; r < m; ++r)
    for (uint32_t c = 0; c < n; ++c) out[static_cast<size_t>(r) * n + c] = input[emu::layout::swizzled_index(r, c, n)];
  return out;
}
template <typename T>
std::vector<T> convert_layout(tt::stl::Span<const T> inp, const PhysicalSize& shape, TensorLayoutType inL,
                              TensorLayoutType outL, std::optional<PhysicalSize> = std::nullopt,
                              std::optional<PhysicalSize> = std::nullopt, bool = false, bool = false) {
  std::vector<T> v(inp.begin(), inp.end());
  const uint32_t m = shape[0], n = shape[1];
  if (inL == outL) return v;
  if (inL == TensorLayoutType::TILED_NFACES) v = untilize_nfaces(v, m, n);
  if (inL == TensorLayoutType::TILED_SWIZZLED) v = untilize_swizzled(v, m, n);
  if (outL == TensorLayoutType::TILED_NFACES) return tilize_nfaces(v, m, n);
  if (outL == TensorLayoutType::TILED_SWIZZLED) return tilize_swizzled(v, m, n);
  return v;
}
