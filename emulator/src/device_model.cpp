// The two device-model tables. Sources: reference/tt-metalium.md §5 (dev_mem_map.h L1 sizes, HAL reserved
// regions, soc descriptors for DRAM views and grids, NOC flit width, DRAM bandwidth).
#include "device_model.h"

#include <stdexcept>

namespace emu {
namespace {
DeviceModel make_wormhole() {
  DeviceModel m;
  m.name = "wormhole_b0";
  m.arch = 2;
  m.grid_x = 8;
  m.grid_y = 8;
  m.l1_size = 1464 * 1024;
  m.l1_unreserved_base = 101 * 1024;  // ≈32 KB firmware + 69 KB kernel-config ring → ≈1363 KB usable
  m.num_dram_banks = 12;              // 6 GDDR6 channels × 2 views
  m.dram_bank_size = 1ull << 30;
  m.dram_alignment = 32;
  m.l1_alignment = 16;
  m.num_cbs = 32;
  m.num_semaphores = 8;
  m.noc_bytes_per_cycle = 32;
  // 288 GB/s is the GDDR6 spec; 267 GB/s the best measured (Saturating_DRAM_bandwidth.md, its table).
  m.dram_bytes_per_cycle = 267.0;
  // data_movement/python/test_mappings/test_bounds.yaml (wormhole_b0): One from One 28, One to One 30, DRAM
  // Interleaved Page 30 (read) / 26 (write), DRAM Directed Ideal 22 (read) / 21 (write), One to All Multicast
  // 14, Multicast Linked 22.
  m.rates = {28, 30, 30, 26, 22, 21, 14, 22};
  m.clock_ghz = 1.0;
  // Physical Tensix columns 1–4, 6–9 and rows 1–5, 7–11 (columns 0 and 5 are DRAM, row 6 ethernet/ARC).
  for (uint32_t y = 0; y < m.grid_y; ++y)
    for (uint32_t x = 0; x < m.grid_x; ++x)
      m.worker_noc.push_back({static_cast<uint8_t>(x < 4 ? x + 1 : x + 2), static_cast<uint8_t>(y < 5 ? y + 1 : y + 2)});
  // soc_descriptors/wormhole_b0_80_arch.yaml: 6 channels × 3 endpoints; dram_views give each bank's channel,
  // worker endpoint and offset.
  m.channel_size = 2ull << 30;
  m.channel_endpoints = {{{0, 0}, {0, 1}, {0, 11}}, {{0, 5}, {0, 6}, {0, 7}}, {{5, 0}, {5, 1}, {5, 11}},
                         {{5, 2}, {5, 9}, {5, 10}}, {{5, 3}, {5, 4}, {5, 8}}, {{5, 5}, {5, 6}, {5, 7}}};
  const uint32_t endpoint[12] = {2, 1, 0, 2, 1, 2, 0, 1, 2, 0, 0, 2};
  for (uint32_t b = 0; b < 12; ++b) {
    m.bank_channel.push_back(b / 2);
    m.bank_offset.push_back(b % 2 ? 1ull << 30 : 0);
    m.dram_noc.push_back(m.channel_endpoints[b / 2][endpoint[b]]);
  }
  return m;
}
DeviceModel make_blackhole() {
  DeviceModel m;
  m.name = "blackhole";
  m.arch = 3;
  m.grid_x = 13;
  m.grid_y = 10;
  m.l1_size = 1536 * 1024;
  m.l1_unreserved_base = 108 * 1024;  // ≈39 KB firmware + 69 KB kernel-config ring → ≈1428 KB usable
  m.num_dram_banks = 8;
  m.dram_bank_size = 4278190080ull;
  m.dram_alignment = 64;
  m.l1_alignment = 16;
  m.num_cbs = 64;
  m.num_semaphores = 8;
  m.noc_bytes_per_cycle = 64;
  m.dram_bytes_per_cycle = 512.0 / 1.35;  // 512 GB/s at 1.35 GHz (spec: no published measurement)
  // test_bounds.yaml (blackhole), the same tests as on Wormhole.
  m.rates = {59, 59, 60, 58, 33, 34, 24, 39};
  m.clock_ghz = 1.35;
  // Physical Tensix columns 1–7 and 10–16, rows 2–11 (DRAM in columns 0 and 9).
  for (uint32_t y = 0; y < m.grid_y; ++y)
    for (uint32_t x = 0; x < m.grid_x; ++x)
      m.worker_noc.push_back({static_cast<uint8_t>(x < 7 ? x + 1 : x + 3), static_cast<uint8_t>(y + 2)});
  // soc_descriptors/blackhole_140_arch.yaml: 8 channels × 3 endpoints, one bank per channel.
  m.channel_size = m.dram_bank_size;
  m.channel_endpoints = {{{0, 0}, {0, 1}, {0, 11}}, {{0, 2}, {0, 10}, {0, 3}}, {{0, 9}, {0, 4}, {0, 8}},
                         {{0, 5}, {0, 7}, {0, 6}}, {{9, 0}, {9, 1}, {9, 11}}, {{9, 2}, {9, 10}, {9, 3}},
                         {{9, 9}, {9, 4}, {9, 8}}, {{9, 5}, {9, 7}, {9, 6}}};
  for (uint32_t b = 0; b < 8; ++b) {
    m.bank_channel.push_back(b);
    m.bank_offset.push_back(0);
    m.dram_noc.push_back(m.channel_endpoints[b][0]);
  }
  return m;
}
}  // namespace

const DeviceModel& wormhole_b0_model() {
  static const DeviceModel m = make_wormhole();
  return m;
}
const DeviceModel& blackhole_model() {
  static const DeviceModel m = make_blackhole();
  return m;
}
const DeviceModel& model_by_name(const std::string& name) {
  if (name.empty() || name == "wormhole_b0" || name == "wormhole" || name == "n150") return wormhole_b0_model();
  if (name == "blackhole" || name == "p150") return blackhole_model();
  throw std::invalid_argument("unknown emulator device model '" + name + "' (expected wormhole_b0 or blackhole)");
}
}  // namespace emu
