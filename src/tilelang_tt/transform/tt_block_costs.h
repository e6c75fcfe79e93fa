// Cost-balanced dealing of blocks to cores (part of infer_tt_schedule).
//
// Blocks of one grid need not cost the same: causal attention's block bx runs
// T.min(T.ceildiv(seq, bN), T.ceildiv((bx + 1) * bM, bN)) iterations of its KV loop, so a contiguous run of
// blocks (the last bx of a head) can cost several times another. block_costs counts, for every block of a Kernel
// with a constant grid, the tile-level statements it executes: a serial or pipelined loop multiplies its body's
// count by its trip count, evaluated with the block indices (and the lets around it) bound to that block's
// values; an `if` whose condition is known counts the branch taken, otherwise the larger branch; a T.Parallel
// nest, a copy, a gemm, a reduction, … count 1 each (each is one tile operation sequence per block). When a trip
// count is not an integer expression of block indices, constants and lets of them (it reads a tensor, or depends
// on an enclosing loop's index), the costs are unknown: nullopt.
//
// deal_by_cost deals blocks to cores by longest processing time first: blocks in decreasing cost (ties: lower
// block first), each to the core with the least total cost so far (ties: lower core). The result is, per core,
// its blocks in increasing order. The busiest core's total is at most 4/3 of the optimum (Graham's bound).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tilelang_tt/ir/ir.h"

namespace tl::tt {

// Costs of blocks 0 … Π grid − 1, numbered with the first of `digits` fastest (digits: grid dimensions in the
// order in which they vary along the block index).
std::optional<std::vector<uint64_t>> block_costs(const KernelNode& k, const std::vector<int64_t>& grid,
                                                 const std::vector<size_t>& digits);

std::vector<std::vector<uint32_t>> deal_by_cost(const std::vector<uint64_t>& costs, uint32_t cores);

}  // namespace tl::tt
