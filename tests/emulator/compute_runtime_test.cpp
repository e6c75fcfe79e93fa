// The compute API end to end on the emulator's runtime: kernels built from source, tiles moved through CBs
// and DRAM by small reader/writer kernels, results read back on the host and checked against references
// computed here. Covers what the fake-runtime tests cannot: the headers as kernels see them, the hooks, and
// faults surfacing as emu::SanitizerError.
#include <emu/emulator.h>
#include <emu/sanitizer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <vector>

#include "../../emulator/src/compute/tile_format.h"

using namespace tt::tt_metal;
namespace ec = emu::compute;

namespace {
// Reads n0 / n1 / n2 pages of three DRAM buffers into CBs 0 / 1 / 2 (each CB holds all of its pages).
const char* kReader = R"(
void kernel_main() {
  constexpr auto a0 = TensorAccessorArgs<0>();
  constexpr auto a1 = TensorAccessorArgs<a0.next_compile_time_args_offset()>();
  constexpr auto a2 = TensorAccessorArgs<a1.next_compile_time_args_offset()>();
  const uint32_t n0 = get_arg_val<uint32_t>(1), n1 = get_arg_val<uint32_t>(4), n2 = get_arg_val<uint32_t>(7);
  const auto s0 = TensorAccessor(a0, get_arg_val<uint32_t>(0), get_arg_val<uint32_t>(2));
  const auto s1 = TensorAccessor(a1, get_arg_val<uint32_t>(3), get_arg_val<uint32_t>(5));
  const auto s2 = TensorAccessor(a2, get_arg_val<uint32_t>(6), get_arg_val<uint32_t>(8));
  for (uint32_t t = 0; t < n0; ++t) { cb_reserve_back(0, 1); noc_async_read_page(t, s0, get_write_ptr(0)); noc_async_read_barrier(); cb_push_back(0, 1); }
  for (uint32_t t = 0; t < n1; ++t) { cb_reserve_back(1, 1); noc_async_read_page(t, s1, get_write_ptr(1)); noc_async_read_barrier(); cb_push_back(1, 1); }
  for (uint32_t t = 0; t < n2; ++t) { cb_reserve_back(2, 1); noc_async_read_page(t, s2, get_write_ptr(2)); noc_async_read_barrier(); cb_push_back(2, 1); }
}
)";
// Writes n pages of CB 16 to a DRAM buffer.
const char* kWriter = R"(
void kernel_main() {
  constexpr auto a = TensorAccessorArgs<0>();
  const uint32_t n = get_arg_val<uint32_t>(1);
  const auto d = TensorAccessor(a, get_arg_val<uint32_t>(0), get_arg_val<uint32_t>(2));
  for (uint32_t t = 0; t < n; ++t) { cb_wait_front(16, 1); noc_async_write_page(t, d, get_read_ptr(16)); noc_async_write_barrier(); cb_pop_front(16, 1); }
}
)";

using Values = std::vector<float>;
struct Input {
  tt::DataFormat format = tt::DataFormat::Float16_b;
  std::vector<Values> tiles;  // row-major values
};

class ComputeRuntime : public ::testing::Test {
 protected:
  void SetUp() override { mesh = distributed::MeshDevice::create_unit_mesh(0); }
  void TearDown() override { mesh->close(); }

