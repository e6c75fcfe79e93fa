// IDevice: one emulated chip (the device model's worker grid, L1 per core, DRAM banks). MeshDevice derives
// from it. Logical worker coordinates map to NOC coordinates via worker_core_from_logical_core.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/data_types.hpp>
#include <tt-metalium/hal_types.hpp>

namespace emu {
class Device;
}

namespace tt::tt_metal {
using ChipId = int;
using chip_id_t = int;
class CommandQueue;

struct DispatchCoreConfig {};

class IDevice {
 public:
  explicit IDevice(int id);
  virtual ~IDevice();
  IDevice(const IDevice&) = delete;
  IDevice& operator=(const IDevice&) = delete;

  int id() const { return id_; }
  tt::ARCH arch() const;
  CoreCoord compute_with_storage_grid_size() const;
  CoreCoord logical_grid_size() const { return compute_with_storage_grid_size(); }
  CoreCoord grid_size() const { return compute_with_storage_grid_size(); }
  CoreCoord dram_grid_size() const;
  CoreCoord worker_core_from_logical_core(const CoreCoord& logical_core) const;
  CoreCoord virtual_core_from_logical_core(const CoreCoord& logical_core, CoreType) const {
    return worker_core_from_logical_core(logical_core);
  }
  std::vector<CoreCoord> worker_cores_from_logical_cores(const std::vector<CoreCoord>& cores) const;
  CoreCoord logical_core_from_dram_channel(uint32_t) const { return {0, 0}; }
  uint32_t num_dram_channels() const;
  uint32_t dram_size_per_channel() const;
  uint32_t l1_size_per_core() const;
  uint32_t num_worker_cores() const;
  CommandQueue& command_queue(size_t cq_id = 0);
  bool is_initialized() const { return true; }

 protected:
  int id_;
  std::unique_ptr<CommandQueue> cq_;
};
}  // namespace tt::tt_metal
