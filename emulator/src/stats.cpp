// Collecting RunStats after a run: per-kernel counters plus the modeled program time, which is the latest
// kernel end, but at least the time the busiest DRAM bank needs for its traffic at its share of the chip's
// DRAM bandwidth.
#include <algorithm>

#include "engine.h"

namespace emu {
void set_last_run_stats(RunStats s);

void KernelRun::merge_op_counts() {
  for (auto& c : op_counts) {
    stats.tile_ops[c.kind] += c.count;
    stats.tile_op_cycles[c.kind] += c.cycles;
  }
  op_counts.clear();
}

void Engine::collect_stats(double wall) {
  RunStats s;
  s.device = dev.model.name;
  uint64_t end = 0;
  for (auto& r : runs) {
    r->merge_op_counts();
    s.kernels.push_back(r->stats);
    s.kernels.back().end_cycle = r->state == KernelRun::kDone ? r->stats.end_cycle : r->clock;
    end = std::max(end, s.kernels.back().end_cycle);
    s.dram_bytes += r->stats.noc_read_bytes_dram + r->stats.noc_write_bytes_dram;
  }
  // DRAM: the chip's bandwidth is shared evenly by its banks, so the busiest bank bounds the program.
  uint64_t busiest = 0;
  for (uint64_t b : dram_bank_bytes) busiest = std::max(busiest, b);
  const double per_bank = dev.model.dram_bytes_per_cycle / dev.model.num_dram_banks;
  const uint64_t dram_cycles = static_cast<uint64_t>(busiest / per_bank);
  s.modeled_cycles = std::max(end, dram_cycles);
  s.dram_bank_bytes = dram_bank_bytes;
  s.modeled_seconds = s.modeled_cycles / (dev.model.clock_ghz * 1e9);
  s.wall_seconds = wall;
  s.context_switches = switches;
  s.core_switches = dev.remaps() - remaps_at_start;
  set_last_run_stats(std::move(s));
}
}  // namespace emu
