// Emulator-wide settings beyond the TT-Metalium API: device model, seed, kernel cache, trace.
// Environment: TT_EMU_DEVICE=wormhole_b0|blackhole, TT_EMU_SEED=<n>, TT_EMU_THREADS=<n>, TT_EMU_CACHE_DIR=<dir>,
// TT_EMU_TRACE=<file.json>, TT_EMU_VERBOSE=1 (log kernel builds).
#pragma once
#include <cstdint>
#include <string>

#include "emu/sanitizer.h"
#include "emu/stats.h"

namespace emu {
// Select the device model for devices created afterwards: "wormhole_b0" (default; n150) or "blackhole" (p150).
void set_device_model(const std::string& name);
std::string device_model_name();
// Scheduling seed: 0 (default) = the canonical order; other values explore other legal interleavings.
void set_seed(uint64_t seed);
// Host threads for tile math (TT_EMU_THREADS; default the machine's hardware threads; 1 = all on the scheduler's
// thread). Results, counters and modeled time are the same for every count (docs/emulator.md, "Host threads").
// 0 returns to the environment's value.
void set_host_threads(unsigned n);
// Write a Chrome-trace (Perfetto) JSON timeline to `path` ("" disables): the file holds every run from here on,
// one process each, rewritten after each run (as with TT_EMU_TRACE=path from the process's first run on).
void set_trace_path(const std::string& path);
// Start the trace file afresh: the following runs replace what it held (a host program calls this before the
// programs of one call, so that the file shows that call).
void trace_restart();
// Names the following runs in traces (the process name) and statistics (RunStats::function, ::program), e.g.
// ("gemm", "kernel0"): the source function and which of its programs.
void set_run_label(const std::string& function, const std::string& program);
// The version string mixed into kernel cache keys.
const char* version();
}  // namespace emu
