// ComputeCore against a test-only runtime: DST capacity and protocol faults, zeroing on release, pack slots,
// CB formats on the way in and out, tilize/untilize, and the counters the timing model receives.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "compute_test_env.h"

using namespace emu::compute;
using emu::ComputeSettings;
using testing_env = emu::compute::fake::TestEnv;
using emu::compute::fake::ComputeFault;

namespace {
std::vector<float> random_tile(uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> t(1024);
  for (float& v : t) v = round_bf16(nd(rng));
  return t;
}

ComputeSettings settings(bool fp32, bool full, int fidelity = 4) {
  ComputeSettings s;
  s.fp32_dest_acc_en = fp32;
  s.dst_full_sync_en = full;
  s.math_fidelity = fidelity;
  return s;
}

template <typename F>
std::string fault_of(F&& f) {
  try {
    f();
  } catch (const ComputeFault& e) {
    return e.what();
  }
  return "no fault";
}
}  // namespace

TEST(ComputeCore, DstCapacityByMode) {
  testing_env env;
  EXPECT_EQ(ComputeCore(env, settings(false, false)).dst().capacity(), 8);
  EXPECT_EQ(ComputeCore(env, settings(false, true)).dst().capacity(), 16);
  EXPECT_EQ(ComputeCore(env, settings(true, false)).dst().capacity(), 4);
  EXPECT_EQ(ComputeCore(env, settings(true, true)).dst().capacity(), 8);
}

