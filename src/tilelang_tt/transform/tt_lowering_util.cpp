// Helpers of the TT lowering (tt_lowering_util.h).
#include "tilelang_tt/transform/tt_lowering_util.h"

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

bool is_tile_aligned(const Expr& e) {
  if (auto c = as_const_int(e)) return *c % 32 == 0;
  if (auto* b = e->as<BinaryNode>()) {
    switch (b->op) {
      case BinaryOp::Add:
      case BinaryOp::Sub: return is_tile_aligned(b->a) && is_tile_aligned(b->b);
      case BinaryOp::Mul: return is_tile_aligned(b->a) || is_tile_aligned(b->b);
      default: return false;
    }
  }
  return false;
}

Expr tile_coord(const Expr& e) {
  if (auto c = as_const_int(e)) return make_int(*c / 32, e->dtype);
  auto* b = e->as<BinaryNode>();
  TL_ASSERT(b, "tile_coord of an unaligned expression");
  switch (b->op) {
    case BinaryOp::Add:
    case BinaryOp::Sub: return make_binary(b->op, tile_coord(b->a), tile_coord(b->b));
    case BinaryOp::Mul:
      if (is_tile_aligned(b->b)) {
        if (auto c = as_const_int(b->b); c && *c == 32) return b->a;
        return make_binary(BinaryOp::Mul, b->a, tile_coord(b->b));
      }
      if (auto c = as_const_int(b->a); c && *c == 32) return b->b;
      return make_binary(BinaryOp::Mul, tile_coord(b->a), b->b);
    default: TL_ASSERT(false, "tile_coord of an unaligned expression");
  }
  return e;
}

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

TileOpCbs tile_op_cbs(const ExternCallNode& op) {
  TileOpCbs u;
  const std::string& n = op.name;
  auto use = [&](std::set<int64_t>* role, size_t i) {
    const int64_t cb = const_arg(op, i);
    u.named.push_back(cb);
    if (role) role->insert(cb);
  };
  if (n == "tt.read_tiles") {  // (tensor, cb, ...)
    use(&u.writes, 1);
  } else if (n == "tt.push_rows" || n == "tt.fill_tiles" || n == "tt.scaler" || n == "tt.iota") {
    use(&u.writes, 0);
  } else if (n == "tt.write_tiles" || n == "tt.pop") {
    use(&u.drains, 0);
  } else if (n == "tt.reserve_rows" || n == "tt.read_run") {
    use(nullptr, 0);
  } else if (n == "tt.tilize") {
    use(&u.drains, 0), use(&u.writes, 1);
  } else if (n == "tt.copy_tiles" || n == "tt.transpose_tiles") {
    use(&u.reads, 0), use(&u.writes, 1);
  } else if (n == "tt.matmul") {
    use(&u.reads, 0), use(&u.reads, 1), use(&u.writes, 2);
    if (!const_arg(op, 7)) u.consumes.insert(const_arg(op, 2));
  } else if (n == "tt.reduce") {
    use(&u.reads, 0), use(&u.writes, 1), use(&u.reads, 7);
    if (!const_arg(op, 6)) u.consumes.insert(const_arg(op, 1));
  } else if (n == "tt.eltwise") {
    use(&u.writes, 0);
    struct Leaves : IRVisitor {
      TileOpCbs* u;
      void visit_ExternCall(const ExternCallNode& l, const Expr& e) override {
        if (l.name == "tt.tile" || l.name == "tt.col_vec" || l.name == "tt.row_vec") {
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

int64_t tile_op_tensor(const ExternCallNode& op) {
  if (op.name == "tt.read_tiles") return const_arg(op, 0);
  if (op.name == "tt.write_tiles" || op.name == "tt.read_run") return const_arg(op, 1);
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
