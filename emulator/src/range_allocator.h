// A first-fit allocator of address ranges inside [lo, hi), bottom-up or top-down; used for DRAM (bottom-up,
// the same range in every bank) and for L1 buffers (top-down, the same range on every core).
#pragma once
#include <cstdint>
#include <map>
#include <optional>

namespace emu {
class RangeAllocator {
 public:
  RangeAllocator(uint64_t lo, uint64_t hi, bool top_down) : lo_(lo), hi_(hi), top_down_(top_down) {}
  std::optional<uint64_t> allocate(uint64_t size, uint64_t align) {
    if (size == 0) size = align;
    if (top_down_) {
      uint64_t end = hi_;
      for (auto it = used_.rbegin(); it != used_.rend(); ++it) {
        uint64_t gap_lo = it->first + it->second;
        if (auto a = fit_top(gap_lo, end, size, align)) return take(*a, size);
        end = it->first;
      }
      if (auto a = fit_top(lo_, end, size, align)) return take(*a, size);
    } else {
      uint64_t start = lo_;
      for (auto& [addr, len] : used_) {
        if (auto a = fit_bottom(start, addr, size, align)) return take(*a, size);
        start = addr + len;
      }
      if (auto a = fit_bottom(start, hi_, size, align)) return take(*a, size);
    }
    return std::nullopt;
  }
  bool reserve(uint64_t addr, uint64_t size) {
    auto next = used_.lower_bound(addr);
    if (next != used_.end() && next->first < addr + size) return false;
    if (next != used_.begin()) {
      auto prev = std::prev(next);
      if (prev->first + prev->second > addr) return false;
    }
    take(addr, size);
    return true;
  }
  void free(uint64_t addr) { used_.erase(addr); }
  // True when [lo, hi) lies inside one allocated range.
  bool covers(uint64_t lo, uint64_t hi) const {
    auto it = used_.upper_bound(lo);
    if (it == used_.begin()) return false;
    --it;
    return it->first <= lo && hi <= it->first + it->second;
  }
  // Lowest allocated address (or hi when empty): where top-down allocations begin.
  uint64_t lowest() const { return used_.empty() ? hi_ : used_.begin()->first; }
  uint64_t highest_end() const { return used_.empty() ? lo_ : used_.rbegin()->first + used_.rbegin()->second; }

 private:
  static std::optional<uint64_t> fit_top(uint64_t lo, uint64_t hi, uint64_t size, uint64_t align) {
    if (hi < lo + size) return std::nullopt;
    uint64_t a = (hi - size) / align * align;
    if (a < lo) return std::nullopt;
    return a;
  }
  static std::optional<uint64_t> fit_bottom(uint64_t lo, uint64_t hi, uint64_t size, uint64_t align) {
    uint64_t a = (lo + align - 1) / align * align;
    if (a + size > hi) return std::nullopt;
    return a;
  }
  uint64_t take(uint64_t addr, uint64_t size) {
    used_[addr] = size;
    return addr;
  }
  uint64_t lo_, hi_;
  bool top_down_;
  std::map<uint64_t, uint64_t> used_;
};
}  // namespace emu
