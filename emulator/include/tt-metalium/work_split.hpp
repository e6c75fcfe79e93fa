// split_work_to_cores: divide `units` over the cores of a grid; returns (num_cores, all_cores, group_1,
// group_2, units_per_core_group_1, units_per_core_group_2), group_1 taking one more unit when uneven.
#pragma once
#include <cstdint>
#include <tuple>

#include <tt-metalium/core_coord.hpp>

namespace tt::tt_metal {
CoreRangeSet num_cores_to_corerangeset(uint32_t target_num_cores, const CoreCoord grid_size, bool row_wise = false);
CoreRangeSet num_cores_to_corerangeset(const CoreCoord start_core, uint32_t target_num_cores, const CoreCoord grid_size,
                                       bool row_wise = false);
std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    const CoreCoord grid_size, const uint32_t units_to_divide, const bool row_wise = false);
std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet, uint32_t, uint32_t> split_work_to_cores(
    const CoreRangeSet& core_grid, const uint32_t units_to_divide, const bool row_wise = false);
}  // namespace tt::tt_metal
