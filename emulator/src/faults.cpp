// Sanitizer error construction: a first line "emulator sanitizer [kind] in <api> on core <c>, kernel <k>:",
// the message, then the kernel's counters.
#include "faults.h"

#include <fmt/format.h>

#include <map>

#include "engine.h"

namespace emu {
std::string core_str(const Engine& e, uint32_t core) {
  const uint32_t gx = e.dev.model.grid_x;
  auto xy = e.dev.model.worker_noc[core];
  return fmt::format("(x={},y={}) [noc {},{}]", core % gx, core / gx, xy.x, xy.y);
}

std::string counters_str(const KernelRun& k) {
  const auto& s = k.stats;
  std::map<std::string, uint64_t> counts = s.tile_ops;
  for (auto& c : k.op_counts) counts[c.kind] += c.count;
  std::string ops;
  for (auto& [kind, n] : counts) ops += fmt::format(" {}={}", kind, n);
  return fmt::format(
      "counters: noc read {} B DRAM + {} B L1, noc write {} B DRAM + {} B L1 + {} B multicast, "
      "{} transfers, tile ops:{}; modeled cycle {}",
      s.noc_read_bytes_dram, s.noc_read_bytes_l1, s.noc_write_bytes_dram, s.noc_write_bytes_l1,
      s.noc_write_bytes_mcast, s.noc_transactions, ops.empty() ? " none" : ops, k.clock);
}

std::string waypoint_str(const KernelRun& k) {
  std::string name;
  for (uint32_t w = k.ctx.waypoint; w; w >>= 8) name += static_cast<char>(w & 0xff);
  return name.empty() ? "" : " at waypoint " + name;
}

[[noreturn]] void run_fault(Engine& e, const KernelRun& k, const char* kind, const char* api,
                            const std::string& message) {
  const std::string core = core_str(e, k.core);
  const std::string kernel = k.label();
  std::string what = fmt::format("emulator sanitizer [{}] in {} on core {}, kernel {}{}:\n  {}\n  {}", kind, api, core,
                                 kernel, waypoint_str(k), message, counters_str(k));
  throw SanitizerError(kind, core.substr(0, core.find(' ')), kernel, api, what);
}

[[noreturn]] void kernel_fault(const char* kind, const char* api, const std::string& message) {
  Engine* e = tls_engine;
  if (!e || !e->current) host_fault(kind, "", "", api, message);
  run_fault(*e, *e->current, kind, api, message);
}

[[noreturn]] void host_fault(const char* kind, const std::string& core, const std::string& kernel, const char* api,
                             const std::string& message) {
  std::string what = fmt::format("emulator sanitizer [{}] in {}{}{}:\n  {}", kind, api,
                                 core.empty() ? "" : " on core " + core, kernel.empty() ? "" : ", kernel " + kernel,
                                 message);
  throw SanitizerError(kind, core, kernel, api, what);
}
}  // namespace emu
