// detail:: slow-dispatch helpers: LaunchProgram, WriteToBuffer/ReadFromBuffer, Read/WriteToDeviceL1.
#pragma once
#include <cstdint>
#include <vector>

#include <tt-metalium/host_api.hpp>

namespace tt::tt_metal::detail {
void LaunchProgram(IDevice* device, Program& program, bool wait_until_cores_done = true, bool force_slow_dispatch = false);
void WaitProgramDone(IDevice* device, Program& program, bool read_device_profiler_results = true);
bool CompileProgram(IDevice* device, Program& program, bool force_slow_dispatch = false);

template <typename T>
void WriteToBuffer(Buffer& buffer, const std::vector<T>& host_buffer) {
  EnqueueWriteBufferBytes(buffer, host_buffer.data(), host_buffer.size() * sizeof(T));
}
template <typename T>
void WriteToBuffer(const std::shared_ptr<Buffer>& buffer, const std::vector<T>& host_buffer) {
  WriteToBuffer(*buffer, host_buffer);
}
template <typename T>
void ReadFromBuffer(Buffer& buffer, std::vector<T>& host_buffer) {
  host_buffer.resize(buffer.size() / sizeof(T));
  EnqueueReadBufferBytes(buffer, host_buffer.data(), host_buffer.size() * sizeof(T));
}
template <typename T>
void ReadFromBuffer(const std::shared_ptr<Buffer>& buffer, std::vector<T>& host_buffer) {
  ReadFromBuffer(*buffer, host_buffer);
}
bool WriteToDeviceL1(IDevice* device, const CoreCoord& logical_core, uint32_t address, std::vector<uint32_t>& host_buffer,
                     CoreType core_type = CoreType::WORKER);
bool ReadFromDeviceL1(IDevice* device, const CoreCoord& logical_core, uint32_t address, uint32_t size,
                      std::vector<uint32_t>& host_buffer, CoreType core_type = CoreType::WORKER);
}  // namespace tt::tt_metal::detail
