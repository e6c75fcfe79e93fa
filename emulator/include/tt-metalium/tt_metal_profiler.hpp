// Device profiler hooks: no-ops on the emulator (see emu/stats.h for its counters and timeline).
#pragma once
#include <tt-metalium/device.hpp>
namespace tt::tt_metal {
namespace distributed { class MeshDevice; }
inline void ReadMeshDeviceProfilerResults(distributed::MeshDevice&) {}
namespace detail {
inline void ReadDeviceProfilerResults(IDevice*) {}
}
}  // namespace tt::tt_metal
