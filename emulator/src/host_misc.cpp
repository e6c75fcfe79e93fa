// Host helpers: CoreRangeSet, core enumeration, split_work_to_cores, DataFormat printing, bfloat16 helpers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>
#include <tt-metalium/work_split.hpp>

CoreRange::CoreRange(const CoreCoord& start, const CoreCoord& end) : start_coord(start), end_coord(end) {
  if (end.x < start.x || end.y < start.y)
    throw std::invalid_argument("CoreRange: end " + end.str() + " precedes start " + start.str());
}

uint32_t CoreRangeSet::num_cores() const {
  std::vector<CoreCoord> all;
  for (auto& r : ranges_)
    for (CoreCoord c : r) all.push_back(c);
  std::sort(all.begin(), all.end());
  return static_cast<uint32_t>(std::unique(all.begin(), all.end()) - all.begin());
}
bool CoreRangeSet::contains(const CoreCoord& c) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const CoreRange& r) { return r.contains(c); });
}
bool CoreRangeSet::contains(const CoreRange& r) const {
  for (CoreCoord c : r)
    if (!contains(c)) return false;
  return true;
}
bool CoreRangeSet::intersects(const CoreRange& r) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const CoreRange& o) { return o.intersects(r); });
}
CoreRangeSet CoreRangeSet::merge(const CoreRangeSet& other) const {
  std::vector<CoreRange> rs = ranges_;
  for (auto& r : other.ranges_)
    if (!contains(r)) rs.push_back(r);
  return CoreRangeSet(rs);
}
CoreRange CoreRangeSet::bounding_box() const {
  if (ranges_.empty()) throw std::invalid_argument("CoreRangeSet::bounding_box of an empty set");
  CoreCoord lo = ranges_[0].start_coord, hi = ranges_[0].end_coord;
  for (auto& r : ranges_) {
    lo = {std::min(lo.x, r.start_coord.x), std::min(lo.y, r.start_coord.y)};
    hi = {std::max(hi.x, r.end_coord.x), std::max(hi.y, r.end_coord.y)};
  }
  return CoreRange(lo, hi);
}
std::string CoreRangeSet::str() const {
  std::string s = "{";
  for (size_t i = 0; i < ranges_.size(); ++i) s += (i ? ", " : "") + ranges_[i].str();
  return s + "}";
}

std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet& crs, std::optional<uint32_t> max_cores, bool row_wise) {
  std::vector<CoreCoord> out;
  for (auto& r : crs.ranges()) {
    if (row_wise) {
      for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y)
        for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x) out.push_back({x, y});
    } else {
      for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x)
        for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y) out.push_back({x, y});
    }
  }
  if (max_cores && out.size() > *max_cores) out.resize(*max_cores);
  return out;
}

std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t gx, uint32_t gy, bool row_wise) {
  std::vector<CoreCoord> out;
  for (uint32_t i = 0; i < num_cores && i < gx * gy; ++i)
    out.push_back(row_wise ? CoreCoord{i % gx, i / gx} : CoreCoord{i / gy, i % gy});
  return out;
}

namespace tt {
std::ostream& operator<<(std::ostream& os, const DataFormat& f) { return os << static_cast<int>(f); }
}  // namespace tt

bool equal_within_n_sig_figs(float a, float b, int n) {
  if (a == b) return true;
  const float scale = std::pow(10.0f, n - 1 - std::floor(std::log10(std::max(std::fabs(a), std::fabs(b)))));
  return std::round(a * scale) == std::round(b * scale);
}

namespace tt::tt_metal {
// Cores `start`, then onwards in row (row_wise) or column order, grouped into maximal row/column ranges.
CoreRangeSet num_cores_to_corerangeset(const CoreCoord start, uint32_t n, const CoreCoord grid, bool row_wise) {
  std::vector<CoreRange> rs;
  size_t x = start.x, y = start.y;
  while (n > 0) {
    if (row_wise) {
      const size_t len = std::min<size_t>(n, grid.x - x);
      rs.emplace_back(CoreCoord{x, y}, CoreCoord{x + len - 1, y});
      n -= static_cast<uint32_t>(len);
      x = 0;
      ++y;
      if (y >= grid.y && n) throw std::invalid_argument("num_cores_to_corerangeset: not enough cores in the grid");
    } else {
      const size_t len = std::min<size_t>(n, grid.y - y);
      rs.emplace_back(CoreCoord{x, y}, CoreCoord{x, y + len - 1});
      n -= static_cast<uint32_t>(len);
      y = 0;
      ++x;
      if (x >= grid.x && n) throw std::invalid_argument("num_cores_to_corerangeset: not enough cores in the grid");
    }
  }
  return CoreRangeSet(rs);
}
CoreRangeSet num_cores_to_corerangeset(uint32_t n, const CoreCoord grid, bool row_wise) {
  return num_cores_to_corerangeset({0, 0}, n, grid, row_wise);
}

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    const CoreCoord grid, const uint32_t units, const bool row_wise) {
  if (units == 0) return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
  const uint32_t max_cores = static_cast<uint32_t>(grid.x * grid.y);
  const uint32_t n = std::min(units, max_cores);
  CoreRangeSet all = num_cores_to_corerangeset(n, grid, row_wise);
  const uint32_t base = units / n, extra = units % n;
  if (extra == 0) return {n, all, all, CoreRangeSet(), base, 0};
  // The first `extra` cores take base + 1 units, the rest base.
  auto cores = corerange_to_cores(all, std::nullopt, row_wise);
  CoreRangeSet g1 = num_cores_to_corerangeset(extra, grid, row_wise);
  CoreRangeSet g2 = num_cores_to_corerangeset(cores[extra], n - extra, grid, row_wise);
  return {n, all, g1, g2, base + 1, base};
}

std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    const CoreRangeSet& core_grid, const uint32_t units, const bool row_wise) {
  if (units == 0) return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
  auto cores = corerange_to_cores(core_grid, std::nullopt, row_wise);
  const uint32_t n = std::min<uint32_t>(units, static_cast<uint32_t>(cores.size()));
  auto ranges_of = [](const std::vector<CoreCoord>& cs) {
    std::vector<CoreRange> rs;
    for (auto& c : cs) rs.emplace_back(c);
    return CoreRangeSet(rs);
  };
  std::vector<CoreCoord> used(cores.begin(), cores.begin() + n);
  const uint32_t base = units / n, extra = units % n;
  if (extra == 0) return {n, ranges_of(used), ranges_of(used), CoreRangeSet(), base, 0};
  std::vector<CoreCoord> a(used.begin(), used.begin() + extra), b(used.begin() + extra, used.end());
  return {n, ranges_of(used), ranges_of(a), ranges_of(b), base + 1, base};
}
}  // namespace tt::tt_metal
