// Device models: every hardware parameter the emulator uses, one table per chip (reference §5).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emu {
struct XY {
  uint8_t x, y;
};

struct DeviceModel {
  std::string name;             // "wormhole_b0" | "blackhole"
  uint32_t arch;                // tt::ARCH value: 2 = WORMHOLE_B0, 3 = BLACKHOLE
  uint32_t grid_x, grid_y;      // default compute grid (logical worker cores)
  uint32_t l1_size;             // bytes of L1 per core
  uint32_t l1_unreserved_base;  // first byte CBs/L1 buffers may use (firmware + kernel-config ring below)
  uint32_t num_dram_banks;
  uint64_t dram_bank_size;
  uint32_t dram_alignment, l1_alignment;
  uint32_t num_cbs, num_semaphores;
  uint32_t noc_bytes_per_cycle;   // one NOC flit per cycle
  double dram_bytes_per_cycle;    // whole-chip DRAM bandwidth / AI clock (measured, shared evenly by the banks)
  // Calibrated NoC rates (bytes per AI cycle) of one kernel's transfers by kind, from the vendor's measured
  // "Directed Ideal" data-movement tests (docs/benchmarks.md, "Calibration"). A DRAM transfer also occupies its
  // bank, which one kernel streams at most at dram_bank_{read,write} (the single-bank tests).
  struct NocRates {
    double read_l1, write_l1;      // one from one, one to one
    double read_dram, write_dram;  // interleaved pages (the kernel's side: many banks in flight)
    double dram_bank_read, dram_bank_write;  // one bank (DRAM Directed Ideal)
    double mcast, mcast_linked;    // one to all (8x8 on Wormhole), plain and linked
  } rates;
  double clock_ghz;
  std::vector<XY> worker_noc;     // logical (x, y) → NOC coordinates, index y * grid_x + x
  std::vector<XY> dram_noc;       // DRAM bank → NOC coordinates of its worker endpoint (NOC 0)
  // DRAM channels: each has NOC endpoints and channel_size bytes; bank b is a view of channel
  // bank_channel[b] starting at bank_offset[b] (Wormhole: two 1 GB views per 2 GB channel).
  uint64_t channel_size;
  std::vector<std::vector<XY>> channel_endpoints;
  std::vector<uint32_t> bank_channel;
  std::vector<uint64_t> bank_offset;
};

const DeviceModel& wormhole_b0_model();
const DeviceModel& blackhole_model();
const DeviceModel& model_by_name(const std::string& name);  // throws std::invalid_argument
}  // namespace emu
