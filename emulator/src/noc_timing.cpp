// Calibrated NoC cost (docs/emulator.md, "Counters and timing model"; noc_timing.h).
#include "noc_timing.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "timing.h"
#include "trace.h"

// A transfer occupies the kernel's NOC for size / (the kind's measured rate) cycles, and a DRAM transfer also
// the bank for size / (one kernel's measured single-bank rate) from when both are free: a kernel streaming one
// bank gets the bank's rate, one spreading pages over the banks its NOC's rate. The bank's time is per kernel,
// so the result does not depend on the order the engine runs kernels in; sharing a bank between kernels is the
// program-end DRAM queue (stats.cpp), fed by each kernel's bytes per bank and time window.
namespace emu {
namespace {
uint64_t cycles_at(uint32_t size, double bytes_per_cycle) {
  return static_cast<uint64_t>(std::ceil(static_cast<double>(size) / bytes_per_cycle));
}
}  // namespace

uint64_t transfer_time(KernelRun& k, Device& d, uint8_t noc, uint32_t size, Xfer kind, int bank) {
  k.clock += timing::kNocIssue;
  const DeviceModel::NocRates& r = d.model.rates;
  const double rate[] = {r.read_l1, r.write_l1, r.read_dram, r.write_dram, r.mcast, r.mcast_linked};
  const uint64_t start = std::max(k.clock, k.noc_free[noc & 1]);
  uint64_t end = start + cycles_at(size, rate[static_cast<int>(kind)]);
  k.noc_free[noc & 1] = end;
  const bool dram = kind == Xfer::kReadDram || kind == Xfer::kWriteDram;
  if (dram && bank >= 0 && bank < static_cast<int>(std::size(k.bank_free))) {
    const uint64_t bank_start = std::max(start, k.bank_free[bank]);
    k.bank_free[bank] = bank_start + cycles_at(size, kind == Xfer::kReadDram ? r.dram_bank_read : r.dram_bank_write);
    end = std::max(end, k.bank_free[bank]);
    const uint64_t window = bank_start / timing::kDramWindow;
    auto& use = k.dram_use;
    if (!use.empty() && use.back().window == window && use.back().bank == static_cast<uint32_t>(bank))
      use.back().bytes += size;
    else
      use.push_back({window, static_cast<uint32_t>(bank), size});
  }
  ++k.stats.noc_transactions;
  if (dram) trace_dram(end, size);
  return end + (dram ? timing::kNocLatencyDram : timing::kNocLatencyL1);
}
}  // namespace emu