  // Runs `compute_src` (on `inputs`, no outputs), which must stop with a sanitizer error on the compute kernel
  // of core (0,0) from `api`, of `kind`, whose message contains `text`.
  void expect_compute_error(const std::string& compute_src, std::vector<Input> inputs, const std::string& kind,
                            const std::string& api, const std::string& text) {
    try {
      run(compute_src, std::move(inputs), tt::DataFormat::Float16_b, 0, ComputeConfig{});
      FAIL() << "expected a sanitizer error";
    } catch (const emu::SanitizerError& e) {
      EXPECT_EQ(e.kind, kind);
      EXPECT_EQ(e.api, api);
      EXPECT_EQ(e.core, "(x=0,y=0)");
      EXPECT_NE(e.kernel.find("COMPUTE"), std::string::npos) << e.kernel;
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }

  // Runs `compute_src` on core (0,0) with inputs on CBs 0..2 and `n_out` output tiles on CB 16 (of
  // `out_pages` pages).
  std::vector<Values> run(const std::string& compute_src, std::vector<Input> inputs, tt::DataFormat out_format,
                          uint32_t n_out, ComputeConfig config, uint32_t out_pages = 2) {
    auto& cq = mesh->mesh_command_queue();
    inputs.resize(3);
    Program program = CreateProgram();
    CoreCoord core{0, 0};
    std::vector<uint32_t> reader_ct, reader_rt;
    std::vector<std::shared_ptr<distributed::MeshBuffer>> keep;
    for (uint32_t cb = 0; cb < 3; ++cb) {
      const auto f = static_cast<ec::DataFormat>(inputs[cb].format);
      const uint32_t bytes = ec::tile_bytes(f), n = static_cast<uint32_t>(inputs[cb].tiles.size());
      std::vector<uint8_t> data(std::max<uint32_t>(n, 1) * bytes, 0);
      for (uint32_t t = 0; t < n; ++t) ec::pack_tile(f, inputs[cb].tiles[t].data(), data.data() + t * bytes);
      distributed::DeviceLocalBufferConfig dram{.page_size = bytes, .buffer_type = BufferType::DRAM};
      auto buf =
          distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = data.size()}, dram, mesh.get());
      std::vector<uint32_t> words(data.size() / 4);
      std::memcpy(words.data(), data.data(), data.size());
      distributed::EnqueueWriteMeshBuffer(cq, buf, words, true);
      TensorAccessorArgs(*buf).append_to(reader_ct);
      reader_rt.insert(reader_rt.end(), {static_cast<uint32_t>(buf->address()), n, bytes});
      if (n > 0)
        CreateCircularBuffer(
            program, core,
            CircularBufferConfig(n * bytes, {{static_cast<uint8_t>(cb), inputs[cb].format}}).set_page_size(cb, bytes));
      keep.push_back(buf);
    }
    const auto of = static_cast<ec::DataFormat>(out_format);
    const uint32_t out_bytes = ec::tile_bytes(of);
    distributed::DeviceLocalBufferConfig dram{.page_size = out_bytes, .buffer_type = BufferType::DRAM};
    auto out = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = n_out * out_bytes}, dram,
                                               mesh.get());
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(out_pages * out_bytes, {{16, out_format}}).set_page_size(16, out_bytes));
    std::vector<uint32_t> writer_ct;
    TensorAccessorArgs(*out).append_to(writer_ct);
    auto rd = CreateKernelFromString(
        program, kReader, core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default, .compile_args = reader_ct});
    auto wr = CreateKernelFromString(
        program, kWriter, core,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default, .compile_args = writer_ct});
    CreateKernelFromString(program, compute_src, core, config);
    SetRuntimeArgs(program, rd, core, reader_rt);
    SetRuntimeArgs(program, wr, core, {static_cast<uint32_t>(out->address()), n_out, out_bytes});
    distributed::MeshWorkload w;
    w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
    distributed::EnqueueMeshWorkload(cq, w, true);
    std::vector<uint32_t> words;
    distributed::EnqueueReadMeshBuffer(cq, words, out, true);
    std::vector<Values> result(n_out, Values(1024));
    for (uint32_t t = 0; t < n_out; ++t)
      ec::unpack_tile(of, reinterpret_cast<const uint8_t*>(words.data()) + t * out_bytes, result[t].data());
    return result;
  }

  std::shared_ptr<distributed::MeshDevice> mesh;
};

Values random_tile(uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  Values t(1024);
  for (float& v : t) v = ec::round_bf16(d(rng));
  return t;
}
}  // namespace

TEST_F(ComputeRuntime, ReduceMaxOfNegativeRowsAcrossTiles) {
  const std::string src = R"(
#define REDUCE_OP PoolType::MAX
#define REDUCE_DIM ReduceDim::REDUCE_ROW
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/compute_kernel_hw_startup.h"
void kernel_main() {
  compute_kernel_hw_startup(0, 2, 16);
  reduce_init(0, 2, 16);
  cb_wait_front(2, 1);
  tile_regs_acquire();
  for (uint32_t t = 0; t < 3; ++t) {
    cb_wait_front(0, 1);
    reduce_tile(0, 2, 0, 0, 0);
    cb_pop_front(0, 1);
  }
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(16, 1);
  pack_tile(0, 16);
  cb_push_back(16, 1);
  tile_regs_release();
  reduce_uninit();
}
)";
  std::vector<Values> in = {random_tile(1, -10, -1), random_tile(2, -10, -1), random_tile(3, -10, -1)};
  auto out =
      run(src, {Input{tt::DataFormat::Float16_b, in}, Input{}, Input{tt::DataFormat::Float16_b, {Values(1024, 1.0f)}}},
          tt::DataFormat::Float16_b, 1, ComputeConfig{});
  for (int r = 0; r < 32; ++r) {
    float m = -INFINITY;
    for (const auto& t : in)
      for (int c = 0; c < 32; ++c) m = std::max(m, t[r * 32 + c]);
    ASSERT_EQ(out[0][r * 32], m) << "row " << r;
    for (int c = 1; c < 32; ++c) ASSERT_EQ(out[0][r * 32 + c], 0.0f);
  }
}

