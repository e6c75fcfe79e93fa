// Multi-core reuse matmul with multicast and semaphores, written against the TT-Metalium host API.
// C[M×N] = A[M×K] · B[K×N] in bf16 on an R×C core grid; each core owns a block_m × block_n tile block of C.
// A's row blocks are read once from DRAM by column 0 and multicast along the rows; B's column blocks
// once by row 0 and multicast down the columns (see kernels/reader_mcast.cpp).
// Exits 0 when the result matches a double-precision reference within the bf16 error bound below.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/constants.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

using namespace tt::tt_metal;

#ifndef PROGRAM_DIR
#define PROGRAM_DIR "."
#endif

int main() {
  constexpr uint32_t grid_rows = 4, grid_cols = 4;       // R × C cores
  constexpr uint32_t block_m = 2, block_n = 2, block_k = 2;  // tiles
  constexpr uint32_t mt = grid_rows * block_m, nt = grid_cols * block_n, kt = 4 * block_k;
  constexpr uint32_t M = mt * 32, N = nt * 32, K = kt * 32;

  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<bfloat16> a(M * K), b(K * N);
  for (auto& v : a) v = bfloat16(dist(rng));
  for (auto& v : b) v = bfloat16(dist(rng));

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();
  const uint32_t tile_bytes = 2 * 32 * 32;
  distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  auto make = [&](uint32_t tiles) {
    return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * tile_bytes}, dram, mesh.get());
  };
  auto a_buf = make(mt * kt), b_buf = make(kt * nt), c_buf = make(mt * nt);
  distributed::EnqueueWriteMeshBuffer(cq, a_buf, tilize_nfaces(a, M, K), false);
  distributed::EnqueueWriteMeshBuffer(cq, b_buf, tilize_nfaces(b, K, N), false);

  Program program = CreateProgram();
  CoreRange all({0, 0}, {grid_cols - 1, grid_rows - 1});
  auto add_cb = [&](tt::CBIndex index, uint32_t tiles) {
    CircularBufferConfig cfg = CircularBufferConfig(tiles * tile_bytes, {{index, tt::DataFormat::Float16_b}})
                                   .set_page_size(index, tile_bytes);
    CreateCircularBuffer(program, all, cfg);
  };
  add_cb(tt::CBIndex::c_0, 2 * block_m * block_k);  // double-buffered A blocks
  add_cb(tt::CBIndex::c_1, 2 * block_k * block_n);  // double-buffered B blocks
  add_cb(tt::CBIndex::c_16, block_m * block_n);

  std::vector<uint32_t> reader_ct = {block_m, block_n, block_k};
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  std::vector<uint32_t> writer_ct = {block_m, block_n};
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, PROGRAM_DIR "/kernels/reader_mcast.cpp", all,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, PROGRAM_DIR "/kernels/writer_block.cpp", all,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  CreateKernel(program, PROGRAM_DIR "/kernels/matmul_accumulate.cpp", all,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                             .compile_args = {block_m, block_n, block_k, kt / block_k}});

  // Per operand: a counter on the sender (receivers increment it) and a flag on every receiver.
  const uint32_t a_counter = CreateSemaphore(program, all, 0), a_flag = CreateSemaphore(program, all, INVALID);
  const uint32_t b_counter = CreateSemaphore(program, all, 0), b_flag = CreateSemaphore(program, all, INVALID);

  for (uint32_t y = 0; y < grid_rows; ++y) {
    for (uint32_t x = 0; x < grid_cols; ++x) {
      CoreCoord core{x, y};
      CoreCoord row_first = mesh->worker_core_from_logical_core({0, y});
      CoreCoord row_recv0 = mesh->worker_core_from_logical_core({1, y});
      CoreCoord row_last = mesh->worker_core_from_logical_core({grid_cols - 1, y});
      CoreCoord col_first = mesh->worker_core_from_logical_core({x, 0});
      CoreCoord col_recv0 = mesh->worker_core_from_logical_core({x, 1});
      CoreCoord col_last = mesh->worker_core_from_logical_core({x, grid_rows - 1});
      std::vector<uint32_t> args = {a_buf->address(), b_buf->address(), y * block_m, x * block_n, kt, nt};
      // A: sender is column 0 of this row; receivers are columns 1..C-1.
      std::vector<uint32_t> a_op = {x == 0, (uint32_t)row_first.x, (uint32_t)row_first.y, (uint32_t)row_recv0.x,
                                    (uint32_t)row_recv0.y, (uint32_t)row_last.x, (uint32_t)row_last.y,
                                    grid_cols - 1, a_counter, a_flag};
      // B: sender is row 0 of this column; receivers are rows 1..R-1.
      std::vector<uint32_t> b_op = {y == 0, (uint32_t)col_first.x, (uint32_t)col_first.y, (uint32_t)col_recv0.x,
                                    (uint32_t)col_recv0.y, (uint32_t)col_last.x, (uint32_t)col_last.y,
                                    grid_rows - 1, b_counter, b_flag};
      args.insert(args.end(), a_op.begin(), a_op.end());
      args.insert(args.end(), b_op.begin(), b_op.end());
      SetRuntimeArgs(program, reader, core, args);
      SetRuntimeArgs(program, writer, core, {c_buf->address(), y * block_m, x * block_n, nt});
    }
  }

  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  distributed::Finish(cq);
  std::vector<bfloat16> c_tiles;
  distributed::EnqueueReadMeshBuffer(cq, c_tiles, c_buf, true);
  mesh->close();
  std::vector<bfloat16> c = untilize_nfaces(c_tiles, M, N);

  // Reference in double on the same bf16 inputs. Error bound: DST holds bf16 (fp32_dest_acc_en off), so
  // each of the kt accumulation steps and the final pack round to bf16 (relative 2^-9 each): a worst case
  // of (kt + 1) · 2^-9 · max|C| ≈ 1.8% here; 3% of max|C| leaves room for the sum's own growth.
  double max_ref = 0, max_err = 0, dot = 0, nr = 0, no = 0;
  std::vector<double> ref(M * N, 0.0);
  for (uint32_t i = 0; i < M; ++i)
    for (uint32_t k = 0; k < K; ++k) {
      double av = static_cast<float>(a[i * K + k]);
      for (uint32_t j = 0; j < N; ++j) ref[i * N + j] += av * static_cast<float>(b[k * N + j]);
    }
  for (uint32_t i = 0; i < M * N; ++i) {
    double o = static_cast<float>(c[i]);
    max_ref = std::fmax(max_ref, std::fabs(ref[i]));
    max_err = std::fmax(max_err, std::fabs(o - ref[i]));
    dot += o * ref[i], nr += ref[i] * ref[i], no += o * o;
  }
  double pcc = dot / std::sqrt(nr * no);
  std::printf("matmul_mcast %ux%ux%u on %ux%u cores: max_err=%.5f max_ref=%.5f pcc=%.6f\n", M, N, K, grid_cols,
              grid_rows, max_err, max_ref, pcc);
  bool ok = max_err <= 0.03 * max_ref && pcc >= 0.999;
  std::printf("%s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
