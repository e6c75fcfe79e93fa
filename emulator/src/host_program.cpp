// Host API: programs, kernels, circular buffers, semaphores and runtime arguments.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <tt-metalium/host_api.hpp>

#include "device.h"
#include "faults.h"
#include "kernel_build.h"
#include "program_impl.h"

namespace tt::tt_metal {
using emu::ProgramImpl;

Program::Program() : impl_(std::make_unique<ProgramImpl>()) {}
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;
Program CreateProgram() { return Program(); }

namespace {
emu::Device& dev(const char* api) { return emu::require_device(api); }

std::vector<uint32_t> cores_of(const CoreRangeSet& set, const char* api) {
  emu::Device& d = dev(api);
  std::vector<uint32_t> out;
  for (const CoreRange& r : set.ranges()) {
    if (r.end_coord.x >= d.model.grid_x || r.end_coord.y >= d.model.grid_y || r.start_coord.x > r.end_coord.x ||
        r.start_coord.y > r.end_coord.y)
      throw std::invalid_argument(fmt::format("{}: core range {} is outside the {}x{} worker grid", api, r.str(),
                                              d.model.grid_x, d.model.grid_y));
    for (CoreCoord c : r) out.push_back(d.core_index(c.x, c.y));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
std::vector<uint32_t> cores_of(const CoreSpec& spec, const char* api) {
  return std::visit(
      [&](auto&& s) -> std::vector<uint32_t> {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, CoreCoord>) return cores_of(CoreRangeSet(CoreRange(s)), api);
        else if constexpr (std::is_same_v<T, CoreRange>) return cores_of(CoreRangeSet(s), api);
        else return cores_of(s, api);
      },
      spec);
}
std::string core_name(uint32_t c) {
  const auto& m = emu::require_device("host").model;
  return fmt::format("(x={},y={})", c % m.grid_x, c / m.grid_x);
}

KernelHandle add_kernel(Program& program, std::string path, std::string source, const CoreSpec& core_spec,
                        const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config) {
  ProgramImpl& p = program.impl();
  auto k = std::make_unique<emu::KernelSpec>();
  k->handle = static_cast<uint32_t>(p.kernels.size());
  k->path = std::move(path);
  k->source = std::move(source);
  k->name = k->path.empty() ? fmt::format("kernel{}_from_string", k->handle)
                            : std::filesystem::path(k->path).filename().string();
  k->cores = cores_of(core_spec, "CreateKernel");
  k->on_core.assign(dev("CreateKernel").num_cores(), false);
  for (uint32_t c : k->cores) k->on_core[c] = true;
  if (auto* dm = std::get_if<DataMovementConfig>(&config)) {
    k->risc = dm->processor == DataMovementProcessor::RISCV_0 ? emu::Risc::kBrisc : emu::Risc::kNcrisc;
    k->noc = dm->noc;
    k->api = dm->emu_metalium_api;
    k->compile_args = dm->compile_args;
    k->defines = dm->defines;
    k->named_args.insert(dm->named_compile_args.begin(), dm->named_compile_args.end());
  } else if (auto* cc = std::get_if<ComputeConfig>(&config)) {
    k->risc = emu::Risc::kCompute;
    k->api = cc->emu_metalium_api;
    k->compile_args = cc->compile_args;
    k->defines = cc->defines;
    k->named_args.insert(cc->named_compile_args.begin(), cc->named_compile_args.end());
    k->compute.math_fidelity = static_cast<int>(cc->math_fidelity);
    k->compute.fp32_dest_acc_en = cc->fp32_dest_acc_en;
    k->compute.dst_full_sync_en = cc->dst_full_sync_en;
    k->compute.math_approx_mode = cc->math_approx_mode;
    k->compute.bfp8_pack_precise = cc->bfp8_pack_precise;
    for (size_t i = 0; i < cc->unpack_to_dest_mode.size() && i < 64; ++i)
      if (cc->unpack_to_dest_mode[i] == UnpackToDestMode::UnpackToDestFp32) k->compute.unpack_to_dest_fp32 |= uint64_t{1} << i;
  } else {
    throw std::invalid_argument("CreateKernel: ethernet kernels are not supported by the emulator");
  }
  for (auto& other : p.kernels)
    if (other->risc == k->risc)
      for (uint32_t c : k->cores)
        if (other->on_core[c])
          throw std::invalid_argument(fmt::format(
              "CreateKernel: core {} already runs kernel {} on {}; {} cannot use the same processor", core_name(c),
              other->name, emu::risc_name(k->risc), k->name));
  p.kernels.push_back(std::move(k));
  return p.kernels.back()->handle;
}

emu::KernelSpec& kernel_of(const Program& program, KernelHandle h, const char* api) {
  auto& ks = program.impl().kernels;
  if (h >= ks.size()) throw std::invalid_argument(fmt::format("{}: no kernel with handle {}", api, h));
  return *ks[h];
}

void set_args(emu::KernelSpec& k, uint32_t core, const uint32_t* v, size_t n) {
  if (n > max_runtime_args)
    emu::host_fault("runtime_args", core_name(core), k.name + " [" + emu::risc_name(k.risc) + "]", "SetRuntimeArgs",
                    fmt::format("{} runtime arguments exceed the device limit of {} per kernel and core", n,
                                max_runtime_args));
  if (!k.on_core[core])
    throw std::invalid_argument(fmt::format("SetRuntimeArgs: kernel {} does not run on core {}", k.name, core_name(core)));
  auto& slot = k.rt_args[core];
  if (!slot) slot = std::make_unique<emu::ArgsStore>();
  slot->set(v, n);
}
}  // namespace

KernelHandle CreateKernel(Program& program, const std::string& file_name, const CoreSpec& core_spec,
                          const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config) {
  return add_kernel(program, emu::resolve_kernel_path(file_name), "", core_spec, config);
}
KernelHandle CreateKernelFromString(Program& program, const std::string& src, const CoreSpec& core_spec,
                                    const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config) {
  return add_kernel(program, "", src, core_spec, config);
}

CBHandle CreateCircularBuffer(Program& program, const CoreSpec& core_spec, const CircularBufferConfig& config) {
  ProgramImpl& p = program.impl();
  emu::Device& d = dev("CreateCircularBuffer");
  emu::CbSpec cb;
  cb.cores = cores_of(core_spec, "CreateCircularBuffer");
  cb.config = config;
  for (auto& [idx, f] : config.data_formats()) {
    if (idx >= d.model.num_cbs)
      throw std::invalid_argument(fmt::format("CreateCircularBuffer: CB index {} exceeds the device's {} CBs", idx,
                                              d.model.num_cbs));
    auto ps = config.page_sizes().find(idx);
    const uint32_t page = ps != config.page_sizes().end() ? ps->second : tt::tile_size(f);
    if (page == 0 || config.total_size() % page != 0)
      throw std::invalid_argument(fmt::format(
          "CreateCircularBuffer: total size {} of cb {} is not a multiple of its page size {}", config.total_size(), idx, page));
    for (auto& other : p.cbs)
      if (other.config.data_formats().count(idx))
        for (uint32_t c : cb.cores)
          if (std::find(other.cores.begin(), other.cores.end(), c) != other.cores.end())
            throw std::invalid_argument(
                fmt::format("CreateCircularBuffer: cb {} is already configured on core {}", idx, core_name(c)));
  }
  const uint32_t align = 32;
  if (auto g = config.globally_allocated_address()) {
    cb.address = *g;
  } else {
    uint32_t addr = d.model.l1_unreserved_base;
    for (uint32_t c : cb.cores) {
      auto it = p.cb_top.find(c);
      if (it != p.cb_top.end()) addr = std::max(addr, it->second);
    }
    addr = (addr + align - 1) / align * align;
    const uint32_t end = addr + config.total_size();
    const uint32_t l1_end = d.l1_buffers_lowest();
    if (end > l1_end)
      emu::host_fault("l1_overflow", core_name(cb.cores.empty() ? 0 : cb.cores.front()), "", "CreateCircularBuffer",
                      fmt::format("circular buffers would need L1 up to 0x{:x} ({} KB) but only 0x{:x}..0x{:x} ({} KB) "
                                  "is free for CBs on this core (CB of {} B at 0x{:x})",
                                  end, end / 1024, d.model.l1_unreserved_base, l1_end,
                                  (l1_end - d.model.l1_unreserved_base) / 1024, config.total_size(), addr));
    cb.address = addr;
    for (uint32_t c : cb.cores) p.cb_top[c] = end;
  }
  p.cbs.push_back(std::move(cb));
  return p.cbs.size();
}

void UpdateDynamicCircularBufferAddress(Program& program, CBHandle h, const Buffer& buffer) {
  program.impl().cbs.at(h - 1).address = buffer.address();
}

uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec,
                         uint32_t initial_value, CoreType) {
  ProgramImpl& p = program.impl();
  emu::Device& d = dev("CreateSemaphore");
  CoreRangeSet set = std::visit([](auto&& s) { return CoreRangeSet(s); }, core_spec);
  emu::SemSpec sm;
  sm.cores = cores_of(set, "CreateSemaphore");
  sm.initial = initial_value;
  uint32_t id = 0;
  for (uint32_t c : sm.cores) id = std::max(id, p.sem_count[c]);
  if (id >= d.model.num_semaphores)
    throw std::invalid_argument(fmt::format("CreateSemaphore: more than {} semaphores on a core", d.model.num_semaphores));
  for (uint32_t c : sm.cores) p.sem_count[c] = id + 1;
  sm.id = id;
  p.sems.push_back(std::move(sm));
  return id;
}

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::span<const uint32_t> args) {
  auto& k = kernel_of(program, kernel, "SetRuntimeArgs");
  for (uint32_t c : cores_of(core_spec, "SetRuntimeArgs")) set_args(k, c, args.data(), args.size());
}
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::initializer_list<uint32_t> args) {
  SetRuntimeArgs(program, kernel, core_spec, std::span<const uint32_t>(args.begin(), args.size()));
}
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const std::vector<CoreCoord>& cores,
                    const std::vector<std::vector<uint32_t>>& args) {
  if (cores.size() != args.size()) throw std::invalid_argument("SetRuntimeArgs: cores and args differ in length");
  for (size_t i = 0; i < cores.size(); ++i) SetRuntimeArgs(program, kernel, cores[i], std::span<const uint32_t>(args[i]));
}
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel, std::span<const uint32_t> args) {
  auto& k = kernel_of(program, kernel, "SetCommonRuntimeArgs");
  if (args.size() > max_runtime_args)
    emu::host_fault("runtime_args", "", k.name, "SetCommonRuntimeArgs",
                    fmt::format("{} common runtime arguments exceed the device limit of {}", args.size(), max_runtime_args));
  k.common_args.set(args.data(), args.size());
}
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel, std::initializer_list<uint32_t> args) {
  SetCommonRuntimeArgs(program, kernel, std::span<const uint32_t>(args.begin(), args.size()));
}
RuntimeArgsData& GetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreCoord& core) {
  auto& k = kernel_of(program, kernel, "GetRuntimeArgs");
  const uint32_t c = cores_of(CoreRangeSet(CoreRange(core)), "GetRuntimeArgs").front();
  auto& slot = k.rt_args[c];
  if (!slot) {
    slot = std::make_unique<emu::ArgsStore>();
    slot->set(nullptr, 0);
  }
  return slot->view;
}
RuntimeArgsData& GetCommonRuntimeArgs(const Program& program, KernelHandle kernel) {
  return kernel_of(program, kernel, "GetCommonRuntimeArgs").common_args.view;
}
}  // namespace tt::tt_metal
