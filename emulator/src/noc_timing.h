// The NoC transfer cost model of the timing model (docs/emulator.md, "Counters and timing model"): how long one
// kernel's transfer occupies its NOC and, for DRAM, its bank, at the calibrated rates of the device model.
// Input: the issuing kernel's clocks and per-bank state; output: the transfer's completion cycle (latency
// included), the kernel's NOC and bank times advanced, and its DRAM bytes per bank and window recorded for the
// program-end DRAM queues (stats.cpp).
#pragma once
#include <cstdint>

#include "engine.h"

namespace emu {
enum class Xfer : uint8_t { kReadL1, kWriteL1, kReadDram, kWriteDram, kMcast, kMcastLinked };

uint64_t transfer_time(KernelRun& k, Device& d, uint8_t noc, uint32_t size, Xfer kind, int bank = -1);
}  // namespace emu
