// The TT-Metalium host API on the emulator: devices, programs, kernels, circular buffers, semaphores,
// buffers, runtime arguments; plus the removed CommandQueue calls (EnqueueWrite/ReadBuffer, EnqueueProgram,
// Finish) kept as a compatibility layer.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <tt_stl/assert.hpp>
#include <tt_stl/span.hpp>
#include <hostdevcommon/common_values.hpp>
#include <hostdevcommon/kernel_structs.h>
#include <tt-metalium/base_types.hpp>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/buffer.hpp>
#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/circular_buffer_constants.h>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/kernel_types.hpp>
#include <tt-metalium/program.hpp>
#include <tt-metalium/runtime_args_data.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>

namespace tt::tt_metal {
using CBHandle = uintptr_t;
using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;

IDevice* CreateDevice(ChipId device_id, uint8_t num_hw_cqs = 1, size_t l1_small_size = 0, size_t trace_region_size = 0,
                      const DispatchCoreConfig& dispatch_core_config = DispatchCoreConfig{},
                      const std::vector<uint32_t>& l1_bank_remap = {}, size_t worker_l1_size = 0);
bool CloseDevice(IDevice* device);
size_t GetNumAvailableDevices();
size_t GetNumPCIeDevices();

Program CreateProgram();

KernelHandle CreateKernel(Program& program, const std::string& file_name, const CoreSpec& core_spec,
                          const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config);
KernelHandle CreateKernelFromString(Program& program, const std::string& kernel_src_code, const CoreSpec& core_spec,
                                    const std::variant<DataMovementConfig, ComputeConfig, EthernetConfig>& config);

CBHandle CreateCircularBuffer(Program& program, const CoreSpec& core_spec, const CircularBufferConfig& config);
void UpdateDynamicCircularBufferAddress(Program& program, CBHandle cb_handle, const Buffer& buffer);

uint32_t CreateSemaphore(Program& program, const std::variant<CoreRange, CoreRangeSet>& core_spec,
                         uint32_t initial_value, CoreType core_type = CoreType::WORKER);

void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::span<const uint32_t> runtime_args);
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreSpec& core_spec,
                    std::initializer_list<uint32_t> runtime_args);
void SetRuntimeArgs(const Program& program, KernelHandle kernel, const std::vector<CoreCoord>& core_spec,
                    const std::vector<std::vector<uint32_t>>& runtime_args);
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel, std::span<const uint32_t> runtime_args);
void SetCommonRuntimeArgs(const Program& program, KernelHandle kernel, std::initializer_list<uint32_t> runtime_args);
RuntimeArgsData& GetRuntimeArgs(const Program& program, KernelHandle kernel, const CoreCoord& logical_core);
RuntimeArgsData& GetCommonRuntimeArgs(const Program& program, KernelHandle kernel);

// ---- Removed CommandQueue API (compatibility layer: runs synchronously on the emulator).
class CommandQueue {
 public:
  explicit CommandQueue(IDevice* device) : device_(device) {}
  IDevice* device() const { return device_; }

 private:
  IDevice* device_;
};

void EnqueueWriteBufferBytes(Buffer& buffer, const void* src, size_t bytes);
void EnqueueReadBufferBytes(Buffer& buffer, void* dst, size_t bytes);

template <typename T>
void EnqueueWriteBuffer(CommandQueue&, Buffer& buffer, const std::vector<T>& src, bool /*blocking*/) {
  EnqueueWriteBufferBytes(buffer, src.data(), src.size() * sizeof(T));
}
template <typename T>
void EnqueueWriteBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, const std::vector<T>& src,
                        bool blocking) {
  EnqueueWriteBuffer(cq, *buffer, src, blocking);
}
inline void EnqueueWriteBuffer(CommandQueue&, Buffer& buffer, const void* src, bool /*blocking*/) {
  EnqueueWriteBufferBytes(buffer, src, buffer.size());
}
inline void EnqueueWriteBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, const void* src,
                               bool blocking) {
  EnqueueWriteBuffer(cq, *buffer, src, blocking);
}
template <typename T>
void EnqueueReadBuffer(CommandQueue&, Buffer& buffer, std::vector<T>& dst, bool /*blocking*/) {
  dst.resize(buffer.size() / sizeof(T));
  EnqueueReadBufferBytes(buffer, dst.data(), dst.size() * sizeof(T));
}
template <typename T>
void EnqueueReadBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, std::vector<T>& dst, bool blocking) {
  EnqueueReadBuffer(cq, *buffer, dst, blocking);
}
inline void EnqueueReadBuffer(CommandQueue&, Buffer& buffer, void* dst, bool /*blocking*/) {
  EnqueueReadBufferBytes(buffer, dst, buffer.size());
}
inline void EnqueueReadBuffer(CommandQueue& cq, const std::shared_ptr<Buffer>& buffer, void* dst, bool blocking) {
  EnqueueReadBuffer(cq, *buffer, dst, blocking);
}
void EnqueueProgram(CommandQueue& cq, Program& program, bool blocking);
void Finish(CommandQueue& cq);
}  // namespace tt::tt_metal
