// End to end through the TT backend on the emulator: tile IR → lower_to_tt → emitted project → built and
// run → compared with a reference computed here.
#include <cmath>

#include "tt_test_util.h"

namespace tl {
namespace {

using test::bytes_of;
using test::values_of;

Buffer global(const std::string& name, DType t, int64_t m, int64_t n) {
  return make_buffer(name, t, {make_int(m), make_int(n)}, Scope::Global);
}

BufferRegion block(const Buffer& g, const Expr& row, const Expr& col, int64_t bm, int64_t bn) {
  return BufferRegion{g, {{row, make_int(bm)}, {col, make_int(bn)}}};
}

Expr mul(const Expr& a, int64_t k) { return make_binary(BinaryOp::Mul, a, make_int(k)); }

// C = A + B with explicit shared copies, bM×bN blocks.
PrimFunc add_kernel(int64_t M, int64_t N, int64_t bm, int64_t bn, DType t) {
  Buffer A = global("A", t, M, N), B = global("B", t, M, N), C = global("C", t, M, N);
  VarRef bx = make_var("bx"), by = make_var("by"), i = make_var("i"), j = make_var("j");
  Buffer As = make_buffer("A_s", t, {make_int(bm), make_int(bn)}, Scope::Shared);
  Buffer Bs = make_buffer("B_s", t, {make_int(bm), make_int(bn)}, Scope::Shared);
  Buffer Cl = make_buffer("C_l", t, {make_int(bm), make_int(bn)}, Scope::Fragment);
  Expr r0 = mul(by, bm), c0 = mul(bx, bn);
  Stmt store = make_store(Cl, {i, j}, make_binary(BinaryOp::Add, make_load(As, {i, j}), make_load(Bs, {i, j})));
  Stmt par = make_for(i, make_int(0), make_int(bm), ForKind::Parallel,
                      make_for(j, make_int(0), make_int(bn), ForKind::Parallel, store));
  Stmt body = make_seq({make_copy(block(A, r0, c0, bm, bn), make_full_region(As)),
                        make_copy(block(B, r0, c0, bm, bn), make_full_region(Bs)), par,
                        make_copy(make_full_region(Cl), block(C, r0, c0, bm, bn))});
  Stmt k = make_kernel({make_int((N + bn - 1) / bn), make_int((M + bm - 1) / bm)}, {bx, by}, {128}, {As, Bs, Cl}, {},
                       body);
  return make_func("add", {A, B, C}, {}, {}, k);
}

TEST(TTEndToEnd, ElementwiseAddFloat32WithPadding) {
  const int64_t M = 96, N = 160;  // not multiples of the 64×64 block: edge blocks are partly outside
  PrimFunc f = add_kernel(M, N, 64, 64, DType::Float32);
  tt::LowerOptions opt;
  opt.outputs = {false, false, true};
  tt::Lowered low = tt::lower_to_tt(f, opt);
  std::vector<float> a(M * N), b(M * N);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> d(-2, 2);
  for (auto& x : a) x = d(rng);
  for (auto& x : b) x = d(rng);
  std::string stats;
  auto outs = test::run_on_emulator(low.plan, {bytes_of(a), bytes_of(b)}, nullptr, &stats);
  ASSERT_EQ(outs.size(), 1u);
  // Exact counters: A and B are read once (3×5 tiles of 4 KB each); tiles of the 2×3 grid of 64×64 blocks that
  // fall outside the 96×160 tensors are zero-filled in L1, never read, and C's are never written.
  EXPECT_EQ(test::json_int(stats, "noc_read_bytes_dram"), 2 * 15 * 4096);
  EXPECT_EQ(test::json_int(stats, "noc_write_bytes_dram"), 15 * 4096);
  auto c = values_of<float>(outs[0]);
  ASSERT_EQ(c.size(), a.size());
  // Float32 CBs are unpacked straight into an fp32 DST and added on the SFPU in fp32: the result is the
  // correctly rounded float32 sum, within half an ulp (2^-24 relative; 2^-23 allows for the bound's slack).
  for (size_t k = 0; k < c.size(); ++k)
    ASSERT_NEAR(c[k], a[k] + b[k], std::ldexp(std::fabs(a[k] + b[k]), -23)) << "at " << k;
}

}  // namespace
}  // namespace tl

