// Block costs and their dealing to cores (see the header for the contract).
#include "tilelang_tt/support/numeric.h"
#include "tilelang_tt/transform/tt_block_costs.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>

namespace tl::tt {

namespace {

using Env = std::map<const VarNode*, int64_t>;

// The value of an integer expression of bound variables and constants; nullopt for anything else.
std::optional<int64_t> eval(const Expr& e, const Env& env) {
  if (auto* n = e->as<IntImmNode>()) return n->value;
  if (auto* n = e->as<VarNode>()) {
    auto it = env.find(n);
    return it == env.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }
  if (auto* n = e->as<CastNode>()) return dtype_is_float(n->dtype) ? std::nullopt : eval(n->value, env);
  if (auto* n = e->as<SelectNode>()) {
    auto c = eval(n->cond, env);
    if (!c) return std::nullopt;
    return eval(*c ? n->t : n->f, env);
  }
  if (auto* n = e->as<UnaryNode>()) {
    auto a = eval(n->a, env);
    if (!a || n->op == UnaryOp::Reinterpret) return std::nullopt;
    return n->op == UnaryOp::Neg ? -*a : int64_t(*a == 0);
  }
  auto* n = e->as<BinaryNode>();
  if (!n || dtype_is_float(n->a->dtype)) return std::nullopt;
  auto a = eval(n->a, env), b = eval(n->b, env);
  if (!a || !b) return std::nullopt;
  switch (n->op) {
    case BinaryOp::Add: return *a + *b;
    case BinaryOp::Sub: return *a - *b;
    case BinaryOp::Mul: return *a * *b;
    case BinaryOp::Div: return *b == 0 ? std::nullopt : std::optional<int64_t>(*a / *b);
    case BinaryOp::FloorDiv: return *b == 0 ? std::nullopt : std::optional<int64_t>(floor_div(*a, *b));
    case BinaryOp::FloorMod: return *b == 0 ? std::nullopt : std::optional<int64_t>(floor_mod(*a, *b));
    case BinaryOp::Min: return std::min(*a, *b);
    case BinaryOp::Max: return std::max(*a, *b);
    case BinaryOp::EQ: return int64_t(*a == *b);
    case BinaryOp::NE: return int64_t(*a != *b);
    case BinaryOp::LT: return int64_t(*a < *b);
    case BinaryOp::LE: return int64_t(*a <= *b);
    case BinaryOp::GT: return int64_t(*a > *b);
    case BinaryOp::GE: return int64_t(*a >= *b);
    case BinaryOp::And: return int64_t(*a && *b);
    case BinaryOp::Or: return int64_t(*a || *b);
    default: return std::nullopt;
  }
}

// Tile-level statements s executes (see the header); nullopt when a trip count is unknown.
std::optional<uint64_t> cost(const Stmt& s, Env& env) {
  if (auto* n = s->as<SeqStmtNode>()) {
    uint64_t sum = 0;
    for (auto& st : n->seq) {
      auto c = cost(st, env);
      if (!c) return std::nullopt;
      sum += *c;
    }
    return sum;
  }
  if (auto* n = s->as<LetStmtNode>()) {
    if (auto v = eval(n->value, env)) env[n->var.get()] = *v;
    auto c = cost(n->body, env);
    env.erase(n->var.get());
    return c;
  }
  if (auto* n = s->as<IfThenElseNode>()) {
    auto c = eval(n->cond, env);
    auto t = cost(n->then_case, env);
    auto f = n->else_case ? cost(n->else_case, env) : std::optional<uint64_t>(0);
    if (c) return *c ? t : f;
    if (!t || !f) return std::nullopt;
    return std::max(*t, *f);
  }
  if (auto* n = s->as<ForNode>()) {
    if (n->for_kind == ForKind::Parallel) return 1;  // one element-wise tile program
    auto extent = eval(n->extent, env);
    if (!extent) return std::nullopt;
    auto body = cost(n->body, env);  // the loop index unbound: a body that depends on it is unknown
    if (!body) return std::nullopt;
    return static_cast<uint64_t>(std::max<int64_t>(*extent, 0)) * *body;
  }
  return 1;
}

}  // namespace

std::optional<std::vector<uint64_t>> block_costs(const KernelNode& k, const std::vector<int64_t>& grid,
                                                 const std::vector<size_t>& digits) {
  const int64_t blocks = std::accumulate(grid.begin(), grid.end(), int64_t{1}, std::multiplies<>());
  std::vector<uint64_t> out(static_cast<size_t>(blocks));
  Env env;
  for (int64_t b = 0; b < blocks; ++b) {
    int64_t rest = b;
    for (size_t d : digits) {
      env[k.block_vars[d].get()] = rest % grid[d];
      rest /= grid[d];
    }
    auto c = cost(k.body, env);
    if (!c) return std::nullopt;
    out[static_cast<size_t>(b)] = *c;
  }
  return out;
}

std::vector<std::vector<uint32_t>> deal_by_cost(const std::vector<uint64_t>& costs, uint32_t cores) {
  std::vector<uint32_t> order(costs.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return costs[a] > costs[b]; });
  using Load = std::pair<uint64_t, uint32_t>;  // (total cost, core): the least first
  std::priority_queue<Load, std::vector<Load>, std::greater<>> least;
  for (uint32_t c = 0; c < cores; ++c) least.push({0, c});
  std::vector<std::vector<uint32_t>> out(cores);
  for (uint32_t b : order) {
    auto [load, c] = least.top();
    least.pop();
    out[c].push_back(b);
    least.push({load + costs[b], c});
  }
  for (auto& blocks : out) std::sort(blocks.begin(), blocks.end());
  return out;
}

}  // namespace tl::tt
