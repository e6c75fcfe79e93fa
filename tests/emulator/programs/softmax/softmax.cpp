// Row softmax on several cores, written against the TT-Metalium host API: tile rows of X are split over
// cores with split_work_to_cores; each core's compute kernel reduces (MAX, SUM), broadcasts and applies
// exp/recip (kernels/softmax_rows.cpp). Exits 0 when Y matches a double-precision softmax of the same bf16
// inputs within the bf16 error bound stated below.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/core_coord.hpp>
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

int main() {
  constexpr uint32_t rows_t = 10, wt = 4;  // 10 tile rows (more than some cores get), 4 tiles wide
  constexpr uint32_t H = rows_t * 32, W = wt * 32;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
  std::vector<bfloat16> x(H * W);
  for (auto& v : x) v = bfloat16(dist(rng));

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();
  const uint32_t tile_bytes = 2 * 32 * 32;
  distributed::DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  distributed::ReplicatedBufferConfig size{.size = rows_t * wt * tile_bytes};
  auto x_buf = distributed::MeshBuffer::create(size, dram, mesh.get());
  auto y_buf = distributed::MeshBuffer::create(size, dram, mesh.get());
  distributed::EnqueueWriteMeshBuffer(cq, x_buf, tilize_nfaces(x, H, W), false);

  // Use a 2×3 corner of the grid so that the rows split unevenly (two groups).
  CoreCoord grid{3, 2};
  auto [num_cores, all, group1, group2, rows1, rows2] = split_work_to_cores(grid, rows_t, true);

  Program program = CreateProgram();
  auto add_cb = [&](tt::CBIndex index, uint32_t tiles) {
    CreateCircularBuffer(program, all,
                         CircularBufferConfig(tiles * tile_bytes, {{index, tt::DataFormat::Float16_b}})
                             .set_page_size(index, tile_bytes));
  };
  add_cb(tt::CBIndex::c_0, wt);
  add_cb(tt::CBIndex::c_2, 1);
  add_cb(tt::CBIndex::c_16, 2);
  add_cb(tt::CBIndex::c_24, 1);
  add_cb(tt::CBIndex::c_25, wt);
  add_cb(tt::CBIndex::c_26, 1);

  std::vector<uint32_t> reader_ct = {wt}, writer_ct = {wt};
  TensorAccessorArgs(*x_buf).append_to(reader_ct);
  TensorAccessorArgs(*y_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, PROGRAM_DIR "/kernels/reader_rows.cpp", all,
                                     ReaderDataMovementConfig(reader_ct));
  KernelHandle writer = CreateKernel(program, PROGRAM_DIR "/kernels/writer_rows.cpp", all,
                                     WriterDataMovementConfig(writer_ct));
  KernelHandle compute = CreateKernel(program, PROGRAM_DIR "/kernels/softmax_rows.cpp", all,
                                      ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = {wt}});

  uint32_t next_row = 0;
  for (const CoreCoord& core : corerange_to_cores(all, std::nullopt, true)) {
    uint32_t rows = group1.contains(core) ? rows1 : group2.contains(core) ? rows2 : 0;
    SetRuntimeArgs(program, reader, core, {x_buf->address(), next_row, rows});
    SetRuntimeArgs(program, writer, core, {y_buf->address(), next_row, rows});
    SetRuntimeArgs(program, compute, core, {rows});
    next_row += rows;
  }
  if (next_row != rows_t) {
    std::printf("FAIL: split_work_to_cores covered %u of %u rows\n", next_row, rows_t);
    return 1;
  }

  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  distributed::Finish(cq);
  std::vector<bfloat16> y_tiles;
  distributed::EnqueueReadMeshBuffer(cq, y_tiles, y_buf, true);
  mesh->close();
  std::vector<bfloat16> y = untilize_nfaces(y_tiles, H, W);

  // Error bound: x - max is rounded to bf16 (absolute ≤ 2^-9 · 8 for |x - max| ≤ 8), which exp turns into a
  // relative error ≤ 1.6%; exp, the sum, recip, the product and the pack each add ≤ 2^-9 relative. So
  // |y - ref| ≤ 3% · ref + 1e-3 is a bound the emulator must meet, and a wrong op breaks it by far.
  double worst = 0;
  for (uint32_t i = 0; i < H; ++i) {
    double m = -1e30, s = 0;
    for (uint32_t j = 0; j < W; ++j) m = std::fmax(m, static_cast<float>(x[i * W + j]));
    for (uint32_t j = 0; j < W; ++j) s += std::exp(static_cast<float>(x[i * W + j]) - m);
    for (uint32_t j = 0; j < W; ++j) {
      double ref = std::exp(static_cast<float>(x[i * W + j]) - m) / s;
      double err = std::fabs(static_cast<float>(y[i * W + j]) - ref) / (0.03 * ref + 1e-3);
      worst = std::fmax(worst, err);
    }
  }
  std::printf("softmax %ux%u on %u cores: worst error / bound = %.3f\n", H, W, num_cores, worst);
  std::printf("%s\n", worst <= 1.0 ? "PASS" : "FAIL");
  return worst <= 1.0 ? 0 : 1;
}
