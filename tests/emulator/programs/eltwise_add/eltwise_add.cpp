// Element-wise C = A + B for bf16 tensors of 100 tiles over split_work_to_cores (reader / compute / writer
// per core). Each element must be float(A) + float(B) rounded once to bf16: error ≤ half a bf16 ulp,
// bounded here by 2^-8 · |ref| (plus 2^-126 for values near zero).
#include <cmath>
#include <random>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

using namespace tt::tt_metal;

int main() {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  constexpr uint32_t tiles = 100;
  distributed::DeviceLocalBufferConfig dram{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto make = [&] { return distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * 2048}, dram, mesh.get()); };
  auto a = make(), b = make(), c = make();
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-8.f, 8.f);
  std::vector<bfloat16> va(tiles * 1024), vb(tiles * 1024);
  for (auto& v : va) v = bfloat16(dist(rng));
  for (auto& v : vb) v = bfloat16(dist(rng));
  distributed::EnqueueWriteMeshBuffer(cq, a, va);
  distributed::EnqueueWriteMeshBuffer(cq, b, vb);

  auto [num_cores, all, g1, g2, n1, n2] = split_work_to_cores(mesh->compute_with_storage_grid_size(), tiles);
  Program p = CreateProgram();
  for (uint8_t cb : {0, 1, 16})
    CreateCircularBuffer(p, all, CircularBufferConfig(2 * 2048, {{cb, tt::DataFormat::Float16_b}}).set_page_size(cb, 2048));
  std::vector<uint32_t> rct, wct;
  TensorAccessorArgs(*a).append_to(rct);
  TensorAccessorArgs(*b).append_to(rct);
  TensorAccessorArgs(*c).append_to(wct);
  auto kr = CreateKernel(p, PROGRAM_DIR "/kernels/read_two.cpp", all, ReaderDataMovementConfig(rct));
  auto kw = CreateKernel(p, PROGRAM_DIR "/kernels/write_one.cpp", all, WriterDataMovementConfig(wct));
  auto kc = CreateKernel(p, PROGRAM_DIR "/kernels/add.cpp", all, ComputeConfig{});
  uint32_t start = 0;
  for (CoreCoord core : corerange_to_cores(all)) {
    const uint32_t n = g1.contains(core) ? n1 : n2;
    SetRuntimeArgs(p, kr, core, {a->address(), b->address(), start, n});
    SetRuntimeArgs(p, kc, core, {n});
    SetRuntimeArgs(p, kw, core, {c->address(), start, n});
    start += n;
  }
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
  distributed::EnqueueMeshWorkload(cq, w, true);
  std::vector<bfloat16> vc;
  distributed::EnqueueReadMeshBuffer(cq, vc, c);
  double worst = 0;
  for (size_t i = 0; i < vc.size(); ++i) {
    const double ref = double(float(va[i])) + double(float(vb[i]));
    worst = std::max(worst, std::fabs(double(float(vc[i])) - ref) / (std::ldexp(1.0, -8) * std::fabs(ref) + 0x1p-126));
  }
  mesh->close();
  fmt::print("eltwise_add: {} tiles on {} cores, worst error / bound = {:.3f}\n", tiles, num_cores, worst);
  return worst <= 1.0 ? 0 : 1;
}
