// grid_to_persistent_loop (see the header for the contract).
#include "tilelang_tt/transform/grid_to_persistent_loop.h"


#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

class Persist : public IRMutator {
 public:
  Stmt mutate_Kernel(const KernelNode& n, const Stmt& s) override {
    TL_ASSERT(n.attrs.count("tt.grid"), "grid_to_persistent_loop before infer_tt_schedule");
    auto grid = parse_ints(n.attrs.at("tt.grid"));
    int64_t cores = std::stoll(n.attrs.at("tt.cores"));
    bool strided = n.attrs.at("tt.policy") == "strided";
    bool balanced = n.attrs.at("tt.policy") == "balanced";
    bool column_major = n.attrs.at("tt.order") == "column_major";
    Span sp = n.span;

    VarRef i = make_var("tt_i"), block = make_var("tt_block");
    Expr start = make_extern("tt.block_start", DType::Int32, {});
    Expr count = make_extern("tt.block_count", DType::Int32, {});
    Expr step = strided ? make_binary(BinaryOp::Mul, i, make_int(cores)) : Expr(i);
    // Balanced: the core's i-th block is its i-th listed block (tt.deal; a runtime argument).
    Expr b = balanced ? make_extern("tt.block_list", DType::Int32, {i}) : make_binary(BinaryOp::Add, start, step);

    // Digits of the block index, fastest first: row-major = x, y, z; column-major = y, x, z.
    std::vector<size_t> order;
    for (size_t d = 0; d < grid.size(); ++d) order.push_back(d);
    if (column_major && grid.size() >= 2) std::swap(order[0], order[1]);
    std::vector<Expr> value(grid.size());
    int64_t stride = 1;
    for (size_t k = 0; k < order.size(); ++k) {
      size_t d = order[k];
      Expr v = stride == 1 ? Expr(block) : make_binary(BinaryOp::FloorDiv, block, make_int(stride));
      if (k + 1 < order.size()) v = make_binary(BinaryOp::FloorMod, v, make_int(grid[d]));
      value[d] = v;
      stride *= grid[d];
    }
    Stmt body = n.body;
    for (size_t d = grid.size(); d-- > 0;) body = make_let(n.block_vars[d], value[d], body, sp);
    body = make_let(block, b, body, sp);
    body = make_for(i, make_int(0), count, ForKind::Serial, body, sp);

    auto attrs = n.attrs;
    attrs["tt.persistent"] = "1";
    return make_kernel({make_int(cores)}, {make_var("tt_core")}, n.threads, n.allocs, attrs, body, sp);
  }
};

}  // namespace

PrimFunc grid_to_persistent_loop(const PrimFunc& f) { return Persist().mutate_func(f); }

}  // namespace tl::tt
