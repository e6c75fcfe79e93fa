// Emulator-wide settings beyond the TT-Metalium API: device model, seed, kernel cache, trace.
// Environment: TT_EMU_DEVICE=wormhole_b0|blackhole, TT_EMU_SEED=<n>, TT_EMU_CACHE_DIR=<dir>,
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
// Write a Chrome-trace JSON timeline of each following run to `path` ("" disables).
void set_trace_path(const std::string& path);
// The version string mixed into kernel cache keys.
const char* version();
}  // namespace emu
