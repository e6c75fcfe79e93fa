// Speed of the hot tile kernels (the 1024^3 matmul benchmark performs 32768 tile products). Prints
// microseconds per operation; the assertions only catch order-of-magnitude regressions.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "../../emulator/src/compute/sfpu.h"
#include "compute_test_env.h"

using namespace emu::compute;

namespace {
// The best of 10 batches: the machine is shared, so the minimum is the least disturbed measurement.
template <typename F>
double us_per_call(int n, F&& f) {
  f();  // warm up
  double best = 1e30;
  for (int batch = 0; batch < 10; ++batch) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n / 10; ++i) f();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count() / (n / 10));
  }
  return best;
}

std::vector<float> random_tile(uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> t(1024);
  for (float& v : t) v = round_bf16(nd(rng));
  return t;
}
}  // namespace

TEST(ComputePerf, TileKernels) {
  const auto a = random_tile(1), b = random_tile(2);
  std::vector<float> c(1024, 0.0f);
  std::vector<uint8_t> bytes(2048);
  const int n = 20000;
  const double mm_fp32 = us_per_call(n, [&] { matmul_tile(a.data(), b.data(), c.data(), false, 4, false); });
  const double mm_bf16 = us_per_call(n, [&] { matmul_tile(a.data(), b.data(), c.data(), false, 4, true); });
  const double mm_lofi = us_per_call(n / 4, [&] { matmul_tile(a.data(), b.data(), c.data(), false, 0, true); });
  const double unpack = us_per_call(n, [&] { unpack_tile(DataFormat::Float16_b, bytes.data(), c.data()); });
  const double pack = us_per_call(n, [&] { pack_tile(DataFormat::Float16_b, a.data(), bytes.data()); });
  const double add =
      us_per_call(n, [&] { binary_tile(BinaryOp::Add, Bcast::None, a.data(), b.data(), c.data(), 4, true); });
  const double mul_col =
      us_per_call(n, [&] { binary_tile(BinaryOp::Mul, Bcast::Col, a.data(), b.data(), c.data(), 4, true); });
  const double red = us_per_call(
      n / 4, [&] { reduce_tile(Pool::Sum, ReduceAxis::Row, a.data(), b.data(), c.data(), 4, true, false); });
  const double exp = us_per_call(n / 4, [&] { sfpu_unary(SfpuUnary::Exp, c.data(), 0, 0, 0, 4, true); });

  fake::TestEnv env;
  env.add_input(0, DataFormat::Float16_b, {a});
  env.add_input(1, DataFormat::Float16_b, {b});
  ComputeCore core(env, emu::ComputeSettings{});
  core.dst().tile_regs_acquire();
  const double api_mm = us_per_call(n, [&] { core.matmul_tiles(0, 1, 0, 0, 0); });
  std::printf("tile matmul 32x32x32 (fp32 DST)  %.3f us\n", mm_fp32);
  std::printf("tile matmul 32x32x32 (bf16 DST)  %.3f us\n", mm_bf16);
  std::printf("tile matmul LoFi (bf16 DST)      %.3f us\n", mm_lofi);
  std::printf("matmul_tiles incl. 2 unpacks     %.3f us\n", api_mm);
  std::printf("unpack bf16 tile                 %.3f us\n", unpack);
  std::printf("pack bf16 tile                   %.3f us\n", pack);
  std::printf("add_tiles numerics (bf16 DST)    %.3f us\n", add);
  std::printf("mul bcast cols numerics          %.3f us\n", mul_col);
  std::printf("exp_tile numerics (bf16 DST)     %.3f us\n", exp);
  std::printf("reduce_tile SUM ROW numerics     %.3f us\n", red);
  EXPECT_LT(mm_bf16, 20.0);
  EXPECT_LT(api_mm, 40.0);
}