TEST_F(ComputeRuntime, MatmulAccumulationPrecisionFollowsDstMode) {
  // C = sum over 8 K-tiles of A_k @ B_k (256-deep dot products of positive values, which makes bf16
  // accumulation drift visibly).
  const std::string src = R"(
#include "compute_kernel_api/matmul.h"
void kernel_main() {
  mm_init(0, 1, 16);
  cb_wait_front(0, 8);
  cb_wait_front(1, 8);
  tile_regs_acquire();
  for (uint32_t k = 0; k < 8; ++k) matmul_tiles(0, 1, k, k, 0);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(16, 1);
  pack_tile(0, 16);
  cb_push_back(16, 1);
  tile_regs_release();
}
)";
  std::vector<Values> a, b;
  for (uint32_t k = 0; k < 8; ++k) a.push_back(random_tile(10 + k, 0, 1)), b.push_back(random_tile(20 + k, 0, 1));
  std::vector<double> ref(1024, 0.0);
  for (int k = 0; k < 8; ++k)
    for (int i = 0; i < 32; ++i)
      for (int j = 0; j < 32; ++j)
        for (int q = 0; q < 32; ++q) ref[i * 32 + j] += static_cast<double>(a[k][i * 32 + q]) * b[k][q * 32 + j];
  auto max_rel = [&](const Values& t) {
    double e = 0;
    for (int i = 0; i < 1024; ++i) e = std::max(e, std::fabs(t[i] - ref[i]) / ref[i]);
    return e;
  };
  ComputeConfig fp32{.fp32_dest_acc_en = true};
  const auto c32 = run(src, {Input{tt::DataFormat::Float16_b, a}, Input{tt::DataFormat::Float16_b, b}},
                       tt::DataFormat::Float32, 1, fp32)[0];
  const auto c16 = run(src, {Input{tt::DataFormat::Float16_b, a}, Input{tt::DataFormat::Float16_b, b}},
                       tt::DataFormat::Float32, 1, ComputeConfig{})[0];
  EXPECT_LT(max_rel(c32), 1e-5);  // fp32 accumulation of exact products
  EXPECT_GT(max_rel(c16), 1e-3);  // 16 roundings to bf16 (2^-9 relative each)
  EXPECT_LT(max_rel(c16), 16 * std::ldexp(1.0, -8));
  for (float v : c16) ASSERT_EQ(v, ec::round_bf16(v));  // a bf16 DST only ever holds bf16 values
}

TEST_F(ComputeRuntime, MulFidelityAndBfp8Output) {
  const std::string src = R"(
#include "compute_kernel_api/eltwise_binary.h"
void kernel_main() {
  binary_op_init_common(0, 1, 16);
  mul_tiles_init(0, 1);
  cb_wait_front(0, 1);
  cb_wait_front(1, 1);
  tile_regs_acquire();
  mul_tiles(0, 1, 0, 0, 0);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(16, 1);
  pack_tile(0, 16);
  cb_push_back(16, 1);
  tile_regs_release();
}
)";
  const Values a = random_tile(31, 1, 2), b = random_tile(32, 1, 2);
  std::vector<Input> in = {Input{tt::DataFormat::Float16_b, {a}}, Input{tt::DataFormat::Float16_b, {b}}};
  const auto lofi = run(src, in, tt::DataFormat::Float32, 1, ComputeConfig{.math_fidelity = MathFidelity::LoFi})[0];
  const auto hifi4 = run(src, in, tt::DataFormat::Float32, 1, ComputeConfig{})[0];
  const auto bfp8 = run(src, in, tt::DataFormat::Bfp8_b, 1, ComputeConfig{})[0];
  for (int i = 0; i < 1024; ++i) {
    // LoFi: in0 (SrcA) keeps 4 mantissa bits, in1 (SrcB) 6; the product then rounds to the bf16 DST.
    ASSERT_EQ(lofi[i], ec::round_bf16(ec::truncate_mantissa(a[i], 4) * ec::truncate_mantissa(b[i], 6)));
    ASSERT_EQ(hifi4[i], ec::round_bf16(a[i] * b[i]));
    // Bfp8_b: values in [1, 4) with a shared exponent of at most 2^1: error <= half a step of 2^-5.
    ASSERT_LE(std::fabs(bfp8[i] - hifi4[i]), std::ldexp(1.0f, -6));
  }
}

