// Raising sanitizer errors: kernel-side faults name the running core and kernel; host-side ones name what
// the host call gives.
#pragma once
#include <string>

#include "emu/sanitizer.h"

namespace emu {
struct KernelRun;
class Engine;
// Fault in the kernel running now (inside a fiber).
[[noreturn]] void kernel_fault(const char* kind, const char* api, const std::string& message);
// Fault attributed to a given run (used by the scheduler for deadlocks).
[[noreturn]] void run_fault(Engine& e, const KernelRun& k, const char* kind, const char* api,
                            const std::string& message);
// Host-side fault (program construction).
[[noreturn]] void host_fault(const char* kind, const std::string& core, const std::string& kernel, const char* api,
                             const std::string& message);
std::string core_str(const Engine& e, uint32_t core);
std::string counters_str(const KernelRun& k);
// " at waypoint NAME" when the kernel passed a WAYPOINT (emu/waypoint.h), else "".
std::string waypoint_str(const KernelRun& k);
}  // namespace emu
