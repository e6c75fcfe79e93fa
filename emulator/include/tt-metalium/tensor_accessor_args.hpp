// Host TensorAccessorArgs: appends the compile-time description of a buffer for the device TensorAccessor.
// Interleaved buffers append ArgConfig flags (Sharded = 1, IsDram = 2), and in the 0.81 API the aligned page size.
#pragma once
#include <cstdint>
#include <vector>

#include <tt-metalium/buffer.hpp>

#include "emu/metalium_api.h"

namespace tt::tt_metal {
namespace distributed {
class MeshBuffer;
}
class TensorAccessorArgs {
 public:
  TensorAccessorArgs() = default;
  explicit TensorAccessorArgs(const Buffer& buffer)
      : is_dram_(buffer.is_dram()), aligned_page_size_(buffer.aligned_page_size()) {}
  explicit TensorAccessorArgs(const Buffer* buffer) : TensorAccessorArgs(*buffer) {}
  explicit TensorAccessorArgs(const std::shared_ptr<Buffer>& buffer) : TensorAccessorArgs(*buffer) {}
  explicit TensorAccessorArgs(const distributed::MeshBuffer& buffer);
  explicit TensorAccessorArgs(const std::shared_ptr<distributed::MeshBuffer>& buffer) : TensorAccessorArgs(*buffer) {}

  void append_to(std::vector<uint32_t>& compile_time_args) const {
    for (uint32_t v : get_compile_time_args()) compile_time_args.push_back(v);
  }
  void append_to(std::vector<uint32_t>& compile_time_args, std::vector<uint32_t>& /*common_runtime_args*/) const {
    append_to(compile_time_args);
  }
  // The ArgConfig word; from the 0.81 API on (emu/metalium_api.h) also the aligned page size.
  std::vector<uint32_t> get_compile_time_args() const {
#if TT_METALIUM_API >= 81
    return {is_dram_ ? 2u : 0u, aligned_page_size_};
#else
    return {is_dram_ ? 2u : 0u};
#endif
  }

 private:
  bool is_dram_ = true;
  uint32_t aligned_page_size_ = 0;
};
}  // namespace tt::tt_metal