TEST_F(ComputeRuntime, DstIndexBeyondCapacityIsASanitizerError) {
  const std::string src = R"(
#include "compute_kernel_api/tile_move_copy.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
void kernel_main() {
  init_sfpu(0, 16);
  cb_wait_front(0, 1);
  tile_regs_acquire();
  copy_tile(0, 0, 8);
  tile_regs_commit();
}
)";
  expect_compute_error(src, {Input{tt::DataFormat::Float16_b, {Values(1024, 1.0f)}}}, "dst", "copy_tile",
                       "DST index 8 is out of range: capacity is 8 tiles (bf16 DST, half sync)");
}

TEST_F(ComputeRuntime, ReadTileValueSeesTheCbFront) {
  const std::string src = R"(
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_unary/fill.h"
void kernel_main() {
  cb_wait_front(0, 2);
  const uint32_t word = read_tile_value(0, 1, 17);  // tile 1, fp32 element 17 in face layout = (1, 1)
  tile_regs_acquire();
  fill_tile_bitcast(0, word);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(16, 1);
  pack_tile(0, 16);
  cb_push_back(16, 1);
  tile_regs_release();
  cb_pop_front(0, 2);
}
)";
  Values t0(1024, 0.0f), t1(1024, 0.0f);
  t1[1 * 32 + 1] = 3.25f;
  ComputeConfig fp32{.fp32_dest_acc_en = true};
  const auto out = run(src, {Input{tt::DataFormat::Float32, {t0, t1}}}, tt::DataFormat::Float32, 1, fp32)[0];
  for (float v : out) ASSERT_EQ(v, 3.25f);
}

TEST_F(ComputeRuntime, AnOperationWithoutItsInitIsASanitizerError) {
  const std::string src = R"(
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/eltwise_binary.h"
void kernel_main() {
  mm_init(0, 1, 16);
  cb_wait_front(0, 1);
  cb_wait_front(1, 1);
  tile_regs_acquire();
  add_tiles(0, 1, 0, 0, 0);  // missing add_tiles_init
  tile_regs_commit();
}
)";
  try {
    run(src,
        {Input{tt::DataFormat::Float16_b, {Values(1024, 1.0f)}},
         Input{tt::DataFormat::Float16_b, {Values(1024, 2.0f)}}},
        tt::DataFormat::Float16_b, 0, ComputeConfig{});
    FAIL() << "expected a sanitizer error";
  } catch (const emu::SanitizerError& e) {
    EXPECT_EQ(e.api, "add_tiles");
    EXPECT_NE(std::string(e.what()).find("configured for matmul by mm_init"), std::string::npos) << e.what();
  }
}

TEST_F(ComputeRuntime, TileMathOutsideAnAcquireIsASanitizerError) {
  const std::string src = R"(
#include "compute_kernel_api/tile_move_copy.h"
#include "compute_kernel_api/eltwise_unary/eltwise_unary.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
void kernel_main() {
  init_sfpu(0, 16);
  cb_wait_front(0, 1);
  tile_regs_acquire();
  copy_tile(0, 0, 0);
  tile_regs_commit();
  exp_tile(0);  // after the commit MATH no longer owns DST
}
)";
  expect_compute_error(src, {Input{tt::DataFormat::Float16_b, {Values(1024, 1.0f)}}}, "dst", "exp_tile",
                       "DST tile 0 used by math outside tile_regs_acquire/tile_regs_commit");
}

