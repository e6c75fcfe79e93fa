// Counters and modeled device time of the last program run (read them after Finish / EnqueueMeshWorkload).
// Counters are exact (bytes, tile operations); times come from the timing model in docs/emulator.md.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace emu {
struct KernelStats {
  std::string kernel;     // source file name
  std::string risc;       // "BRISC", "NCRISC" or "COMPUTE"
  uint32_t core_x = 0, core_y = 0;  // logical core
  uint64_t noc_read_bytes_dram = 0, noc_read_bytes_l1 = 0;
  uint64_t noc_write_bytes_dram = 0, noc_write_bytes_l1 = 0;  // unicast
  uint64_t noc_write_bytes_mcast = 0;                         // multicast (bytes × destinations)
  uint64_t noc_transactions = 0;
  std::map<std::string, uint64_t> tile_ops;         // kind → count
  std::map<std::string, uint64_t> tile_op_cycles;   // kind → modeled cycles
  std::map<uint32_t, uint64_t> cb_blocked_cycles;   // CB index → modeled cycles spent waiting on it
  // CB index → the most pages the CB held at once in modeled time (pushed and not yet popped), for the CBs
  // this kernel pops: 2 blocks means the producer had pushed block k+1 before this kernel popped block k.
  std::map<uint32_t, uint64_t> cb_peak_pages;
  uint64_t sem_blocked_cycles = 0;
  uint64_t end_cycle = 0;  // modeled cycle at which the kernel returned
};

struct RunStats {
  std::string function, program;     // emu::set_run_label at the run ("" when none was set)
  std::string device;                // "wormhole_b0" or "blackhole"
  uint32_t grid_x = 0, grid_y = 0;   // the device model's worker grid
  double clock_ghz = 0;              // AI clock
  double dram_bytes_per_cycle = 0;   // whole-chip DRAM bandwidth per AI-clock cycle
  uint32_t noc_bytes_per_cycle = 0;  // one NoC link's bandwidth (a flit per cycle): a core's NoC ceiling
  std::vector<KernelStats> kernels;  // one per (core, kernel)
  uint64_t dram_bytes = 0;           // all DRAM traffic
  std::vector<uint64_t> dram_bank_bytes;  // DRAM traffic per bank
  uint64_t modeled_cycles = 0;       // the program's modeled device time in AI-clock cycles
  double modeled_seconds = 0;        // modeled_cycles / clock
  double wall_seconds = 0;           // host time to run it (kernel builds excluded)
  uint64_t context_switches = 0;  // fibers resumed
  uint64_t core_switches = 0;     // resumes of a fiber on another core than the last one
  uint64_t window_maps = 0;       // L1 window mappings made (first access through the window after a switch)
  // Host threads for tile math (TT_EMU_THREADS) and the tile operations that ran on them rather than at their
  // call (docs/emulator.md, "Host threads"); like wall_seconds these describe the host, not the device.
  uint32_t host_threads = 1;
  uint64_t deferred_ops = 0;
  // Set when the run stopped with a sanitizer error (fields of emu::SanitizerError); empty otherwise.
  std::string error_kind, error_core, error_kernel, error_api, error_message;
};

// The statistics of the most recently completed (or failed) program run in this process.
const RunStats& last_run_stats();

// With TT_EMU_STATS=<file>, every run appends one JSON object (one line) with these statistics, so that a
// separate process (e.g. the compiler's runtime, which runs host programs as executables) can read the
// counters, the modeled time and any sanitizer error. The same text for one run:
std::string run_stats_json(const RunStats& s);
}  // namespace emu
