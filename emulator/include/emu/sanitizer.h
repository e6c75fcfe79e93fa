// emu::SanitizerError: what the emulator throws when a program would hang or corrupt data on the device
// (deadlock, CB protocol violations, CB pages touched without holding them, out-of-bounds NoC access, read
// before barrier, too many runtime args, spinning or endless kernels, DST misuse). what() names the core, the kernel, the API call and the relevant counters.
#pragma once
#include <stdexcept>
#include <string>

namespace emu {
class SanitizerError : public std::runtime_error {
 public:
  SanitizerError(std::string kind, std::string core, std::string kernel, std::string api, const std::string& what)
      : std::runtime_error(what), kind(std::move(kind)), core(std::move(core)), kernel(std::move(kernel)),
        api(std::move(api)) {}
  std::string kind;    // "deadlock", "cb_protocol", "cb_access", "cb_overflow", "l1_overflow", "noc_bounds",
                       // "read_before_barrier", "runtime_args", "watchdog", "dst", "noc_mcast"
  std::string core;    // "(x=1,y=2)" logical coordinates; empty for host-side errors
  std::string kernel;  // kernel source file name (e.g. "reader.cpp") and RISC, e.g. "reader.cpp [NCRISC]"
  std::string api;     // the API call, e.g. "cb_wait_front"
};
}  // namespace emu