TEST_F(ComputeRuntime, PackRunsBesideMathInHalfSync) {
  // 8 subblocks of 4 fp32 tiles, each 4 matmul_tiles (HiFi4: 70 cycles each) then 4 packs into a Float32 CB
  // (128 cycles each). PACK (TRISC2) runs beside MATH (TRISC1): with half-sync DST, MATH fills one section
  // while PACK drains the other, so the kernel takes about 8 × 512 pack cycles (the slower thread) instead of
  // 8 × (256 + 512); in full sync there is one section and the two alternate.
  const std::string src = R"(
#include "compute_kernel_api/matmul.h"
void kernel_main() {
  mm_init(0, 1, 16);
  cb_wait_front(0, 1);
  cb_wait_front(1, 1);
  for (uint32_t s = 0; s < 8; ++s) {
    tile_regs_acquire();
    for (uint32_t d = 0; d < 4; ++d) matmul_tiles(0, 1, 0, 0, d);
    tile_regs_commit();
    tile_regs_wait();
    for (uint32_t d = 0; d < 4; ++d) {
      cb_reserve_back(16, 1);
      pack_tile(d, 16);
      cb_push_back(16, 1);
    }
    tile_regs_release();
  }
}
)";
  std::vector<Values> a{random_tile(1, -1, 1)}, b{random_tile(2, -1, 1)};
  auto compute_end = [&](bool full_sync) {
    run(src, {Input{tt::DataFormat::Float16_b, a}, Input{tt::DataFormat::Float16_b, b}}, tt::DataFormat::Float32,
        32, ComputeConfig{.fp32_dest_acc_en = true, .dst_full_sync_en = full_sync}, /*out_pages=*/32);
    for (const auto& k : emu::last_run_stats().kernels)
      if (k.risc == "COMPUTE") {
        EXPECT_EQ(k.tile_op_cycles.at("pack"), 32u * 128u);
        EXPECT_EQ(k.tile_op_cycles.at("matmul"), 32u * 70u);  // HiFi4: 64 FPU + 6 issue cycles per product
        return k.end_cycle;
      }
    ADD_FAILURE() << "no compute kernel in the stats";
    return uint64_t{0};
  };
  const uint64_t half = compute_end(false), full = compute_end(true);
  EXPECT_GE(half, 8u * 512u);
  // + the first subblock's math, 64 CB calls of 10 cycles and the reader's two DRAM tiles before the start
  EXPECT_LT(half, 8u * 512u + 280u + 640u + 1000u);
  EXPECT_GE(full, 8u * (280u + 512u) + 640u);
  EXPECT_GE(full - half, 7u * 280u) << "half " << half << " full " << full;
}

TEST_F(ComputeRuntime, HostThreadsGiveTheSameBitsAndModeledTime) {
  // Matmuls, packs into a CB a writer drains while later subblocks are computed: with tile math on 4 host threads
  // (docs/emulator.md, "Host threads") the output bits, every kernel's end cycle and its tile-op cycles are those of
  // one thread, where every operation runs at its call.
  const std::string src = R"(
#include "compute_kernel_api/matmul.h"
void kernel_main() {
  mm_init(0, 1, 16);
  cb_wait_front(0, 2);
  cb_wait_front(1, 2);
  for (uint32_t s = 0; s < 8; ++s) {
    tile_regs_acquire();
    for (uint32_t d = 0; d < 4; ++d) matmul_tiles(0, 1, (s + d) % 2, d % 2, d);
    tile_regs_commit();
    tile_regs_wait();
    for (uint32_t d = 0; d < 4; ++d) {
      cb_reserve_back(16, 1);
      pack_tile(d, 16);
      cb_push_back(16, 1);
    }
    tile_regs_release();
  }
}
)";
  std::vector<Values> a{random_tile(1, -1, 1), random_tile(3, -1, 1)}, b{random_tile(2, -1, 1), random_tile(4, -1, 1)};
  auto once = [&](unsigned threads) {
    emu::set_host_threads(threads);
    auto out = run(src, {Input{tt::DataFormat::Float16_b, a}, Input{tt::DataFormat::Float16_b, b}},
                   tt::DataFormat::Float16_b, 32, ComputeConfig{.fp32_dest_acc_en = true}, /*out_pages=*/2);
    emu::set_host_threads(0);
    return std::make_pair(out, emu::last_run_stats());
  };
  const auto [out1, s1] = once(1);
  const auto [out4, s4] = once(4);
  EXPECT_EQ(s1.deferred_ops, 0u);
  EXPECT_GT(s4.deferred_ops, 0u);
  EXPECT_EQ(s4.host_threads, 4u);
  ASSERT_EQ(out1.size(), out4.size());
  for (size_t t = 0; t < out1.size(); ++t)
    ASSERT_EQ(std::memcmp(out1[t].data(), out4[t].data(), 4096), 0) << "tile " << t;
  EXPECT_EQ(s1.modeled_cycles, s4.modeled_cycles);
  EXPECT_EQ(s1.context_switches, s4.context_switches);
  ASSERT_EQ(s1.kernels.size(), s4.kernels.size());
  for (size_t i = 0; i < s1.kernels.size(); ++i) {
    EXPECT_EQ(s1.kernels[i].end_cycle, s4.kernels[i].end_cycle) << s1.kernels[i].kernel;
    EXPECT_EQ(s1.kernels[i].tile_op_cycles, s4.kernels[i].tile_op_cycles) << s1.kernels[i].kernel;
  }
}
