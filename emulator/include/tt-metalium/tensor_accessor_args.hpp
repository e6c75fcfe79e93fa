// Host TensorAccessorArgs: appends the compile-time description of a buffer for the device TensorAccessor.
// Interleaved buffers append one word: ArgConfig flags (Sharded = 1, IsDram = 2).
#pragma once
#include <cstdint>
#include <vector>

#include <tt-metalium/buffer.hpp>

namespace tt::tt_metal {
namespace distributed {
class MeshBuffer;
}
class TensorAccessorArgs {
 public:
  TensorAccessorArgs() = default;
  explicit TensorAccessorArgs(const Buffer& buffer) : is_dram_(buffer.is_dram()) {}
  explicit TensorAccessorArgs(const Buffer* buffer) : is_dram_(buffer->is_dram()) {}
  explicit TensorAccessorArgs(const std::shared_ptr<Buffer>& buffer) : is_dram_(buffer->is_dram()) {}
  explicit TensorAccessorArgs(const distributed::MeshBuffer& buffer);
  explicit TensorAccessorArgs(const std::shared_ptr<distributed::MeshBuffer>& buffer) : TensorAccessorArgs(*buffer) {}

  void append_to(std::vector<uint32_t>& compile_time_args) const { compile_time_args.push_back(is_dram_ ? 2u : 0u); }
  void append_to(std::vector<uint32_t>& compile_time_args, std::vector<uint32_t>& /*common_runtime_args*/) const {
    append_to(compile_time_args);
  }
  std::vector<uint32_t> get_compile_time_args() const { return {is_dram_ ? 2u : 0u}; }

 private:
  bool is_dram_ = true;
};
}  // namespace tt::tt_metal
