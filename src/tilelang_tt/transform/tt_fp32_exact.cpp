// Exact reductions of float32 data (tt_fp32_exact.h).
#include "tilelang_tt/transform/tt_fp32_exact.h"

#include <cmath>
#include <map>

#include "tilelang_tt/ir/visitor.h"
#include "tilelang_tt/transform/tt_lowering_util.h"

namespace tl::tt {

namespace {

Expr i32(int64_t v) { return make_int(v); }
Expr tile(uint32_t cb) { return make_extern("tt.tile", DType::Float32, {i32(cb)}); }
Expr sub(const Expr& a, const Expr& b) { return make_binary(BinaryOp::Sub, a, b); }
Expr is_infinite(const Expr& x) {
  return make_binary(BinaryOp::Or, make_binary(BinaryOp::EQ, x, make_float(INFINITY)),
                     make_binary(BinaryOp::EQ, x, make_float(-INFINITY)));
}

}  // namespace

std::vector<Stmt> lower_exact_reduce(const ExactReduce& r, const std::function<uint32_t(int)>& part_cb,
                                     const std::function<uint32_t(int)>& vector_cb, const Span& sp) {
  const ReduceLowering& p = r.plan;
  const int64_t outer = r.dim == 1 ? p.rows : p.cols;
  const Expr x = p.pre ? p.pre(tile(r.src)) : tile(r.src);
  std::vector<Stmt> out;
  auto eltwise = [&](uint32_t dst, int64_t rows, int64_t cols, const Expr& v) {
    out.push_back(make_tt_op("tt.eltwise", {i32(dst), i32(rows), i32(cols), v}, sp));
  };
  auto reduce = [&](uint32_t src, uint32_t dst, int64_t clear, std::vector<uint32_t> more) {
    std::vector<Expr> args = {i32(src), i32(dst), i32(static_cast<int>(p.kind == TTReduce::Sum ? TTReduce::Sum
                                                                                                 : TTReduce::Max)),
                              i32(r.dim), i32(p.rows), i32(p.cols), i32(clear), i32(r.scaler)};
    for (uint32_t m : more) args.push_back(i32(m));
    out.push_back(make_tt_op("tt.reduce", args, sp));
  };
  if (p.kind == TTReduce::Sum) {  // p_k = bf16(x - p_1 - ... - p_{k-1}), all summed into one DST
    Expr rest = x;
    for (int k = 0; k < 3; ++k) {
      eltwise(part_cb(k), p.rows, p.cols, rest);
      rest = sub(rest, tile(part_cb(k)));
    }
    reduce(part_cb(0), r.dst, r.clear, {part_cb(1), part_cb(2)});
    return out;
  }
  // max (min reduces -x, then negates): level k keeps the elements whose first k parts are the maximum's, that
  // is, whose level k - 1 part (-inf for the others) equals its maximum; the levels alternate between two CBs.
  auto vec = [&](int k) { return make_extern(r.dim == 1 ? "tt.col_vec" : "tt.row_vec", DType::Float32, {i32(vector_cb(k))}); };
  const Expr none = make_float(-INFINITY);
  Expr rest = x;
  for (int k = 0; k < 3; ++k) {
    Expr part = k ? make_select(make_binary(BinaryOp::EQ, tile(part_cb((k - 1) % 2)), vec(k - 1)), rest, none) : rest;
    eltwise(part_cb(k % 2), p.rows, p.cols, part);
    reduce(part_cb(k % 2), vector_cb(k), 1, {});
    rest = sub(rest, vec(k));
  }
  Expr m = make_binary(BinaryOp::Add, make_binary(BinaryOp::Add, tile(vector_cb(0)), tile(vector_cb(1))),
                       tile(vector_cb(2)));
  // An infinite maximum is its first part (x - m1 is NaN at x = m1 = ±inf: a fully masked row, an inf element).
  m = make_select(is_infinite(tile(vector_cb(0))), tile(vector_cb(0)), m);
  const bool min = p.kind == TTReduce::Min;
  if (min) m = make_unary(UnaryOp::Neg, m);
  if (!r.clear) m = make_binary(min ? BinaryOp::Min : BinaryOp::Max, tile(r.dst), m);
  eltwise(r.dst, outer, 1, m);
  return out;
}

Stmt exact_vector_broadcasts(const Stmt& body, const std::function<uint32_t(int64_t cb)>& split,
                             const std::function<uint32_t(uint32_t tiles, int k)>& part_cb, bool compares_only) {
  struct Splitter : IRMutator {
    const std::function<uint32_t(int64_t)>* split;
    const std::function<uint32_t(uint32_t, int)>* part_cb;
    bool compares_only;
    Stmt mutate_Evaluate(const EvaluateNode& n, const Stmt& s) override {
      auto* op = tt_op(s);
      if (!op || op->name != "tt.eltwise") return s;
      std::vector<Stmt> out;
      std::map<int64_t, std::vector<uint32_t>> parts;  // vector CB → its part CBs
      struct Leaves : IRMutator {
        Splitter* self;
        std::vector<Stmt>* out;
        std::map<int64_t, std::vector<uint32_t>>* parts;
        Span sp;
        bool compares_only;
        int compare = 0;  // inside an operand of a comparison
        Expr mutate_Binary(const BinaryNode& b, const Expr& e) override {
          compare += binary_op_is_compare(b.op);
          Expr out = IRMutator::mutate_Binary(b, e);
          compare -= binary_op_is_compare(b.op);
          return out;
        }
        Expr mutate_ExternCall(const ExternCallNode& l, const Expr& e) override {
          if (l.name != "tt.col_vec" && l.name != "tt.row_vec" && l.name != "tt.scalar_tile")
            return IRMutator::mutate_ExternCall(l, e);
          if (compares_only && !compare) return e;
          const int64_t cb = const_arg(l, 0);
          const uint32_t tiles = (*self->split)(cb);
          if (!tiles) return e;
          auto& p = (*parts)[cb];
          if (p.empty()) {
            Expr rest = tile(static_cast<uint32_t>(cb));
            const int j = static_cast<int>(parts->size()) - 1;
            for (int k = 0; k < 3; ++k) {
              p.push_back((*self->part_cb)(tiles, 3 * j + k));
              // an infinite v is its first part (v - p1 would be NaN)
              const Expr part = k ? make_select(is_infinite(tile(p[0])), make_float(0), rest) : rest;
              out->push_back(make_tt_op("tt.eltwise", {i32(p[k]), i32(tiles), i32(1), part}, sp));
              rest = sub(rest, tile(p[k]));
            }
          }
          auto vec = [&](uint32_t c) { return make_extern(l.name, DType::Float32, {i32(c)}); };
          return make_binary(BinaryOp::Add, make_binary(BinaryOp::Add, vec(p[0]), vec(p[1])), vec(p[2]));
        }
      } leaves;
      leaves.self = this, leaves.out = &out, leaves.parts = &parts, leaves.sp = s->span;
      leaves.compares_only = this->compares_only;
      Expr v = leaves.mutate(op->args[3]);
      if (parts.empty()) return s;
      out.push_back(make_tt_op("tt.eltwise", {op->args[0], op->args[1], op->args[2], v}, s->span));
      return make_seq(out, s->span);
    }
  } sp;
  sp.split = &split, sp.part_cb = &part_cb, sp.compares_only = compares_only;
  return sp.mutate(body);
}

}  // namespace tl::tt
