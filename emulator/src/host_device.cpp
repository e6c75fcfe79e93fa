// Host API: devices (classic and mesh), buffers, host↔device copies, program launch.
#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tt_metal.hpp>

#include "device.h"
#include "launch.h"

namespace emu {
namespace {
std::string g_model_override;
std::map<const tt::tt_metal::IDevice*, std::unique_ptr<Device>>& devices() {
  static std::map<const tt::tt_metal::IDevice*, std::unique_ptr<Device>> m;
  return m;
}
}  // namespace
extern uint64_t g_seed_override;

void set_device_model(const std::string& name) {
  model_by_name(name);
  g_model_override = name;
}
std::string device_model_name() {
  if (!g_model_override.empty()) return model_by_name(g_model_override).name;
  const char* e = std::getenv("TT_EMU_DEVICE");
  return model_by_name(e ? e : "").name;
}
void set_seed(uint64_t seed) { g_seed_override = seed; }
const char* version() { return "tt_metalium_emu 0.1"; }

// Programs and buffers created without a device argument go to the most recently opened device still open.
void close_device(const tt::tt_metal::IDevice* d) {
  auto it = devices().find(d);
  if (it == devices().end()) return;
  const bool was_current = current_device() == it->second.get();
  devices().erase(it);
  if (was_current) set_current_device(devices().empty() ? nullptr : devices().rbegin()->second.get());
}

Device& device_of(const tt::tt_metal::IDevice* d) {
  auto it = devices().find(d);
  if (it == devices().end() || !it->second) throw std::runtime_error("device is closed");
  return *it->second;
}
}  // namespace emu

namespace tt::tt_metal {
IDevice::IDevice(int id) : id_(id) {
  auto d = std::make_unique<emu::Device>(emu::model_by_name(emu::device_model_name()));
  emu::set_current_device(d.get());
  emu::devices()[this] = std::move(d);
  cq_ = std::make_unique<CommandQueue>(this);
}
IDevice::~IDevice() { emu::close_device(this); }
tt::ARCH IDevice::arch() const { return static_cast<tt::ARCH>(emu::device_of(this).model.arch); }
CoreCoord IDevice::compute_with_storage_grid_size() const {
  const auto& m = emu::device_of(this).model;
  return {m.grid_x, m.grid_y};
}
CoreCoord IDevice::dram_grid_size() const { return {emu::device_of(this).model.num_dram_banks, 1}; }
CoreCoord IDevice::worker_core_from_logical_core(const CoreCoord& c) const {
  const auto& m = emu::device_of(this).model;
  if (c.x >= m.grid_x || c.y >= m.grid_y)
    throw std::invalid_argument(fmt::format("worker_core_from_logical_core: {} is outside the {}x{} grid", c.str(),
                                            m.grid_x, m.grid_y));
  auto xy = m.worker_noc[c.y * m.grid_x + c.x];
  return {xy.x, xy.y};
}
std::vector<CoreCoord> IDevice::worker_cores_from_logical_cores(const std::vector<CoreCoord>& cores) const {
  std::vector<CoreCoord> out;
  for (auto& c : cores) out.push_back(worker_core_from_logical_core(c));
  return out;
}
uint32_t IDevice::num_dram_channels() const { return emu::device_of(this).model.num_dram_banks; }
uint32_t IDevice::dram_size_per_channel() const {
  return static_cast<uint32_t>(emu::device_of(this).model.dram_bank_size);
}
uint32_t IDevice::l1_size_per_core() const { return emu::device_of(this).model.l1_size; }
uint32_t IDevice::num_worker_cores() const { return emu::device_of(this).num_cores(); }
CommandQueue& IDevice::command_queue(size_t) { return *cq_; }

namespace {
class ClassicDevice final : public IDevice {
 public:
  explicit ClassicDevice(int id) : IDevice(id) {}
};
}  // namespace

IDevice* CreateDevice(ChipId id, uint8_t, size_t, size_t, const DispatchCoreConfig&, const std::vector<uint32_t>&,
                      size_t) {
  return new ClassicDevice(id);
}
bool CloseDevice(IDevice* device) {
  delete device;
  return true;
}
size_t GetNumAvailableDevices() { return 1; }
size_t GetNumPCIeDevices() { return 1; }

// ---- buffers
uint32_t Buffer::address() const { return alloc_->address; }
uint64_t Buffer::size() const { return alloc_->size; }
uint64_t Buffer::page_size() const { return alloc_->page_size; }
uint32_t Buffer::num_pages() const { return alloc_->num_pages; }
BufferType Buffer::buffer_type() const { return alloc_->dram ? BufferType::DRAM : BufferType::L1; }
IDevice* Buffer::device() const { return alloc_->idev; }
uint32_t Buffer::aligned_page_size() const { return alloc_->aligned_page; }
uint32_t Buffer::num_banks() const { return alloc_->num_banks; }

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config) {
  emu::Device& d = config.device ? emu::device_of(config.device) : emu::require_device("CreateBuffer");
  if (config.buffer_type != BufferType::DRAM && config.buffer_type != BufferType::L1 &&
      config.buffer_type != BufferType::L1_SMALL)
    throw std::invalid_argument("CreateBuffer: only DRAM and L1 buffers are supported by the emulator");
  auto a = d.allocate_buffer(config.buffer_type == BufferType::DRAM, config.size, config.page_size);
  a->idev = config.device;
  return std::make_shared<Buffer>(std::move(a));
}
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config, uint64_t) { return CreateBuffer(config); }
void DeallocateBuffer(Buffer&) {}

