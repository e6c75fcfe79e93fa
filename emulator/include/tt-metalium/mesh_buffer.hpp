// MeshBuffer: a buffer replicated on every chip of a mesh (on a unit mesh: one device buffer).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include <tt-metalium/buffer.hpp>
#include <tt-metalium/mesh_device.hpp>

namespace tt::tt_metal::distributed {
struct DeviceLocalBufferConfig {
  uint64_t page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  std::optional<int> sharding_args;  // sharded buffers are not supported by the emulator
  std::optional<bool> bottom_up;
};
struct ReplicatedBufferConfig {
  uint64_t size = 0;
};
struct ShardedBufferConfig {
  uint64_t global_size = 0;
  std::pair<size_t, size_t> global_buffer_shape;
  std::pair<size_t, size_t> shard_shape;
};
using MeshBufferConfig = std::variant<ReplicatedBufferConfig, ShardedBufferConfig>;

class MeshBuffer {
 public:
  static std::shared_ptr<MeshBuffer> create(const MeshBufferConfig& config, const DeviceLocalBufferConfig& device_local,
                                            MeshDevice* mesh_device, std::optional<uint64_t> address = std::nullopt);
  uint32_t address() const { return buffer_->address(); }
  uint64_t size() const { return buffer_->size(); }
  uint64_t page_size() const { return buffer_->page_size(); }
  MeshDevice* device() const { return device_; }
  Buffer* get_backing_buffer() const { return buffer_.get(); }
  Buffer* get_device_buffer(const MeshCoordinate&) const { return buffer_.get(); }
  const DeviceLocalBufferConfig& device_local_config() const { return local_; }
  bool is_allocated() const { return true; }
  void deallocate() {}

  MeshBuffer(std::shared_ptr<Buffer> buffer, MeshDevice* device, DeviceLocalBufferConfig local)
      : buffer_(std::move(buffer)), device_(device), local_(local) {}

 private:
  std::shared_ptr<Buffer> buffer_;
  MeshDevice* device_;
  DeviceLocalBufferConfig local_;
};
}  // namespace tt::tt_metal::distributed
