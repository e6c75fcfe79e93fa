// The self-check tolerance of an exported project (self_check_tolerance.h): the model is stated there.
#include "tilelang_tt/codegen/tt/self_check_tolerance.h"

#include <algorithm>
#include <cmath>

#include "tilelang_tt/ir/visitor.h"

namespace tl::tt {

namespace {

// The longest accumulation (L) over every Gemm and Reduce, whether the FPU multiplies (there or element-wise),
// and whether it multiplies float32 operands.
class FpuSums : public IRVisitor {
 public:
  using IRVisitor::visit;
  double longest = 1;
  bool fp32_operands = false, multiplies = false;

  void visit_For(const ForNode& n, const Stmt& s) override {
    auto e = as_const_int(n.extent);
    const double saved = trips_;
    trips_ *= e ? static_cast<double>(std::max<int64_t>(*e, 1)) : 1.0;
    IRVisitor::visit_For(n, s);
    trips_ = saved;
  }
  void visit_Gemm(const GemmNode& n, const Stmt& s) override {
    const auto& r = n.a.ranges;
    const Range& k = n.transpose_a ? r[r.size() - 2] : r.back();
    sum(k.extent, n.a.buffer->dtype == DType::Float32 || n.b.buffer->dtype == DType::Float32);
    IRVisitor::visit_Gemm(n, s);
  }
  // A bf16 element-wise multiply runs on the FPU at the kernel's fidelity (float32 and float16 ones on the SFPU).
  void visit_Binary(const BinaryNode& n, const Expr& e) override {
    multiplies |= n.op == BinaryOp::Mul && n.dtype == DType::BFloat16;
    IRVisitor::visit_Binary(n, e);
  }
  void visit_Reduce(const ReduceNode& n, const Stmt& s) override {
    const bool sums = n.reduce_kind == ReduceKind::Sum || n.reduce_kind == ReduceKind::AbsSum;
    sum(sums ? n.src.ranges[n.dim].extent : make_int(1), n.src.buffer->dtype == DType::Float32);
    IRVisitor::visit_Reduce(n, s);
  }

 private:
  double trips_ = 1;
  void sum(const Expr& extent, bool fp32) {
    auto e = as_const_int(extent);
    longest = std::max(longest, trips_ * static_cast<double>(e ? std::max<int64_t>(*e, 1) : 1));
    fp32_operands |= fp32;
    multiplies = true;
  }
};

// Relative error per product of the fields the matrix engine drops below HiFi4 (docs/emulator-compute.md §5).
double fidelity_error(int fidelity) {
  switch (fidelity) {
    case 0: return std::ldexp(1.0, -4) + std::ldexp(1.0, -6);
    case 2: return std::ldexp(1.0, -6);
    case 3: return std::ldexp(1.0, -10);
    default: return 0;
  }
}

}  // namespace

void set_self_check_tolerance(Plan& plan, const PrimFunc& f, int math_fidelity) {
  FpuSums sums;
  sums.visit(f->body);
  const double L = sums.longest;
  const double p = sums.multiplies ? (sums.fp32_operands ? std::ldexp(1.0, -9) : 0.0) + fidelity_error(math_fidelity)
                                   : 0.0;
  const double fpu = sums.multiplies ? (p + 2 * L * std::ldexp(1.0, -24)) * L : 0.0;
  for (TensorPlan& t : plan.tensors) {
    if (t.format == DataFormat::Bfp8_b) t.atol = 1e-2, t.rtol = 1.0 / 32;
    else if (t.dtype == DType::Float32) t.atol = 1e-5, t.rtol = 1e-5;
    else if (t.dtype == DType::BFloat16) t.atol = 1e-3, t.rtol = 1.0 / 128;
    else if (t.dtype == DType::Float16) t.atol = 1e-3, t.rtol = 1.0 / 1024;
    else if (t.dtype == DType::Float8E4M3) t.atol = 1.0 / 512, t.rtol = 1.0 / 8;  // an ulp; the least subnormal
    else if (t.dtype == DType::Float8E5M2) t.atol = 1.0 / 65536, t.rtol = 1.0 / 4;
    t.atol += fpu;
  }
}

}  // namespace tl::tt
