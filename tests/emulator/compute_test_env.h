// Test-only runtime for the compute side: CBs as byte arrays, faults as exceptions. Stands in for the
// emulator's implementation of emu/compute_hooks.h so compute semantics can be tested on their own.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../emulator/src/compute/compute_core.h"

namespace emu::compute::fake {

struct ComputeFault : std::runtime_error {
  ComputeFault(std::string api_, const std::string& msg)
      : std::runtime_error(api_ + ": " + msg), api(std::move(api_)) {}
  std::string api;
};

class TestEnv final : public ComputeEnv {
 public:
  struct Cb {
    DataFormat format = DataFormat::Float16_b;
    std::vector<std::vector<uint8_t>> front;  // tiles available to read (as if waited for)
    std::vector<std::vector<uint8_t>> back;   // reserved slots
    uint32_t pushed = 0;
    uint32_t page_size = 0;  // 0: one tile of the format
  };

  // A CB whose front holds the given tiles (row-major values packed in `format`).
  void add_input(uint32_t cb, DataFormat f, const std::vector<std::vector<float>>& tiles) {
    Cb& c = cbs[cb];
    c.format = f;
    for (const auto& t : tiles) {
      std::vector<uint8_t> bytes(tile_bytes(f));
      pack_tile(f, t.data(), bytes.data());
      c.front.push_back(bytes);
    }
  }
  void add_raw_input(uint32_t cb, DataFormat f, const std::vector<uint8_t>& bytes) {
    Cb& c = cbs[cb];
    c.format = f;
    c.front.push_back(bytes);
  }
  void reserve_output(uint32_t cb, DataFormat f, uint32_t n) {
    Cb& c = cbs[cb];
    c.format = f;
    c.back.assign(n, std::vector<uint8_t>(tile_bytes(f), 0));
  }
  // cb_push_back: the reserved slots become "pushed" (kept in `pushed_tiles`) and n new ones are reserved.
  void push(uint32_t cb) {
    Cb& c = cbs[cb];
    for (auto& t : c.back) pushed_tiles[cb].push_back(t);
    c.pushed += static_cast<uint32_t>(c.back.size());
    for (auto& t : c.back) std::fill(t.begin(), t.end(), 0);
  }
  std::vector<float> output(uint32_t cb, uint32_t slot) {
    std::vector<float> v(1024);
    unpack_tile(cbs[cb].format, cbs[cb].back.at(slot).data(), v.data());
    return v;
  }

  uint8_t* front_tile(uint32_t cb, uint32_t idx, const char* api) override {
    Cb& c = cbs.at(cb);
    if (idx >= c.front.size()) fault(api, "tile " + std::to_string(idx) + " not waited for");
    return c.front[idx].data();
  }
  uint8_t* back_tile(uint32_t cb, uint32_t idx, const char* api) override {
    Cb& c = cbs.at(cb);
    if (idx >= c.back.size()) fault(api, "slot " + std::to_string(idx) + " not reserved");
    return c.back[idx].data();
  }
  uint32_t data_format(uint32_t cb) override { return static_cast<uint32_t>(cbs.at(cb).format); }
  uint32_t page_size(uint32_t cb) override {
    const Cb& c = cbs.at(cb);
    return c.page_size ? c.page_size : tile_bytes(c.format);
  }
  uint32_t pages_pushed(uint32_t cb) override { return cbs.at(cb).pushed; }
  [[noreturn]] void fault(const char* api, const std::string& message) override { throw ComputeFault(api, message); }
  void count(const char* kind, uint64_t cycles) override {
    counts[kind] += 1;
    cycles_by_kind[kind] += cycles;
  }

  std::map<uint32_t, Cb> cbs;
  std::map<uint32_t, std::vector<std::vector<uint8_t>>> pushed_tiles;
  std::map<std::string, uint64_t> counts, cycles_by_kind;
};

}  // namespace emu::compute::fake
