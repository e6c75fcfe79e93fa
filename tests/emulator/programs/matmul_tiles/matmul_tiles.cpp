// Matmul one output tile at a time, on one core or split over many (argv[1] = "single" | "multi").
// C[M×N] = A[M×K] · B[K×N] in bf16 with fp32 accumulation in DST (fp32_dest_acc_en). Output tiles are
// distributed with split_work_to_cores over the whole compute grid in the multi-core case.
// Exits 0 when C matches a double-precision product of the same bf16 inputs within the bound below.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#include <tt-metalium/work_split.hpp>

using namespace tt::tt_metal;

#ifndef PROGRAM_DIR
#define PROGRAM_DIR "."
#endif

int main(int argc, char** argv) {
  const bool multi = argc > 1 && std::strcmp(argv[1], "multi") == 0;
  const uint32_t mt = multi ? 10 : 3, nt = multi ? 9 : 2, kt = multi ? 6 : 4;
  const uint32_t M = mt * 32, N = nt * 32, K = kt * 32;
  std::mt19937 rng(99);
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

  CoreCoord grid = multi ? mesh->compute_with_storage_grid_size() : CoreCoord{1, 1};
  auto [num_cores, all, group1, group2, per1, per2] = split_work_to_cores(grid, mt * nt);

  Program program = CreateProgram();
  for (tt::CBIndex index : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16})
    CreateCircularBuffer(program, all,
                         CircularBufferConfig(2 * tile_bytes, {{index, tt::DataFormat::Float16_b}})
                             .set_page_size(index, tile_bytes));
  std::vector<uint32_t> reader_ct = {kt, nt}, writer_ct;
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, PROGRAM_DIR "/kernels/reader_k_pairs.cpp", all,
                                     ReaderDataMovementConfig(reader_ct));
  KernelHandle writer = CreateKernel(program, PROGRAM_DIR "/kernels/writer_tiles.cpp", all,
                                     WriterDataMovementConfig(writer_ct));
  KernelHandle compute = CreateKernel(
      program, PROGRAM_DIR "/kernels/dot_tiles.cpp", all,
      ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .fp32_dest_acc_en = true, .compile_args = {kt}});

  uint32_t next = 0;
  for (const CoreCoord& core : corerange_to_cores(all, std::nullopt, false)) {
    uint32_t count = group1.contains(core) ? per1 : per2;
    SetRuntimeArgs(program, reader, core, {a_buf->address(), b_buf->address(), next, count});
    SetRuntimeArgs(program, writer, core, {c_buf->address(), next, count});
    SetRuntimeArgs(program, compute, core, {count});
    next += count;
  }

  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  distributed::Finish(cq);
  std::vector<bfloat16> c_tiles;
  distributed::EnqueueReadMeshBuffer(cq, c_tiles, c_buf, true);
  mesh->close();
  std::vector<bfloat16> c = untilize_nfaces(c_tiles, M, N);

  // Products of bf16 values are exact in fp32 and DST accumulates in fp32 (relative error ~K·2^-24,
  // negligible), so the only significant error is the final pack to bf16: ≤ 2^-9 relative per element.
  // Allow 2^-8 · |ref| + 1e-3: the absolute part covers values near zero, where fp32 accumulation error
  // (≤ K · 2^-24 · Σ|a·b| ≈ 6e-4 at worst here) dominates the relative bound.
  double worst = 0;
  for (uint32_t i = 0; i < M; ++i)
    for (uint32_t j = 0; j < N; ++j) {
      double ref = 0;
      for (uint32_t k = 0; k < K; ++k) ref += double(static_cast<float>(a[i * K + k])) * static_cast<float>(b[k * N + j]);
      double err = std::fabs(static_cast<float>(c[i * N + j]) - ref) / (std::ldexp(std::fabs(ref), -8) + 1e-3);
      worst = std::fmax(worst, err);
    }
  std::printf("matmul_tiles %s %ux%ux%u on %u cores: worst error / bound = %.3f\n", multi ? "multi" : "single", M,
              N, K, num_cores, worst);
  std::printf("%s\n", worst <= 1.0 ? "PASS" : "FAIL");
  return worst <= 1.0 ? 0 : 1;
}