TEST(ComputeCore, FaultsNameTheCallAndTheIndex) {
  testing_env env;
  env.add_input(0, DataFormat::Float16_b, {random_tile(1)});
  ComputeCore core(env, settings(false, false));
  std::string msg = fault_of([&] { core.copy_tile(0, 0, 0); });
  EXPECT_NE(msg.find("copy_tile"), std::string::npos) << msg;
  EXPECT_NE(msg.find("DST tile 0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("tile_regs_acquire"), std::string::npos) << msg;

  core.dst().tile_regs_acquire();
  msg = fault_of([&] { core.copy_tile(0, 0, 8); });
  EXPECT_NE(msg.find("copy_tile: DST index 8"), std::string::npos) << msg;
  EXPECT_NE(msg.find("capacity is 8"), std::string::npos) << msg;
  core.copy_tile(0, 0, 7);                                                    // the last valid index
  msg = fault_of([&] { core.matmul_block(0, 0, 0, 0, 6, false, 2, 2, 1); });  // writes 6..9
  EXPECT_NE(msg.find("matmul_block: DST index 8"), std::string::npos) << msg;

  msg = fault_of([&] { core.pack_tile(0, 16, 0, false); });
  EXPECT_NE(msg.find("pack_tile"), std::string::npos) << msg;
  EXPECT_NE(msg.find("tile_regs_wait"), std::string::npos) << msg;

  msg = fault_of([&] { core.dst().tile_regs_acquire(); });
  EXPECT_NE(msg.find("tile_regs_acquire: called twice"), std::string::npos) << msg;
  msg = fault_of([&] { core.dst().tile_regs_wait(); });
  EXPECT_NE(msg.find("tile_regs_wait: no committed DST section"), std::string::npos) << msg;
  msg = fault_of([&] { core.dst().tile_regs_release(); });
  EXPECT_NE(msg.find("tile_regs_release"), std::string::npos) << msg;

  // fp32 DST halves the capacity: index 4 is out of range.
  ComputeCore fp32(env, settings(true, false));
  fp32.dst().tile_regs_acquire();
  msg = fault_of([&] { fp32.sfpu_unary("exp_tile", SfpuUnary::Exp, 4); });
  EXPECT_NE(msg.find("exp_tile: DST index 4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("fp32 DST, half sync"), std::string::npos) << msg;
}

TEST(ComputeCore, PagesSmallerThanATileAreReported) {
  testing_env env;
  env.add_input(0, DataFormat::Float32, {random_tile(1)});
  env.cbs[0].page_size = 2048;  // a bf16-sized page holding an fp32 tile
  ComputeCore core(env, settings(true, false));
  core.dst().tile_regs_acquire();
  const std::string msg = fault_of([&] { core.copy_tile(0, 0, 0); });
  EXPECT_NE(msg.find("CB 0 has 2048-byte pages, smaller than one Float32 tile (4096 bytes)"), std::string::npos) << msg;
}

TEST(ComputeCore, HalfSyncDoubleBuffersAndFullSyncDoesNot) {
  testing_env env;
  ComputeCore half(env, settings(false, false));
  half.dst().tile_regs_acquire();
  half.dst().tile_regs_commit();
  half.dst().tile_regs_acquire();  // the second section
  half.dst().tile_regs_commit();
  std::string msg = fault_of([&] { half.dst().tile_regs_acquire(); });
  EXPECT_NE(msg.find("no free DST section"), std::string::npos) << msg;

  ComputeCore full(env, settings(false, true));
  full.dst().tile_regs_acquire();
  full.dst().tile_regs_commit();
  msg = fault_of([&] { full.dst().tile_regs_acquire(); });
  EXPECT_NE(msg.find("no free DST section"), std::string::npos) << msg;
}

TEST(ComputeCore, PackReadsSectionsInCommitOrder) {
  testing_env env;
  const auto a = random_tile(2), b = random_tile(3);
  env.add_input(0, DataFormat::Float16_b, {a, b});
  env.reserve_output(16, DataFormat::Float16_b, 2);
  ComputeCore core(env, settings(false, false));
  core.dst().tile_regs_acquire();
  core.copy_tile(0, 0, 0);
  core.dst().tile_regs_commit();
  core.dst().tile_regs_acquire();
  core.copy_tile(0, 1, 0);
  core.dst().tile_regs_commit();
  core.dst().tile_regs_wait();
  core.pack_tile(0, 16, 0, false);
  core.dst().tile_regs_release();
  core.dst().tile_regs_wait();
  core.pack_tile(0, 16, 0, false);
  core.dst().tile_regs_release();
  EXPECT_EQ(env.output(16, 0), a);
  EXPECT_EQ(env.output(16, 1), b);
}

TEST(ComputeCore, ReleaseZeroesDstSoMatmulStartsFromZero) {
  testing_env env;
  const auto a = random_tile(4), b = random_tile(5);
  env.add_input(0, DataFormat::Float16_b, {a});
  env.add_input(1, DataFormat::Float16_b, {b});
  env.reserve_output(16, DataFormat::Float32, 1);
  ComputeCore core(env, settings(true, true));  // one section: every acquire reuses the same registers
  std::vector<float> first;
  for (int round = 0; round < 2; ++round) {
    core.dst().tile_regs_acquire();
    core.matmul_tiles(0, 1, 0, 0, 0);
    core.dst().tile_regs_commit();
    core.dst().tile_regs_wait();
    core.pack_tile(0, 16, 0, true);
    core.dst().tile_regs_release();
    if (round == 0) first = env.output(16, 0);
  }
  EXPECT_EQ(env.output(16, 0), first);  // not doubled
  float acc = 0;
  for (int k = 0; k < 32; ++k) acc += a[k] * b[k * 32];
  EXPECT_EQ(first[0], acc);
}

TEST(ComputeCore, PackSlotsAreSequentialUntilPush) {
  testing_env env;
  const auto a = random_tile(6), b = random_tile(7);
  env.add_input(0, DataFormat::Float16_b, {a, b});
  env.reserve_output(16, DataFormat::Float16_b, 2);
  ComputeCore core(env, settings(false, false));
  core.dst().acquire_dst();
  core.copy_tile(0, 0, 0);
  core.copy_tile(0, 1, 1);
  core.pack_tile(0, 16, 0, false);
  core.pack_tile(1, 16, 0, false);  // output_tile_index is ignored without out_of_order: next slot
  EXPECT_EQ(env.output(16, 0), a);
  EXPECT_EQ(env.output(16, 1), b);
  std::string msg = fault_of([&] { core.pack_tile(0, 16, 0, false); });  // a third slot was not reserved
  EXPECT_NE(msg.find("slot 2"), std::string::npos) << msg;
  env.push(16);
  core.pack_tile(1, 16, 0, false);  // after cb_push_back the counter restarts
  EXPECT_EQ(env.output(16, 0), b);
  core.pack_tile(0, 16, 1, true);  // out of order: explicit slot
  EXPECT_EQ(env.output(16, 1), a);
  core.dst().release_dst();
}

TEST(ComputeCore, FormatsInAndOut) {
  testing_env env;
  std::vector<float> x(1024);
  for (int i = 0; i < 1024; ++i) x[i] = 1.0f + std::ldexp(static_cast<float>(i), -20);  // beyond bf16 and TF32
  env.add_input(0, DataFormat::Float32, {x});
  env.reserve_output(16, DataFormat::Float32, 1);
  env.reserve_output(17, DataFormat::Float16_b, 1);
  env.reserve_output(18, DataFormat::Bfp8_b, 1);
  {  // fp32 CB with UnpackToDestFp32 into fp32 DST: exact
    ComputeSettings s = settings(true, false);
    s.unpack_to_dest_fp32 = 1u << 0;
    ComputeCore core(env, s);
    core.dst().acquire_dst();
    core.copy_tile(0, 0, 0);
    core.pack_tile(0, 16, 0, true);
    core.dst().release_dst();
    EXPECT_EQ(env.output(16, 0), x);
  }
  {  // without it the tile passes through SrcA: TF32
    ComputeCore core(env, settings(true, false));
    core.dst().acquire_dst();
    core.copy_tile(0, 0, 0);
    core.pack_tile(0, 16, 0, true);
    core.dst().release_dst();
    const auto out = env.output(16, 0);
    for (int i = 0; i < 1024; ++i) ASSERT_EQ(out[i], truncate_mantissa(x[i], 10));
    EXPECT_NE(out, x);
  }
  {  // fp32 CB into bf16 DST: through SrcA (TF32) and rounded to bf16; packing bf16 / bfp8
    ComputeCore core(env, settings(false, false));
    core.dst().acquire_dst();
    core.copy_tile(0, 0, 0);
    core.pack_tile(0, 16, 0, true);
    core.pack_tile(0, 17, 0, true);
    core.pack_tile(0, 18, 0, true);
    core.dst().release_dst();
    const auto out = env.output(16, 0);
    for (int i = 0; i < 1024; ++i) ASSERT_EQ(out[i], round_bf16(truncate_mantissa(x[i], 10)));
    EXPECT_EQ(env.output(17, 0), out);
    EXPECT_EQ(env.output(18, 0)[0], 1.0f);
  }
}

TEST(ComputeCore, TilizeUntilizeRoundTrip) {
  testing_env env;
  // Two tiles' worth of row-major bf16 data: 32 rows x 64 columns over two pages.
  std::vector<uint8_t> page0(2048), page1(2048);
  auto val = [](int r, int c) { return round_bf16(static_cast<float>(r * 64 + c) / 8.0f); };
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 64; ++c) {
      const uint16_t h = bf16_bits(val(r, c));
      const size_t off = static_cast<size_t>(r * 64 + c) * 2;
      std::memcpy((off < 2048 ? page0.data() + off : page1.data() + off - 2048), &h, 2);
    }
  env.add_raw_input(0, DataFormat::Float16_b, page0);
  env.add_raw_input(0, DataFormat::Float16_b, page1);
  env.reserve_output(16, DataFormat::Float16_b, 2);
  ComputeCore core(env, settings(false, false));
  core.tilize_block(0, 2, 16, 0, 0);
  const auto t0 = env.output(16, 0), t1 = env.output(16, 1);
  EXPECT_EQ(t0[3 * 32 + 5], val(3, 5));
  EXPECT_EQ(t1[31 * 32 + 31], val(31, 63));
  EXPECT_EQ(t1[0], val(0, 32));
  // Untilize the tiles back.
  env.cbs[1].format = DataFormat::Float16_b;
  env.cbs[1].front = env.cbs[16].back;
  env.reserve_output(17, DataFormat::Float16_b, 2);
  core.untilize_block(1, 2, 17);
  EXPECT_EQ(env.cbs[17].back[0], page0);
  EXPECT_EQ(env.cbs[17].back[1], page1);
  // pack_untilize from DST: the same rows.
  env.reserve_output(18, DataFormat::Float16_b, 2);
  core.dst().acquire_dst();
  core.copy_tile(1, 0, 0);
  core.copy_tile(1, 1, 1);
  core.pack_untilize_dest(18, 1, 2, 2, 0);
  core.dst().release_dst();
  EXPECT_EQ(env.cbs[18].back[0], page0);
  EXPECT_EQ(env.cbs[18].back[1], page1);
}

TEST(ComputeCore, ReduceAndBcastThroughCbs) {
  testing_env env;
  const auto a = random_tile(8);
  std::vector<float> scaler(1024, 1.0f);
  env.add_input(0, DataFormat::Float16_b, {a});
  env.add_input(2, DataFormat::Float16_b, {scaler});
  env.reserve_output(16, DataFormat::Float32, 2);
  ComputeCore core(env, settings(true, false));
  core.dst().acquire_dst();
  core.reduce(Pool::Max, ReduceAxis::Row, 0, 2, 0, 0, 0);  // row maxima in column 0 of DST 0
  core.pack_tile(0, 16, 0, true);
  core.dst().release_dst();
  const auto m = env.output(16, 0);
  for (int r = 0; r < 32; ++r) ASSERT_EQ(m[r * 32], *std::max_element(a.begin() + r * 32, a.begin() + r * 32 + 32));
  // Subtract the row max from every element (softmax's first step): sub_tiles_bcast_cols.
  env.add_input(3, DataFormat::Float32, {m});
  core.dst().acquire_dst();
  core.binary(BinaryOp::Sub, Bcast::Col, 0, 3, 0, 0, 1);
  core.pack_tile(1, 16, 1, true);
  core.dst().release_dst();
  const auto d = env.output(16, 1);
  for (int i = 0; i < 1024; ++i) ASSERT_EQ(d[i], a[i] - m[(i / 32) * 32]);
}

TEST(ComputeCore, CountsCyclesByFidelityAndPipeline) {
  testing_env env;
  env.add_input(0, DataFormat::Float16_b, {random_tile(9)});
  for (int fid : {0, 2, 3, 4}) {
    env.cycles_by_kind.clear();
    env.counts.clear();
    ComputeCore core(env, settings(false, false, fid));
    core.dst().tile_regs_acquire();
    core.matmul_tiles(0, 0, 0, 0, 0);
    core.dst().tile_regs_commit();
    // The FPU's 16 cycles per fidelity phase plus 6 of issue, unless the unpackers (a bf16 tile at 46 B/cycle =
    // 45) are slower (the calibrated model, cycle_model.h).
    EXPECT_EQ(env.cycles_by_kind["matmul"], static_cast<uint64_t>(std::max(45, 16 * (fid == 0 ? 1 : fid) + 6)));
    EXPECT_EQ(env.counts["matmul"], 1u);
  }
}

TEST(ComputeCore, DstToDstOps) {
  testing_env env;
  const auto a = random_tile(20), b = random_tile(21);
  env.add_input(0, DataFormat::Float16_b, {a, b});
  env.reserve_output(16, DataFormat::Float32, 3);
  ComputeCore core(env, settings(true, false));
  core.dst().acquire_dst();
  core.copy_tile(0, 0, 0);
  core.copy_tile(0, 1, 1);
  core.copy_dest(0, 2);
  core.transpose_dest(2);
  core.sfpu_unary("ltz_tile", SfpuUnary::Ltz, 0);  // DST 0 = a < 0 ? 1 : 0
  core.copy_tile(0, 0, 3);
  core.where(0, 1, 3, 1);  // DST 1 = a < 0 ? b : a
  core.sfpu_unary("clamp_tile", SfpuUnary::Clamp, 3, -0.5f, 0.25f);
  core.pack_tile(2, 16, 0, true);
  core.pack_tile(1, 16, 1, true);
  core.pack_tile(3, 16, 2, true);
  core.dst().release_dst();
  const auto t = env.output(16, 0), w = env.output(16, 1), c = env.output(16, 2);
  for (int r = 0; r < 32; ++r)
    for (int q = 0; q < 32; ++q) {
      ASSERT_EQ(t[q * 32 + r], a[r * 32 + q]);
      ASSERT_EQ(w[r * 32 + q], a[r * 32 + q] < 0 ? b[r * 32 + q] : a[r * 32 + q]);
      ASSERT_EQ(c[r * 32 + q], std::min(std::max(a[r * 32 + q], -0.5f), 0.25f));
    }
}

TEST(ComputeCore, PackUntilizeBlockPlacesColumnBlocks) {
  testing_env env;
  // Four tiles of one tile row, untilized two at a time (block_ct 2, full_ct 4) into the same 4 pages.
  std::vector<std::vector<float>> tiles;
  for (int t = 0; t < 4; ++t) {
    std::vector<float> v(1024);
    for (int i = 0; i < 1024; ++i) v[i] = static_cast<float>(t * 1024 + i);  // exact in fp32
    tiles.push_back(v);
  }
  env.reserve_output(16, DataFormat::Float32, 4);
  ComputeSettings s = settings(true, false);
  s.unpack_to_dest_fp32 = 1u << 0;  // exact fp32 values (12 significant bits here; SrcA's TF32 keeps 11)
  ComputeCore core(env, s);
  for (int blk = 0; blk < 2; ++blk) {
    env.cbs[0].format = DataFormat::Float32;
    env.cbs[0].front.clear();
    env.add_input(0, DataFormat::Float32, {tiles[2 * blk], tiles[2 * blk + 1]});
    core.pack_untilize_block(0, 1, 2, 4, 16, blk);
  }
  // Row-major 32 x 128 floats over 4 pages of 4096 bytes: element (r, c) at float index r*128 + c.
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 128; ++c) {
      const int idx = r * 128 + c;
      float v;
      std::memcpy(&v, env.cbs[16].back[idx / 1024].data() + 4 * (idx % 1024), 4);
      ASSERT_EQ(v, static_cast<float>((c / 32) * 1024 + r * 32 + c % 32)) << r << "," << c;
    }
}

TEST(ComputeCore, ReduceInitMasksPacksUntilReduceUninit) {
  testing_env env;
  const auto a = random_tile(30);
  env.add_input(0, DataFormat::Float16_b, {a});
  env.reserve_output(16, DataFormat::Float16_b, 4);
  ComputeCore core(env, settings(false, false));
  const std::pair<ReduceAxis, int (*)(int, int)> cases[] = {
      {ReduceAxis::Row, [](int, int c) { return c == 0 ? 1 : 0; }},
      {ReduceAxis::Col, [](int r, int) { return r == 0 ? 1 : 0; }},
      {ReduceAxis::Scalar, [](int r, int c) { return r == 0 && c == 0 ? 1 : 0; }},
  };
  uint32_t slot = 0;
  for (const auto& [axis, keep] : cases) {
    core.set_pack_reduce_mask(true, axis);  // reduce_init without reduce_uninit: a full tile packed next
    core.dst().acquire_dst();
    core.copy_tile(0, 0, 0);
    core.pack_tile(0, 16, slot, true);
    core.dst().release_dst();
    const auto out = env.output(16, slot++);
    for (int r = 0; r < 32; ++r)
      for (int c = 0; c < 32; ++c) ASSERT_EQ(out[r * 32 + c], keep(r, c) ? a[r * 32 + c] : 0.0f) << r << "," << c;
  }
  core.set_pack_reduce_mask(false, ReduceAxis::Row);  // reduce_uninit
  core.dst().acquire_dst();
  core.copy_tile(0, 0, 0);
  core.pack_tile(0, 16, slot, true);
  core.dst().release_dst();
  EXPECT_EQ(env.output(16, slot), a);
}

TEST(ComputeCore, DestReuseUnaryBcastTransposedCopyAndL1Accumulation) {
  testing_env env;
  const auto a = random_tile(40), b = random_tile(41);
  env.add_input(0, DataFormat::Float16_b, {a, b});
  env.reserve_output(16, DataFormat::Float32, 4);
  ComputeCore core(env, settings(true, false));
  core.dst().acquire_dst();
  core.copy_tile(0, 0, 0);                            // DST0 = a
  core.binary_dest_reuse(BinaryOp::Sub, 1, 0, 1, 0);  // DEST_TO_SRCA: DST0 = a - b
  core.copy_tile(0, 0, 1);                            // DST1 = a
  core.binary_dest_reuse(BinaryOp::Sub, 2, 0, 1, 1);  // DEST_TO_SRCB: DST1 = b - a
  core.unary_bcast(Bcast::Row, 0, 1, 2);              // DST2[h,w] = b[0,w]
  core.set_copy_transpose(true);
  core.copy_tile(0, 0, 3);  // DST3 = a^T
  core.set_copy_transpose(false);
  for (uint32_t i = 0; i < 4; ++i) core.pack_tile(i, 16, i, true);
  // With L1 accumulation the packer adds DST0 onto what slot 0 already holds.
  core.set_pack_l1_acc(true);
  core.pack_tile(0, 16, 0, true);
  core.set_pack_l1_acc(false);
  core.dst().release_dst();
  const auto d0 = env.output(16, 0), d1 = env.output(16, 1), d2 = env.output(16, 2), d3 = env.output(16, 3);
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) {
      const int i = r * 32 + c;
      ASSERT_EQ(d0[i], 2 * (a[i] - b[i]));
      ASSERT_EQ(d1[i], b[i] - a[i]);
      ASSERT_EQ(d2[i], b[c]);
      ASSERT_EQ(d3[i], a[c * 32 + r]);
    }
}

TEST(ComputeCore, OperationsNeedTheirInit) {
  testing_env env;
  env.add_input(0, DataFormat::Float16_b, {random_tile(50), random_tile(51)});
  ComputeCore core(env, settings(false, false));
  core.dst().tile_regs_acquire();
  // Before any init (or after compute_kernel_hw_startup) nothing is checked.
  core.binary(BinaryOp::Add, Bcast::None, 0, 0, 0, 1, 0);
  core.fpu_init(FpuConfig::Matmul, "mm_init");
  core.matmul_tiles(0, 0, 0, 1, 1);
  std::string msg = fault_of([&] { core.binary(BinaryOp::Add, Bcast::None, 0, 0, 0, 1, 0); });
  EXPECT_NE(msg.find("add_tiles: the unpackers and FPU are configured for matmul by mm_init"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("add/sub/mul_tiles_init"), std::string::npos) << msg;
  msg = fault_of([&] { core.copy_tile(0, 0, 2); });
  EXPECT_NE(msg.find("copy_tile: the unpackers and FPU are configured for matmul"), std::string::npos) << msg;
  core.fpu_init(FpuConfig::Datacopy, "copy_tile_to_dst_init_short");
  core.copy_tile(0, 0, 2);
  msg = fault_of([&] { core.matmul_tiles(0, 0, 0, 1, 1); });
  EXPECT_NE(msg.find("matmul_tiles: the unpackers and FPU are configured for copies to DST"), std::string::npos) << msg;
  core.fpu_init(FpuConfig::Reduce, "reduce_init");
  msg = fault_of([&] { core.transpose_wh(0, 0, 3); });
  EXPECT_NE(msg.find("transpose_wh_init"), std::string::npos) << msg;
  core.reduce(Pool::Sum, ReduceAxis::Row, 0, 0, 0, 1, 3);
  core.fpu_init(FpuConfig::Any, "reduce_uninit");
  core.transpose_wh(0, 0, 3);
  // SFPU operations do not depend on the FPU configuration.
  core.fpu_init(FpuConfig::Matmul, "mm_init");
  core.sfpu_unary("exp_tile", SfpuUnary::Exp, 3);
}

TEST(ComputeCore, MatmulBlockEqualsMatmulTilesPerOutputTile) {
  // A is 2 x 2 tiles (rt = 2, kt = 2), B is 2 x 3 tiles (ct = 3); both stored row-major by tile.
  testing_env env;
  std::vector<std::vector<float>> a, b;
  for (uint32_t i = 0; i < 4; ++i) a.push_back(random_tile(60 + i));
  for (uint32_t i = 0; i < 6; ++i) b.push_back(random_tile(70 + i));
  env.add_input(0, DataFormat::Float16_b, a);
  env.add_input(1, DataFormat::Float16_b, b);
  ComputeCore block(env, settings(true, true)), tiles(env, settings(true, true));
  block.dst().acquire_dst();
  tiles.dst().acquire_dst();
  for (uint32_t k = 0; k < 2; ++k) {
    block.matmul_block(0, 1, /*i0=*/k, /*i1=*/k * 3, /*idst=*/0, false, /*ct=*/3, /*rt=*/2, /*kt=*/2);
    for (uint32_t r = 0; r < 2; ++r)
      for (uint32_t c = 0; c < 3; ++c) tiles.matmul_tiles(0, 1, r * 2 + k, k * 3 + c, r * 3 + c);
  }
  env.reserve_output(16, DataFormat::Float32, 6);
  env.reserve_output(17, DataFormat::Float32, 6);
  for (uint32_t i = 0; i < 6; ++i) block.pack_tile(i, 16, i, true), tiles.pack_tile(i, 17, i, true);
  block.dst().release_dst();
  tiles.dst().release_dst();
  for (uint32_t i = 0; i < 6; ++i) {
    const auto x = env.output(16, i), y = env.output(17, i);
    ASSERT_EQ(x, y) << "output tile " << i;
    // And against a double reference for output tile (r, c) = (i / 3, i % 3).
    const uint32_t r = i / 3, c = i % 3;
    double ref = 0;
    for (uint32_t k = 0; k < 2; ++k)
      for (int q = 0; q < 32; ++q) ref += static_cast<double>(a[r * 2 + k][q]) * b[k * 3 + c][q * 32];
    EXPECT_NEAR(x[0], ref, 1e-4);
  }
}
