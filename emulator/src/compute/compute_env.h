// What the compute side needs from the runtime, as an interface: the emulator implements it with the
// functions of emu/compute_hooks.h (hook_env.cpp); tests implement it with plain byte arrays.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "emu/compute_hooks.h"

namespace emu::compute {

using emu::ByteRange;
using emu::DstEvent;

class ComputeEnv {
 public:
  virtual ~ComputeEnv() = default;
  // Tile `idx` from the CB's front (must have been waited for) / back (must have been reserved).
  virtual uint8_t* front_tile(uint32_t cb, uint32_t idx, const char* api) = 0;
  virtual uint8_t* back_tile(uint32_t cb, uint32_t idx, const char* api) = 0;
  virtual uint32_t data_format(uint32_t cb) = 0;
  virtual uint32_t page_size(uint32_t cb) = 0;
  virtual uint32_t pages_pushed(uint32_t cb) = 0;
  [[noreturn]] virtual void fault(const char* api, const std::string& message) = 0;
  virtual void count(const char* kind, uint64_t cycles) = 0;
  // Timing of the PACK thread beside MATH (emu/compute_hooks.h); an environment without a timing model
  // counts packs like any operation and ignores the DST hand-over.
  virtual void count_pack(const char* kind, uint64_t cycles) { count(kind, cycles); }
  virtual void dst_event(DstEvent ev, int section) { (void)ev, (void)section; }
  // Tile math that may run later (emu/compute_hooks.h: defer_tile_math); an environment without host threads
  // runs it at once.
  virtual void defer(std::function<void()> op, const std::vector<ByteRange>& reads,
                     const std::vector<ByteRange>& writes) {
    (void)reads, (void)writes;
    op();
  }
  virtual void settle() {}  // waits for deferred math (emu/compute_hooks.h: settle_tile_math)
};

}  // namespace emu::compute
