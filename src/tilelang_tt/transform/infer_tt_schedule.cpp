// infer_tt_schedule (see the header for the contract).
#include "tilelang_tt/transform/infer_tt_schedule.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_block_costs.h"
#include "tilelang_tt/transform/tt_block_grouping.h"
#include "tilelang_tt/transform/tt_device.h"

namespace tl::tt {

namespace {

std::string attr(const PrimFuncNode& f, const std::string& key, const std::string& dflt) {
  auto it = f.attrs.find(key);
  return it == f.attrs.end() ? dflt : it->second;
}

class Scheduler : public IRMutator {
 public:
  Scheduler(uint32_t cores, std::string policy, std::string order, bool may_balance, uint32_t list_room)
      : cores_(cores), policy_(std::move(policy)), order_(std::move(order)), may_balance_(may_balance),
        list_room_(list_room) {}

  Stmt mutate_Kernel(const KernelNode& kernel, const Stmt& s) override {
    // Sub-tile blocks first: consecutive independent blocks become one block of whole tiles.
    const Stmt grouped = group_tt_blocks(kernel, s);
    const KernelNode& n = *grouped->as<KernelNode>();
    uint64_t blocks = 1;
    std::vector<int64_t> extents;
    std::string grid;
    for (size_t i = 0; i < n.grid.size(); ++i) {
      auto g = as_const_int(n.grid[i]);
      if (!g)
        throw UserError("T.Kernel", "the grid must have constant extents on tenstorrent (dimension " +
                                        std::to_string(i) + " is symbolic and not a function of the tensors' "
                                        "shapes); derive it from T.const or T.dynamic dims", n.span);
      if (*g <= 0) throw UserError("T.Kernel", "grid extent must be positive, got " + std::to_string(*g), n.span);
      blocks *= static_cast<uint64_t>(*g);  // each extent < 2^31 (front end): no overflow before the check below
      grid += (i ? "," : "") + std::to_string(*g);
      extents.push_back(*g);
      // The kernels number blocks with an int32 persistent-loop index.
      if (blocks > uint64_t{INT32_MAX})
        throw UserError("T.Kernel", "the grid (" + grid + (i + 1 < n.grid.size() ? ", ..." : "") +
                                        ") has more than 2^31 - 1 blocks; a tenstorrent kernel numbers its blocks in "
                                        "32 bits", n.span);
    }
    auto attrs = n.attrs;
    attrs["tt.grid"] = grid;
    attrs["tt.blocks"] = std::to_string(blocks);
    attrs["tt.cores"] = std::to_string(std::min<uint64_t>(blocks, cores_));
    attrs["tt.policy"] = policy_ == "balanced" ? "contiguous" : policy_;
    attrs["tt.order"] = order_;
    if (may_balance_ && blocks > cores_) {
      const std::string deal = balanced_deal(n, extents);
      if (!deal.empty()) attrs["tt.policy"] = "balanced", attrs["tt.deal"] = deal;
    }
    return make_kernel(n.grid, n.block_vars, n.threads, n.allocs, attrs, n.body, n.span);
  }

 private:
  // "b,b,…;b,…" (per core, its blocks) when the blocks' costs differ and each core's list fits its runtime
  // arguments; "" otherwise (the blocks are then dealt by the policy as given).
  std::string balanced_deal(const KernelNode& n, const std::vector<int64_t>& grid) const {
    uint64_t blocks = 1;
    for (int64_t g : grid) blocks *= static_cast<uint64_t>(g);
    if (blocks > uint64_t{list_room_} * cores_) return "";  // some core's list could not fit
    std::vector<size_t> digits;
    for (size_t d = 0; d < grid.size(); ++d) digits.push_back(d);
    if (order_ == "column_major" && grid.size() >= 2) std::swap(digits[0], digits[1]);
    auto costs = block_costs(n, grid, digits);
    if (!costs || std::all_of(costs->begin(), costs->end(), [&](uint64_t c) { return c == costs->front(); }))
      return "";
    const auto lists = deal_by_cost(*costs, cores_);
    // The compiler's choice: only when the busiest core's work is at least a tenth less than with contiguous runs
    // (which keep neighbouring blocks together and leave multicast placement possible).
    auto work = [&](uint32_t first, uint32_t count) {
      return std::accumulate(costs->begin() + first, costs->begin() + first + count, uint64_t{0});
    };
    uint64_t contiguous = 0, dealt = 0;
    for (uint32_t c = 0; c < cores_; ++c) {
      auto [first, count] = core_blocks(static_cast<uint32_t>(blocks), cores_, false, c);
      contiguous = std::max(contiguous, work(first, count));
      uint64_t w = 0;
      for (uint32_t b : lists[c]) w += (*costs)[b];
      dealt = std::max(dealt, w);
    }
    if (policy_ != "balanced" && 10 * dealt > 9 * contiguous) return "";
    std::string out;
    for (auto& list : lists) {
      if (list.size() > list_room_) return "";
      out += out.empty() ? "" : ";";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + std::to_string(list[i]);
    }
    return out;
  }

  uint32_t cores_;
  std::string policy_, order_;
  bool may_balance_;
  uint32_t list_room_;
};

}  // namespace

std::pair<uint32_t, uint32_t> core_blocks(uint32_t blocks, uint32_t cores, bool strided, uint32_t c) {
  if (strided) return {c, c < blocks ? (blocks - c + cores - 1) / cores : 0};
  uint32_t base = blocks / cores, extra = blocks % cores;
  uint32_t count = base + (c < extra ? 1 : 0);
  uint32_t first = c * base + std::min(c, extra);
  return {first, count};
}

PrimFunc infer_tt_schedule(const PrimFunc& f) {
  DeviceParams dev = device_params(attr(*f, "tt.device", "wormhole_b0"));
  uint32_t cores = dev.grid_x * dev.grid_y;
  std::string user_cores = attr(*f, "tt.schedule.cores", "");
  if (!user_cores.empty()) cores = std::min<uint32_t>(cores, static_cast<uint32_t>(std::stoul(user_cores)));
  // Blocks of unequal cost are dealt by cost when the policy says "balanced", or when the schedule is the
  // compiler's choice (no annotate_tt_schedule, or reuse="auto") and the default policy stands.
  const std::string policy = attr(*f, "tt.schedule.policy", "contiguous");
  const bool compilers_choice = attr(*f, "tt.schedule.reuse", "auto") == "auto";
  const bool may_balance = policy == "balanced" || (policy == "contiguous" && compilers_choice);
  // A core's blocks are runtime arguments after the block start and count and the tensor addresses.
  const size_t tensors = f->params.size() + f->workspaces.size();
  const uint32_t room = tensors + 2 < kMaxRuntimeArgs ? static_cast<uint32_t>(kMaxRuntimeArgs - 2 - tensors) : 0;
  Scheduler s(cores, policy, attr(*f, "tt.schedule.order", "row_major"), may_balance, room);
  return s.mutate_func(f);
}

}  // namespace tl::tt
