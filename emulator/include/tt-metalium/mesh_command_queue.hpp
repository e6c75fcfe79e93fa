// MeshCommandQueue: the emulator executes every enqueued command synchronously, in order.
#pragma once
#include <tt-metalium/mesh_device.hpp>

namespace tt::tt_metal::distributed {
class MeshCommandQueue {
 public:
  explicit MeshCommandQueue(MeshDevice* device) : device_(device) {}
  MeshDevice* device() const { return device_; }
  uint32_t id() const { return 0; }

 private:
  MeshDevice* device_;
};
}  // namespace tt::tt_metal::distributed
