// The DST register file and its synchronisation protocol between MATH and PACK.
// Contract:
//  * Capacity (tiles usable per acquire): bf16 DST 8 in half sync, 16 in full sync; fp32 DST 4 / 8. Half sync
//    splits DST into two sections that MATH and PACK alternate between; full sync has one section.
//  * tile_regs_acquire (MATH takes the next section) -> math ops -> tile_regs_commit (hands it to PACK) ->
//    tile_regs_wait (PACK takes the oldest committed section) -> pack ops -> tile_regs_release (PACK zeroes
//    the section and frees it). acquire_dst = acquire + wait on the same section; release_dst = commit +
//    release.
//  * Violations fault through ComputeEnv::fault, naming the call and the DST index: math ops outside
//    acquire..commit, pack ops outside wait..release, an index >= capacity, acquire/wait twice, commit/release
//    without acquire/wait, and waits that could never be satisfied in a merged (single-thread) run.
//  * A tile is "fresh" from zeroing until the first math write (reduce MAX uses it, see tile_math.h).
#pragma once

#include <cstdint>
#include <memory>

#include "compute_env.h"
#include "emu/compute_hooks.h"

namespace emu::compute {

class Dst {
 public:
  Dst(ComputeEnv& env, const ComputeSettings& settings);

  int capacity() const { return capacity_; }
  int sections() const { return sections_; }
  bool fp32() const { return fp32_; }

  void tile_regs_acquire();
  void tile_regs_commit();
  void tile_regs_wait();
  void tile_regs_release();
  void acquire_dst();
  void release_dst();

  // A tile MATH may write: checks the protocol and the index; clears the tile's fresh flag (after reporting
  // it through `was_fresh` if given).
  float* math_tile(const char* api, uint32_t idx, bool* was_fresh = nullptr);
  // A tile PACK may read.
  const float* pack_tile(const char* api, uint32_t idx);

  bool math_holds() const { return math_holding_; }
  bool pack_holds() const { return pack_holding_; }
  // PACK holds a section handed over by tile_regs_commit/tile_regs_wait, so its packs run on the PACK thread
  // beside MATH (not under the combined acquire_dst/release_dst, where they follow MATH's operations).
  bool pack_overlaps_math() const { return pack_holding_ && !combined_; }

 private:
  void check_index(const char* api, uint32_t idx) const;

  ComputeEnv& env_;
  bool fp32_;
  int capacity_, sections_;
  std::unique_ptr<float[]> regs_;  // 16 * 1024 floats (the physical register file as fp32 values)
  bool fresh_[16];
  bool math_holding_ = false, pack_holding_ = false, combined_ = false;
  int math_section_ = 0, pack_section_ = 0;
  uint64_t acquired_ = 0, committed_ = 0, waited_ = 0, released_ = 0;
};

}  // namespace emu::compute
