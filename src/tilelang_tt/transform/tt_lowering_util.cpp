// Helpers of the TT lowering (tt_lowering_util.h).
#include "tilelang_tt/transform/tt_lowering_util.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "tilelang_tt/ir/structural.h"
#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/support/error.h"

namespace tl::tt {

uint64_t CBInfo::bytes(uint32_t pages) const { return uint64_t(pages) * tt_format_tile_bytes(format); }

std::string encode_cbs(const std::vector<CBInfo>& cbs) {
  std::ostringstream os;
  for (size_t i = 0; i < cbs.size(); ++i) {
    os << (i ? ";" : "") << cbs[i].index << ":" << cbs[i].format << ":" << cbs[i].depth << ":" << cbs[i].tiles << ":"
       << cbs[i].buffer;
    if (cbs[i].stages) os << ":" << cbs[i].stages << ":" << cbs[i].loop.line << ":" << cbs[i].loop.col;
  }
  return os.str();
}

std::vector<CBInfo> decode_cbs(const std::string& s) {
  std::vector<CBInfo> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ';')) {
    CBInfo cb;
    std::stringstream fs(item);
    std::string f;
    std::getline(fs, f, ':');
    cb.index = static_cast<uint32_t>(std::stoul(f));
    std::getline(fs, cb.format, ':');
    std::getline(fs, f, ':');
    cb.depth = static_cast<uint32_t>(std::stoul(f));
    std::getline(fs, f, ':');
    cb.tiles = static_cast<uint32_t>(std::stoul(f));
    std::getline(fs, cb.buffer, ':');
    if (std::getline(fs, f, ':')) {
      cb.stages = static_cast<uint32_t>(std::stoul(f));
      std::getline(fs, f, ':');
      cb.loop.line = std::stoi(f);
      std::getline(fs, f, ':');
      cb.loop.col = std::stoi(f);
    }
    out.push_back(cb);
  }
  return out;
}

std::optional<std::string> tt_format(DType t) {
  switch (t) {
    case DType::Float32: return "Float32";
    case DType::BFloat16: return "Float16_b";
    case DType::Float8E4M3:  // float8 values are exactly bfloat16 ones (tt_float8.h)
    case DType::Float8E5M2: return "Float16_b";
    case DType::Float16: return "Float16";
    case DType::Int32: return "Int32";
    case DType::Bool: return "Float16_b";  // 0.0 / 1.0: the float 0/1 tiles booleans are in tile code
    default: return std::nullopt;
  }
}

std::optional<std::string> tt_tensor_format(const std::map<std::string, std::string>& func_attrs, const Buffer& g) {
  auto it = func_attrs.find("tt.format." + g->name);
  if (it != func_attrs.end()) return it->second;
  return tt_format(g->dtype);
}

uint32_t tt_format_tile_bytes(const std::string& format) {
  if (format == "Float32" || format == "Int32" || format == "UInt32") return 4096;
  if (format == "Float16_b" || format == "Float16") return 2048;
  if (format == "Bfp8_b") return 1088;
  TL_ASSERT(false, "unknown data format " << format);
  return 0;
}

