// tt_block_costs: per-block statement counts of a kernel whose loop bound depends on the block index, and the
// longest-first dealing of blocks to cores.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "tilelang_tt/transform/tt_block_costs.h"

namespace tl::tt {
namespace {

Expr bin(BinaryOp op, const Expr& a, const Expr& b) { return make_binary(op, a, b); }

// grid (6, 2): fill; for k in 0 .. min(4, bx + 1): { copy; copy } — block (bx, by) costs 1 + 2·min(4, bx + 1).
TEST(TTBlockCosts, CountsTripCountsFromBlockIndices) {
  VarRef bx = make_var("bx"), by = make_var("by"), k = make_var("k");
  Buffer s = make_buffer("S", DType::Float32, {make_int(32), make_int(32)}, Scope::Shared);
  Expr extent = bin(BinaryOp::Min, make_int(4), bin(BinaryOp::Add, bx, make_int(1)));
  Stmt copy = make_copy(make_full_region(s), make_full_region(s));
  Stmt body = make_seq({make_fill(make_full_region(s), make_float(0.0, DType::Float32)),
                        make_for(k, make_int(0), extent, ForKind::Pipelined, make_seq({copy, copy}))});
  Stmt st = make_kernel({make_int(6), make_int(2)}, {bx, by}, {128}, {}, {}, body);
  const KernelNode& n = *st->as<KernelNode>();
  auto costs = block_costs(n, {6, 2}, {0, 1});
  ASSERT_TRUE(costs.has_value());
  ASSERT_EQ(costs->size(), 12u);
  for (int64_t b = 0; b < 12; ++b) EXPECT_EQ((*costs)[b], uint64_t(1 + 2 * std::min<int64_t>(4, b % 6 + 1))) << b;
  // by fastest: block b is (bx, by) = (b / 2, b % 2)
  auto by_first = block_costs(n, {6, 2}, {1, 0});
  ASSERT_TRUE(by_first.has_value());
  EXPECT_EQ((*by_first)[3], uint64_t(1 + 2 * 2));
}

TEST(TTBlockCosts, UnknownWhenABoundReadsATensor) {
  VarRef bx = make_var("bx"), k = make_var("k");
  Buffer g = make_buffer("G", DType::Int32, {make_int(8)}, Scope::Global);
  Buffer s = make_buffer("S", DType::Float32, {make_int(32), make_int(32)}, Scope::Shared);
  Stmt body = make_for(k, make_int(0), make_load(g, {bx}), ForKind::Serial,
                       make_fill(make_full_region(s), make_float(0.0, DType::Float32)));
  Stmt st = make_kernel({make_int(8)}, {bx}, {128}, {}, {}, body);
  EXPECT_FALSE(block_costs(*st->as<KernelNode>(), {8}, {0}).has_value());
}

TEST(TTBlockCosts, DealsLongestFirstToTheLeastLoadedCore) {
  std::vector<uint64_t> costs(16);
  std::iota(costs.begin(), costs.end(), 1);  // 1 … 16: 136 in all, 34 per core on 4 cores
  auto deal = deal_by_cost(costs, 4);
  ASSERT_EQ(deal.size(), 4u);
  std::vector<uint32_t> all;
  for (auto& list : deal) {
    uint64_t load = 0;
    for (size_t i = 0; i < list.size(); ++i) {
      load += costs[list[i]];
      if (i) EXPECT_LT(list[i - 1], list[i]);  // in block order
    }
    EXPECT_EQ(load, 34u);
    all.insert(all.end(), list.begin(), list.end());
  }
  std::sort(all.begin(), all.end());
  for (uint32_t b = 0; b < 16; ++b) EXPECT_EQ(all[b], b);
}

}  // namespace
}  // namespace tl::tt
