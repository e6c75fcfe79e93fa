// CircularBufferConfig: total size plus, per CB index, a data format and a page size. Indices in one config
// share one L1 region (and so one address).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>

namespace tt::tt_metal {
struct Tile {
  std::array<uint32_t, 2> tile_shape{32, 32};
  bool transpose_tile = false;
  Tile() = default;
  Tile(std::array<uint32_t, 2> shape, bool transpose = false) : tile_shape(shape), transpose_tile(transpose) {}
};

class CircularBufferConfig {
 public:
  CircularBufferConfig(uint32_t total_size) : total_size_(total_size) {}
  CircularBufferConfig(uint32_t total_size, const std::map<uint8_t, tt::DataFormat>& data_format_spec)
      : total_size_(total_size), formats_(data_format_spec) {}
  CircularBufferConfig(uint32_t total_size, const std::map<uint8_t, tt::DataFormat>& data_format_spec,
                       const Buffer& buffer)
      : total_size_(total_size), formats_(data_format_spec), global_address_(buffer.address()) {}

  CircularBufferConfig& set_page_size(uint8_t buffer_index, uint32_t page_size) {
    page_sizes_[buffer_index] = page_size;
    return *this;
  }
  CircularBufferConfig& set_total_size(uint32_t total_size) {
    total_size_ = total_size;
    return *this;
  }
  CircularBufferConfig& set_globally_allocated_address(const Buffer& buffer) {
    global_address_ = buffer.address();
    return *this;
  }
  CircularBufferConfig& set_tile_dims(uint8_t buffer_index, const Tile& tile) {
    tiles_[buffer_index] = tile;
    return *this;
  }

  class Builder {
   public:
    Builder(CircularBufferConfig& parent, uint8_t index) : parent_(parent), index_(index) {}
    Builder& set_data_format(tt::DataFormat f) {
      parent_.formats_[index_] = f;
      return *this;
    }
    Builder& set_page_size(uint32_t p) {
      parent_.page_sizes_[index_] = p;
      return *this;
    }
    Builder& set_tile_dims(const Tile& t) {
      parent_.tiles_[index_] = t;
      return *this;
    }

   private:
    CircularBufferConfig& parent_;
    uint8_t index_;
  };
  Builder index(uint8_t buffer_index) { return Builder(*this, buffer_index); }

  uint32_t total_size() const { return total_size_; }
  const std::map<uint8_t, tt::DataFormat>& data_formats() const { return formats_; }
  const std::map<uint8_t, uint32_t>& page_sizes() const { return page_sizes_; }
  std::optional<uint32_t> globally_allocated_address() const { return global_address_; }

 private:
  uint32_t total_size_ = 0;
  std::map<uint8_t, tt::DataFormat> formats_;
  std::map<uint8_t, uint32_t> page_sizes_;
  std::map<uint8_t, Tile> tiles_;
  std::optional<uint32_t> global_address_;
};
}  // namespace tt::tt_metal