namespace {

// A positive integer that provably divides e for every value of its free vars (0: e is the constant 0, which
// every integer divides): constants, sums and differences (gcd), products, exact quotients by a constant, and
// remainders modulo a constant.
int64_t known_factor(const Expr& e) {
  if (auto c = as_const_int(e)) return *c < 0 ? -*c : *c;
  auto* b = e->as<BinaryNode>();
  if (!b) return 1;
  const int64_t fa = known_factor(b->a), fb = known_factor(b->b);
  switch (b->op) {
    case BinaryOp::Add:
    case BinaryOp::Sub: return std::gcd(fa, fb);
    case BinaryOp::Mul: {
      int64_t p;
      if (fa == 0 || fb == 0) return 0;
      return __builtin_mul_overflow(fa, fb, &p) ? std::max(fa, fb) : p;
    }
    case BinaryOp::Div:
    case BinaryOp::FloorDiv: {  // exact when the divisor divides the dividend: a // c = a / c
      auto c = as_const_int(b->b);
      if (!c || *c <= 0 || fa % *c != 0) return 1;
      return fa / *c;
    }
    case BinaryOp::FloorMod: {  // a % c = a - c * (a // c): a multiple of every common factor of a and c
      auto c = as_const_int(b->b);
      return c && *c > 0 ? std::gcd(fa, *c) : 1;
    }
    default: return 1;
  }
}

// e / d for an e that known_factor shows to be a multiple of d, simplified (by*64 / 32 → by*2, 32*by / 32 → by,
// (k*128 // 2) / 32 → k*2).
Expr divide_exact(const Expr& e, int64_t d) {
  if (d == 1) return e;
  if (auto c = as_const_int(e)) return make_int(*c / d, e->dtype);
  auto* b = e->as<BinaryNode>();
  TL_ASSERT(b && known_factor(e) % d == 0, "divide_exact of an expression that is not a known multiple");
  auto times = [&](const Expr& x, const Expr& y) {
    if (auto c = as_const_int(y); c && *c == 1) return x;
    if (auto c = as_const_int(x); c && *c == 1) return y;
    return make_binary(BinaryOp::Mul, x, y);
  };
  switch (b->op) {
    case BinaryOp::Add:
    case BinaryOp::Sub: return make_binary(b->op, divide_exact(b->a, d), divide_exact(b->b, d));
    case BinaryOp::Mul: {
      if (known_factor(b->b) % d == 0) return times(b->a, divide_exact(b->b, d));
      const int64_t fa = known_factor(b->a), g = fa == 0 ? d : std::gcd(fa, d);
      return times(divide_exact(b->a, g), divide_exact(b->b, d / g));
    }
    case BinaryOp::Div:
    case BinaryOp::FloorDiv: return divide_exact(b->a, *as_const_int(b->b) * d);
    // (a % c) / d = (a / d) % (c / d) when d divides a and c (a grouped `bbh // H, bbh % H`, tt_block_grouping.h)
    case BinaryOp::FloorMod: return make_binary(BinaryOp::FloorMod, divide_exact(b->a, d), divide_exact(b->b, d));
    default: break;
  }
  TL_ASSERT(false, "divide_exact of an unsupported expression");
  return e;
}

}  // namespace

bool is_tile_aligned(const Expr& e) { return known_factor(e) % 32 == 0; }

Expr tile_coord(const Expr& e) { return divide_exact(e, 32); }

Stmt make_tt_op(const std::string& name, std::vector<Expr> args, const Span& sp) {
  return make_evaluate(make_extern(name, DType::Int32, std::move(args)), sp);
}

const ExternCallNode* tt_op(const Stmt& s) {
  auto* ev = s->as<EvaluateNode>();
  if (!ev) return nullptr;
  auto* call = ev->value->as<ExternCallNode>();
  if (!call || call->name.rfind("tt.", 0) != 0) return nullptr;
  return call;
}

int64_t const_arg(const ExternCallNode& call, size_t i) {
  TL_ASSERT(i < call.args.size(), call.name << " has no argument " << i);
  auto v = as_const_int(call.args[i]);
  TL_ASSERT(v, call.name << " argument " << i << " is not a constant");
  return *v;
}

std::vector<Buffer> tt_global_tensors(const PrimFunc& f) {
  std::vector<Buffer> out = f->params;
  out.insert(out.end(), f->workspaces.begin(), f->workspaces.end());
  return out;
}

std::set<std::string> buffer_names(const PrimFunc& f) {
  struct Names : IRVisitor {
    std::set<std::string> names;
    void visit_Kernel(const KernelNode& n, const Stmt& s) override {
      for (auto& b : n.allocs) names.insert(b->name);
      IRVisitor::visit_Kernel(n, s);
    }
  } v;
  for (auto& p : tt_global_tensors(f)) v.names.insert(p->name);
  v.visit(f->body);
  return v.names;
}

bool mentions_var(const Expr& e, const VarNode* v) {
  struct Find : IRVisitor {
    const VarNode* v;
    bool found = false;
    void visit_Var(const VarNode& n, const Expr&) override { found = found || &n == v; }
  } f;
  f.v = v;
  f.visit(e);
  return f.found;
}

bool is_scalar_buffer(const Buffer& b) {
  return (b->scope == Scope::Local || b->scope == Scope::Var) && b->shape.size() == 1 && as_const_int(b->shape[0]) == 1;
}

