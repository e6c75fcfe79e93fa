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

// The CB indices a TT tile op names, with the argument positions each op uses for CBs (tensorize_tt.h).
std::vector<int64_t> cbs_named(const ExternCallNode& c) {
  std::vector<int64_t> out;
  auto at = [&](std::initializer_list<size_t> idx) {
    for (size_t i : idx) out.push_back(const_arg(c, i));
  };
  if (c.name == "tt.write_tiles" || c.name == "tt.fill_tiles" || c.name == "tt.pop" || c.name == "tt.scaler" ||
      c.name == "tt.reserve_rows" || c.name == "tt.read_run" || c.name == "tt.push_rows")
    at({0});
  else if (c.name == "tt.read_tiles")  // (tensor, cb, ...)
    at({1});
  else if (c.name == "tt.copy_tiles" || c.name == "tt.tilize")
    at({0, 1});
  else if (c.name == "tt.matmul")
    at({0, 1, 2});
  else if (c.name == "tt.reduce")
    at({0, 1, 7});
  else if (c.name == "tt.eltwise") {
    at({0});
    struct Leaves : IRVisitor {
      std::vector<int64_t>* out;
      void visit_ExternCall(const ExternCallNode& l, const Expr& e) override {
        if (l.name == "tt.tile" || l.name == "tt.col_vec" || l.name == "tt.row_vec") out->push_back(const_arg(l, 0));
        IRVisitor::visit_ExternCall(l, e);
      }
    } leaves;
    leaves.out = &out;
    for (size_t i = 1; i < c.args.size(); ++i) leaves.visit(c.args[i]);
  } else {
    TL_ASSERT(false, "plan_tt_cb_depths: unknown TT op " << c.name);
  }
  return out;
}

// Whether this use of CB `cb` by `c` is one an in-place accumulator allows (see the header).
bool accumulator_use(const ExternCallNode& c, int64_t cb) {
  if (c.name == "tt.matmul") return const_arg(c, 2) == cb && const_arg(c, 7) == 0 && const_arg(c, 0) != cb &&
                                    const_arg(c, 1) != cb;
  if (c.name == "tt.copy_tiles") return const_arg(c, 0) == cb && const_arg(c, 1) != cb;
  return c.name == "tt.fill_tiles" || c.name == "tt.write_tiles" || c.name == "tt.pop";
}

struct Uses : IRVisitor {
  std::set<int64_t> accumulated, disallowed, written_out, from_reader;
  void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
    if (const ExternCallNode* c = tt_op(s)) {
      if (c->name == "tt.matmul" && const_arg(*c, 7) == 0) accumulated.insert(const_arg(*c, 2));
      if (c->name == "tt.write_tiles") written_out.insert(const_arg(*c, 0));
      if (c->name == "tt.read_tiles") from_reader.insert(const_arg(*c, 1));
      for (int64_t cb : cbs_named(*c))
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
    auto bytes = [](const CBInfo& cb) { return uint64_t(cb.depth) * tt_format_tile_bytes(cb.format); };
    uint64_t total = 0;
    for (const CBInfo& cb : cbs) total += bytes(cb);
    std::vector<CBInfo*> outputs;
    for (CBInfo& cb : cbs)
      if (uses.written_out.count(cb.index) && !uses.from_reader.count(cb.index) && cb.depth > cb.tiles)
        outputs.push_back(&cb);
    std::stable_sort(outputs.begin(), outputs.end(), [&](CBInfo* a, CBInfo* b) { return bytes(*a) > bytes(*b); });
    for (CBInfo* cb : outputs) {
      if (total <= dev_.l1_free_bytes) break;
      total -= bytes(*cb);
      cb->depth = cb->tiles;
      total += bytes(*cb);
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