void EnqueueWriteBufferBytes(Buffer& buffer, const void* src, size_t bytes) {
  buffer.impl().dev->write_buffer(buffer.impl(), src, bytes);
}
void EnqueueReadBufferBytes(Buffer& buffer, void* dst, size_t bytes) {
  buffer.impl().dev->read_buffer(buffer.impl(), dst, bytes);
}
void EnqueueProgram(CommandQueue& cq, Program& program, bool) {
  emu::launch_program(emu::device_of(cq.device()), program.impl());
}
void Finish(CommandQueue&) {}

namespace detail {
void LaunchProgram(IDevice* device, Program& program, bool, bool) {
  emu::launch_program(emu::device_of(device), program.impl());
}
void WaitProgramDone(IDevice*, Program&, bool) {}
bool CompileProgram(IDevice*, Program&, bool) { return true; }
bool WriteToDeviceL1(IDevice* device, const CoreCoord& core, uint32_t address, std::vector<uint32_t>& host, CoreType) {
  emu::Device& d = emu::device_of(device);
  if (address + host.size() * 4 > d.model.l1_size) return false;
  std::memcpy(d.l1_host(d.core_index(core.x, core.y)) + address, host.data(), host.size() * 4);
  return true;
}
bool ReadFromDeviceL1(IDevice* device, const CoreCoord& core, uint32_t address, uint32_t size,
                      std::vector<uint32_t>& host, CoreType) {
  emu::Device& d = emu::device_of(device);
  if (address + size > d.model.l1_size) return false;
  host.resize(size / 4);
  std::memcpy(host.data(), d.l1_host(d.core_index(core.x, core.y)) + address, size);
  return true;
}
}  // namespace detail

TensorAccessorArgs::TensorAccessorArgs(const distributed::MeshBuffer& buffer)
    : TensorAccessorArgs(*buffer.get_backing_buffer()) {}

// ---- mesh
namespace distributed {
MeshDevice::MeshDevice(int id) : IDevice(id), mcq_(std::make_unique<MeshCommandQueue>(this)) {}
MeshDevice::~MeshDevice() = default;
std::shared_ptr<MeshDevice> MeshDevice::create_unit_mesh(int id, size_t, size_t, size_t, const DispatchCoreConfig&,
                                                         const std::vector<uint32_t>&, size_t) {
  return std::make_shared<MeshDevice>(id);
}
std::shared_ptr<MeshDevice> MeshDevice::create(const MeshDeviceConfig& config, size_t, size_t, size_t,
                                               const DispatchCoreConfig&) {
  if (config.mesh_shape.mesh_size() != 1)
    throw std::invalid_argument("MeshDevice::create: the emulator provides unit meshes (1x1) only");
  return std::make_shared<MeshDevice>(0);
}
MeshCommandQueue& MeshDevice::mesh_command_queue(size_t) { return *mcq_; }
bool MeshDevice::close() {
  if (!closed_) {
    closed_ = true;
    emu::close_device(this);
  }
  return true;
}

std::shared_ptr<MeshBuffer> MeshBuffer::create(const MeshBufferConfig& config, const DeviceLocalBufferConfig& local,
                                               MeshDevice* mesh_device, std::optional<uint64_t>) {
  uint64_t size = 0;
  if (auto* r = std::get_if<ReplicatedBufferConfig>(&config)) size = r->size;
  else size = std::get<ShardedBufferConfig>(config).global_size;
  if (local.sharding_args) throw std::invalid_argument("MeshBuffer::create: sharded buffers are not supported");
  auto buf = CreateBuffer(InterleavedBufferConfig{mesh_device, size, local.page_size, local.buffer_type});
  return std::make_shared<MeshBuffer>(std::move(buf), mesh_device, local);
}

void EnqueueMeshWorkload(MeshCommandQueue& cq, MeshWorkload& workload, bool) {
  for (auto& [range, program] : workload.get_programs())
    emu::launch_program(emu::device_of(cq.device()), program.impl());
}
void Finish(MeshCommandQueue&) {}
}  // namespace distributed
}  // namespace tt::tt_metal
