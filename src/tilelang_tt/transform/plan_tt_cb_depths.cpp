// plan_tt_cb_depths (see the header for the contract).
#include "tilelang_tt/transform/plan_tt_cb_depths.h"

#include <algorithm>
#include <map>
#include <set>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {


// Whether this use of CB `cb` by `c` is one an in-place accumulator allows (see the header).
bool accumulator_use(const ExternCallNode& c, int64_t cb) {
  if (c.name == "tt.matmul") return const_arg(c, 2) == cb && const_arg(c, 7) == 0 && const_arg(c, 0) != cb &&
                                    const_arg(c, 1) != cb;
  if (c.name == "tt.copy_tiles") return const_arg(c, 0) == cb && const_arg(c, 1) != cb;
  return c.name == "tt.fill_tiles" || is_tile_write(c) || c.name == "tt.pop";
}

struct Uses : IRVisitor {
  std::set<int64_t> accumulated, disallowed, written_out, from_reader;
  void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
    if (const ExternCallNode* c = tt_op(s)) {
      if (c->name == "tt.matmul" && const_arg(*c, 7) == 0) accumulated.insert(const_arg(*c, 2));
      if (is_tile_write(*c)) written_out.insert(const_arg(*c, 0));
      if ((is_tile_read(*c) || c->name == "tt.read_vector_at")) from_reader.insert(const_arg(*c, 1));
      for (int64_t cb : tile_op_cbs(*c).named)
        if (!accumulator_use(*c, cb)) disallowed.insert(cb);
      return;
    }
    IRVisitor::visit_Evaluate(n, s);
  }
};

class Planner : public IRMutator {
 public:
  explicit Planner(const DeviceParams& dev) : dev_(dev) {}

  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    auto it = n.attrs.find("tt.cbs");
    if (it == n.attrs.end()) return s;
    Uses uses;
    uses.visit(n.body);
    std::vector<CBInfo> cbs = decode_cbs(it->second);
    for (CBInfo& cb : cbs)
      if (uses.accumulated.count(cb.index) && !uses.disallowed.count(cb.index)) cb.depth = cb.tiles;
    // Then, while the CBs exceed L1, one version for the largest double-buffered CBs compute hands the writer.
    uint64_t total = 0;
    for (const CBInfo& cb : cbs) total += cb.bytes();
    std::vector<CBInfo*> outputs;
    for (CBInfo& cb : cbs)
      if (uses.written_out.count(cb.index) && !uses.from_reader.count(cb.index) && cb.depth > cb.tiles)
        outputs.push_back(&cb);
    std::stable_sort(outputs.begin(), outputs.end(), [&](CBInfo* a, CBInfo* b) { return a->bytes() > b->bytes(); });
    for (CBInfo* cb : outputs) {
      if (total <= dev_.l1_free_bytes) break;
      total -= cb->bytes();
      cb->depth = cb->tiles;
      total += cb->bytes();
    }
    std::string encoded = encode_cbs(cbs);
    if (encoded == it->second) return s;
    auto attrs = n.attrs;
    attrs["tt.cbs"] = encoded;
    return make_kernel(n.grid, n.block_vars, n.threads, n.allocs, attrs, n.body, n.span);
  }

 private:
  const DeviceParams& dev_;
};

}  // namespace

PrimFunc plan_tt_cb_depths(const PrimFunc& f, const DeviceParams& dev) { return Planner(dev).mutate_func(f); }

}  // namespace tl::tt