TileOpCbs tile_op_cbs(const ExternCallNode& op) {
  TileOpCbs u;
  const std::string& n = op.name;
  auto use = [&](std::set<int64_t>* role, size_t i) {
    const int64_t cb = const_arg(op, i);
    u.named.push_back(cb);
    if (role) role->insert(cb);
  };
  if (is_tile_read(op) || n == "tt.read_vector_at") {  // (tensor, cb, ...)
    use(&u.writes, 1);
  } else if (n == "tt.push_rows" || n == "tt.fill_tiles" || n == "tt.scaler" || n == "tt.iota") {
    use(&u.writes, 0);
  } else if (n == "tt.ctrl_push") {  // (cb, value): forward_tt_control.h
    use(&u.writes, 0);
  } else if (is_tile_write(op) || n == "tt.pop" || n == "tt.ctrl_recv") {
    use(&u.drains, 0);
  } else if (n == "tt.print_tiles") {  // (id, cb, ...)
    use(&u.reads, 1);
  } else if (n == "tt.print_value" || n == "tt.lock_wait" || n == "tt.lock_signal") {  // no CB
  } else if (n == "tt.reserve_rows" || n == "tt.read_run" || n == "tt.wait_rows" || n == "tt.write_run") {
    use(nullptr, 0);
  } else if (n == "tt.pop_rows") {
    use(&u.drains, 0);
  } else if (n == "tt.tilize" || n == "tt.untilize") {
    use(&u.drains, 0), use(&u.writes, 1);
  } else if (n == "tt.copy_tiles" || n == "tt.transpose_tiles") {
    use(&u.reads, 0), use(&u.writes, 1);
  } else if (n == "tt.matmul") {
    use(&u.reads, 0), use(&u.reads, 1), use(&u.writes, 2);
    if (!const_arg(op, 7)) u.consumes.insert(const_arg(op, 2));
  } else if (n == "tt.reduce") {
    use(&u.reads, 0), use(&u.writes, 1), use(&u.reads, 7);
    for (size_t i = 8; i < op.args.size(); ++i) use(&u.reads, i);  // more sources (tt.fp32_exact's parts)
    if (!const_arg(op, 6)) u.consumes.insert(const_arg(op, 1));
  } else if (n == "tt.eltwise") {
    use(&u.writes, 0);
    struct Leaves : IRVisitor {
      TileOpCbs* u;
      void visit_ExternCall(const ExternCallNode& l, const Expr& e) override {
        if (l.name == "tt.tile" || l.name == "tt.col_vec" || l.name == "tt.row_vec" || l.name == "tt.scalar_tile") {
          const int64_t cb = const_arg(l, 0);
          u->named.push_back(cb);
          (u->writes.count(cb) ? u->consumes : u->reads).insert(cb);
        }
        IRVisitor::visit_ExternCall(l, e);
      }
    } leaves;
    leaves.u = &u;
    leaves.visit(op.args[3]);
  } else {
    TL_ASSERT(false, "unknown TT tile op " << n);
  }
  return u;
}

bool is_tile_read(const ExternCallNode& op) { return op.name == "tt.read_tiles" || op.name == "tt.read_shifted"; }

bool is_tile_write(const ExternCallNode& op) {
  return op.name == "tt.write_tiles" || op.name == "tt.write_line" || op.name == "tt.write_shifted";
}

int64_t tile_op_tensor(const ExternCallNode& op) {
  if (is_tile_read(op) || op.name == "tt.read_vector_at") return const_arg(op, 0);
  if (is_tile_write(op) || op.name == "tt.read_run" || op.name == "tt.write_run") return const_arg(op, 1);
  return -1;
}

std::map<int64_t, bool> vector_leaf_cbs(const Stmt& body) {
  struct Walk : IRVisitor {
    std::map<int64_t, bool> vec;
    void visit_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      if (auto* c = tt_op(s); c && c->name == "tt.eltwise") visit(c->args[3]);
    }
    void visit_ExternCall(const ExternCallNode& l, const Expr& e) override {
      if (l.name == "tt.col_vec" || l.name == "tt.row_vec") vec[const_arg(l, 0)] = l.name == "tt.col_vec";
      IRVisitor::visit_ExternCall(l, e);
    }
  } w;
  w.visit(body);
  return w.vec;
}

Expr later_iteration(const ForNode& n) { return make_binary(BinaryOp::NE, n.var, n.min); }

bool is_later_iteration(const Expr& cond, const ForNode& n) { return expr_equal_exact(cond, later_iteration(n)); }

std::vector<int64_t> parse_ints(const std::string& s) {
  std::vector<int64_t> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) out.push_back(std::stoll(item));
  return out;
}

}  // namespace tl::tt
