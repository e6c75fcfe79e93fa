// Timing-model constants (cycles of the AI clock). Documented in docs/emulator.md with their sources;
// per-call overheads are estimates of the firmware instruction counts, not measurements.
#pragma once
#include <cstdint>

namespace emu::timing {
// The timing model's version, in every run's statistics ("timing_model"): benchmarks label modeled figures with
// it. calib-1: rates calibrated to the vendor's published measurements (docs/benchmarks.md, "Calibration").
constexpr const char* kModelVersion = "calib-1";
constexpr uint64_t kCbCall = 10;          // cb_reserve/push/wait/pop: a few loads/stores of CB registers
constexpr uint64_t kNocIssue = 20;        // programming one NoC command buffer
constexpr uint64_t kNocLatencyL1 = 100;   // round trip core↔core
constexpr uint64_t kNocLatencyDram = 300; // round trip to a DRAM bank
constexpr uint64_t kSemCall = 10;
constexpr uint64_t kSemLatency = 100;     // a remote semaphore update becoming visible
constexpr uint64_t kDramWindow = 1024;    // granularity of the DRAM bank queues (stats.cpp)
}  // namespace emu::timing
