// MeshDevice: a mesh of emulated chips; the emulator provides unit meshes (one chip). It is an IDevice.
#pragma once
#include <memory>
#include <vector>

#include <tt-metalium/device.hpp>
#include <tt-metalium/mesh_coord.hpp>

namespace tt::tt_metal::distributed {
class MeshCommandQueue;

struct MeshDeviceConfig {
  MeshShape mesh_shape;
  MeshDeviceConfig(const MeshShape& shape = MeshShape(1, 1)) : mesh_shape(shape) {}
};

class MeshDevice : public IDevice, public std::enable_shared_from_this<MeshDevice> {
 public:
  explicit MeshDevice(int id);
  ~MeshDevice() override;
  static std::shared_ptr<MeshDevice> create_unit_mesh(int device_id, size_t l1_small_size = 0,
                                                      size_t trace_region_size = 0, size_t num_command_queues = 1,
                                                      const DispatchCoreConfig& dispatch_core_config = {},
                                                      const std::vector<uint32_t>& l1_bank_remap = {},
                                                      size_t worker_l1_size = 0);
  static std::shared_ptr<MeshDevice> create(const MeshDeviceConfig& config, size_t l1_small_size = 0,
                                            size_t trace_region_size = 0, size_t num_command_queues = 1,
                                            const DispatchCoreConfig& dispatch_core_config = {});
  MeshCommandQueue& mesh_command_queue(size_t cq_id = 0);
  const MeshShape& shape() const { return shape_; }
  std::vector<IDevice*> get_devices() { return {this}; }
  IDevice* get_device(const MeshCoordinate&) { return this; }
  size_t num_devices() const { return 1; }
  size_t num_rows() const { return 1; }
  size_t num_cols() const { return 1; }
  bool close();

 private:
  MeshShape shape_;
  std::unique_ptr<MeshCommandQueue> mcq_;
  bool closed_ = false;
};
}  // namespace tt::tt_metal::distributed
