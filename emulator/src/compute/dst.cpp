// DST state machine (see dst.h). The two threads MATH and PACK of a real core are merged into one program
// order here, so a step that would block waiting for a later step of the other thread is reported.
#include "dst.h"

#include <cstring>
#include <string>

namespace emu::compute {

namespace {
constexpr int kPhysicalTiles = 16;
std::string mode_text(bool fp32, int sections) {
  return std::string(fp32 ? "fp32" : "bf16") + " DST, " + (sections == 2 ? "half" : "full") + " sync";
}
}  // namespace

Dst::Dst(ComputeEnv& env, const ComputeSettings& s)
    : env_(env),
      fp32_(s.fp32_dest_acc_en),
      capacity_((s.fp32_dest_acc_en ? 4 : 8) * (s.dst_full_sync_en ? 2 : 1)),
      sections_(s.dst_full_sync_en ? 1 : 2),
      regs_(new float[kPhysicalTiles * 1024]()) {
  for (bool& f : fresh_) f = true;
}

void Dst::tile_regs_acquire() {
  const char* api = "tile_regs_acquire";
  if (math_holding_) env_.fault(api, "called twice without tile_regs_commit in between");
  if (acquired_ - released_ >= static_cast<uint64_t>(sections_))
    env_.fault(api, "no free DST section: " + std::to_string(acquired_ - released_) +
                        " section(s) acquired and not yet released by tile_regs_release (" +
                        mode_text(fp32_, sections_) + " has " + std::to_string(sections_) +
                        "); MATH would wait forever for PACK");
  math_section_ = static_cast<int>(acquired_ % sections_);
  ++acquired_;
  math_holding_ = true;
  env_.dst_event(DstEvent::kAcquire, math_section_);
}

void Dst::tile_regs_commit() {
  if (!math_holding_) env_.fault("tile_regs_commit", "called without tile_regs_acquire");
  math_holding_ = false;
  ++committed_;
  env_.dst_event(DstEvent::kCommit, math_section_);
}

void Dst::tile_regs_wait() {
  const char* api = "tile_regs_wait";
  if (pack_holding_) env_.fault(api, "called twice without tile_regs_release in between");
  if (committed_ <= waited_)
    env_.fault(api, "no committed DST section to wait for (call tile_regs_commit first); PACK would wait forever");
  pack_section_ = static_cast<int>(waited_ % sections_);
  ++waited_;
  pack_holding_ = true;
  env_.dst_event(DstEvent::kWait, pack_section_);
}

void Dst::tile_regs_release() {
  if (!pack_holding_) env_.fault("tile_regs_release", "called without tile_regs_wait");
  float* section = regs_.get() + pack_section_ * capacity_ * 1024;
  const size_t bytes = sizeof(float) * capacity_ * 1024;
  env_.defer([=] { std::memset(section, 0, bytes); }, {}, {});  // after the section's deferred math and packs
  for (int t = 0; t < capacity_; ++t) fresh_[pack_section_ * capacity_ + t] = true;
  pack_holding_ = false;
  ++released_;
  env_.dst_event(DstEvent::kRelease, pack_section_);
}

void Dst::acquire_dst() {
  if (pack_holding_) env_.fault("acquire_dst", "called while PACK still holds DST (missing release_dst)");
  tile_regs_acquire();
  ++committed_;  // PACK's wait is satisfied by the same section; release_dst does the real hand-over
  ++waited_;
  pack_section_ = math_section_;
  pack_holding_ = true;
  combined_ = true;
}

void Dst::release_dst() {
  if (!math_holding_ || !pack_holding_) env_.fault("release_dst", "called without acquire_dst");
  math_holding_ = false;
  combined_ = false;
  tile_regs_release();
}

void Dst::check_index(const char* api, uint32_t idx) const {
  if (idx >= static_cast<uint32_t>(capacity_))
    env_.fault(api, "DST index " + std::to_string(idx) + " is out of range: capacity is " + std::to_string(capacity_) +
                        " tiles (" + mode_text(fp32_, sections_) + ")");
}

float* Dst::math_tile(const char* api, uint32_t idx, bool* was_fresh) {
  if (!math_holding_)
    env_.fault(api, "DST tile " + std::to_string(idx) +
                        " used by math outside tile_regs_acquire/tile_regs_commit (DST not acquired)");
  check_index(api, idx);
  const int phys = math_section_ * capacity_ + static_cast<int>(idx);
  if (was_fresh) *was_fresh = fresh_[phys];
  fresh_[phys] = false;
  return regs_.get() + phys * 1024;
}

const float* Dst::pack_tile(const char* api, uint32_t idx) {
  if (!pack_holding_)
    env_.fault(api, "DST tile " + std::to_string(idx) +
                        " read by pack outside tile_regs_wait/tile_regs_release (DST not committed to PACK)");
  check_index(api, idx);
  return regs_.get() + (pack_section_ * capacity_ + static_cast<int>(idx)) * 1024;
}

}  // namespace emu::compute