namespace tl {
namespace {

// C (bf16) = A (bf16) · B (bf16), fp32 accumulator fragment, Pipelined K loop; B stored (N, K) if transpose_b.
PrimFunc gemm_kernel(int64_t M, int64_t N, int64_t K, int64_t bm, int64_t bn, int64_t bk, bool tb) {
  DType bf = DType::BFloat16;
  Buffer A = global("A", bf, M, K), B = tb ? global("B", bf, N, K) : global("B", bf, K, N), C = global("C", bf, M, N);
  VarRef bx = make_var("bx"), by = make_var("by"), k = make_var("k");
  Buffer As = make_buffer("A_s", bf, {make_int(bm), make_int(bk)}, Scope::Shared);
  Buffer Bs = tb ? make_buffer("B_s", bf, {make_int(bn), make_int(bk)}, Scope::Shared)
                 : make_buffer("B_s", bf, {make_int(bk), make_int(bn)}, Scope::Shared);
  Buffer Cl = make_buffer("C_l", DType::Float32, {make_int(bm), make_int(bn)}, Scope::Fragment);
  Stmt loop_body = make_seq(
      {make_copy(block(A, mul(by, bm), mul(k, bk), bm, bk), make_full_region(As)),
       make_copy(tb ? block(B, mul(bx, bn), mul(k, bk), bn, bk) : block(B, mul(k, bk), mul(bx, bn), bk, bn),
                 make_full_region(Bs)),
       make_gemm(make_full_region(As), make_full_region(Bs), make_full_region(Cl), false, tb, false)});
  Stmt body = make_seq({make_fill(make_full_region(Cl), make_float(0.0)),
                        make_for(k, make_int(0), make_int((K + bk - 1) / bk), ForKind::Pipelined, loop_body, {}, 2),
                        make_copy(make_full_region(Cl), block(C, mul(by, bm), mul(bx, bn), bm, bn))});
  Stmt kern = make_kernel({make_int((N + bn - 1) / bn), make_int((M + bm - 1) / bm)}, {bx, by}, {128},
                          {As, Bs, Cl}, {}, body);
  return make_func("gemm", {A, B, C}, {}, {}, kern);
}

void check_gemm(int64_t M, int64_t N, int64_t K, int64_t bm, int64_t bn, int64_t bk, bool tb) {
  tt::LowerOptions opt;
  opt.outputs = {false, false, true};
  tt::Lowered low = tt::lower_to_tt(gemm_kernel(M, N, K, bm, bn, bk, tb), opt);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(-1, 1);
  std::vector<uint16_t> a(M * K), b(K * N);
  for (auto& x : a) x = test::to_bf16(d(rng));
  for (auto& x : b) x = test::to_bf16(d(rng));
  auto outs = test::run_on_emulator(low.plan, {bytes_of(a), bytes_of(b)});
  ASSERT_EQ(outs.size(), 1u);
  auto c = values_of<uint16_t>(outs[0]);
  ASSERT_EQ(c.size(), size_t(M * N));
  // bf16 products are exact in fp32 and the fragment accumulates in fp32 (fp32_dest_acc_en); partials are
  // kept in a float32 CB between K steps. The only large error is the final bf16 pack: 2^-9 relative, plus
  // fp32 accumulation error K·2^-24·Σ|ab| which 1e-3 absolute covers for K ≤ 512.
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double ref = 0;
      for (int64_t q = 0; q < K; ++q) {
        float bv = tb ? test::from_bf16(b[j * K + q]) : test::from_bf16(b[q * N + j]);
        ref += double(test::from_bf16(a[i * K + q])) * bv;
      }
      ASSERT_NEAR(test::from_bf16(c[i * N + j]), ref, std::ldexp(std::fabs(ref), -8) + 1e-3)
          << "C[" << i << ", " << j << "]";
    }
}

TEST(TTEndToEnd, GemmBf16Fp32Accumulate) { check_gemm(128, 128, 128, 64, 64, 32, false); }
TEST(TTEndToEnd, GemmTransposeBWithPadding) { check_gemm(100, 72, 80, 64, 64, 32, true); }
TEST(TTEndToEnd, GemmLargeBlockNeedsSubblocks) { check_gemm(256, 256, 64, 128, 128, 32, false); }

}  // namespace
}  // namespace tl
