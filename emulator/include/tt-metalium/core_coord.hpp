// CoreCoord (an x/y pair), CoreRange (inclusive rectangle, iterable row by row), CoreRangeSet (a union of
// ranges) and the helpers that enumerate them (corerange_to_cores, grid_to_cores).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace tt {
namespace umd {}
struct xy_pair {
  std::size_t x = 0;
  std::size_t y = 0;
  constexpr xy_pair() = default;
  constexpr xy_pair(std::size_t x_, std::size_t y_) : x(x_), y(y_) {}
  std::string str() const { return "(x=" + std::to_string(x) + ",y=" + std::to_string(y) + ")"; }
  constexpr bool operator==(const xy_pair& o) const { return x == o.x && y == o.y; }
  constexpr bool operator!=(const xy_pair& o) const { return !(*this == o); }
  constexpr bool operator<(const xy_pair& o) const { return y < o.y || (y == o.y && x < o.x); }
};
}  // namespace tt
using tt_xy_pair = tt::xy_pair;
using CoreCoord = tt::xy_pair;

inline std::ostream& operator<<(std::ostream& os, const CoreCoord& c) { return os << c.str(); }
template <>
struct std::hash<tt::xy_pair> {
  std::size_t operator()(const tt::xy_pair& c) const noexcept { return (c.x << 32) ^ c.y; }
};
template <>
struct fmt::formatter<tt::xy_pair> : fmt::formatter<std::string> {
  template <typename Ctx>
  auto format(const tt::xy_pair& c, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(c.str(), ctx);
  }
};

struct RelativeCoreCoord {
  long x = 0;
  long y = 0;
};

class CoreRange {
 public:
  CoreCoord start_coord;
  CoreCoord end_coord;
  CoreRange(const CoreCoord& point) : start_coord(point), end_coord(point) {}
  CoreRange(const CoreCoord& start, const CoreCoord& end);
  bool contains(const CoreCoord& c) const {
    return c.x >= start_coord.x && c.x <= end_coord.x && c.y >= start_coord.y && c.y <= end_coord.y;
  }
  bool contains(const CoreRange& r) const { return contains(r.start_coord) && contains(r.end_coord); }
  bool intersects(const CoreRange& r) const {
    return !(r.end_coord.x < start_coord.x || r.start_coord.x > end_coord.x || r.end_coord.y < start_coord.y ||
             r.start_coord.y > end_coord.y);
  }
  std::size_t size() const { return (end_coord.x - start_coord.x + 1) * (end_coord.y - start_coord.y + 1); }
  CoreCoord grid_size() const { return {end_coord.x - start_coord.x + 1, end_coord.y - start_coord.y + 1}; }
  std::string str() const { return "[" + start_coord.str() + " - " + end_coord.str() + "]"; }
  bool operator==(const CoreRange& o) const { return start_coord == o.start_coord && end_coord == o.end_coord; }
  bool operator!=(const CoreRange& o) const { return !(*this == o); }
  bool operator<(const CoreRange& o) const {
    return start_coord < o.start_coord || (start_coord == o.start_coord && end_coord < o.end_coord);
  }

  class iterator {
   public:
    iterator(const CoreRange& r, CoreCoord c) : range_(&r), cur_(c) {}
    CoreCoord operator*() const { return cur_; }
    iterator& operator++() {
      if (cur_.x < range_->end_coord.x) {
        ++cur_.x;
      } else {
        cur_.x = range_->start_coord.x;
        ++cur_.y;
      }
      return *this;
    }
    bool operator==(const iterator& o) const { return cur_ == o.cur_; }
    bool operator!=(const iterator& o) const { return !(cur_ == o.cur_); }

   private:
    const CoreRange* range_;
    CoreCoord cur_;
  };
  iterator begin() const { return iterator(*this, start_coord); }
  iterator end() const { return iterator(*this, {start_coord.x, end_coord.y + 1}); }
};
inline std::ostream& operator<<(std::ostream& os, const CoreRange& r) { return os << r.str(); }
template <>
struct fmt::formatter<CoreRange> : fmt::formatter<std::string> {
  template <typename Ctx>
  auto format(const CoreRange& r, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(r.str(), ctx);
  }
};

class CoreRangeSet {
 public:
  CoreRangeSet() = default;
  CoreRangeSet(const CoreRange& r) : ranges_{r} {}
  CoreRangeSet(const std::vector<CoreRange>& rs) : ranges_(rs) {}
  CoreRangeSet(const std::set<CoreRange>& rs) : ranges_(rs.begin(), rs.end()) {}
  CoreRangeSet(std::initializer_list<CoreRange> rs) : ranges_(rs) {}
  const std::vector<CoreRange>& ranges() const { return ranges_; }
  std::size_t size() const { return ranges_.size(); }
  bool empty() const { return ranges_.empty(); }
  uint32_t num_cores() const;
  bool contains(const CoreCoord& c) const;
  bool contains(const CoreRange& r) const;
  bool intersects(const CoreRange& r) const;
  CoreRangeSet merge(const CoreRangeSet& other) const;
  CoreRange bounding_box() const;
  std::string str() const;
  bool operator==(const CoreRangeSet& o) const { return ranges_ == o.ranges_; }

 private:
  std::vector<CoreRange> ranges_;
};
inline std::ostream& operator<<(std::ostream& os, const CoreRangeSet& s) { return os << s.str(); }
template <>
struct fmt::formatter<CoreRangeSet> : fmt::formatter<std::string> {
  template <typename Ctx>
  auto format(const CoreRangeSet& s, Ctx& ctx) const {
    return fmt::formatter<std::string>::format(s.str(), ctx);
  }
};

// Cores of `crs` in order (row by row when row_wise, else column by column), at most max_cores of them.
std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs, std::optional<uint32_t> max_cores = std::nullopt,
                                          bool row_wise = false);
// The first num_cores cores of a grid_size_x × grid_size_y grid.
std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t grid_size_x, uint32_t grid_size_y,
                                     bool row_wise = false);

// The SDK declares the core types in tt::tt_metal (the global names are its deprecated aliases): both spellings
// name the same types here.
namespace tt::tt_metal {
using ::CoreCoord;
using ::CoreRange;
using ::CoreRangeSet;
}  // namespace tt::tt_metal
