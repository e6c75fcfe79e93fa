// Core-to-core NoC transfer with semaphore flow control: core (0,0) streams 20 tiles of uint32 into core
// (5,6)'s circular buffer; the receiver adds 1 to each word and writes them to DRAM. Checks every word and
// the NoC counters (the emulator's exact byte counts).
#include <emu/stats.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

int main() {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  constexpr uint32_t tiles = 20;
  distributed::DeviceLocalBufferConfig dram{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto src = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * 2048}, dram, mesh.get());
  auto dst = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * 2048}, dram, mesh.get());
  std::vector<uint32_t> in(tiles * 512);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * 2654435761u);
  distributed::EnqueueWriteMeshBuffer(cq, src, in);

  Program program = CreateProgram();
  CoreCoord s{0, 0}, r{5, 6};
  CoreRangeSet both(std::vector<CoreRange>{CoreRange(s), CoreRange(r)});
  CreateCircularBuffer(program, both, CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  uint32_t sem_full = CreateSemaphore(program, both, 0);
  uint32_t sem_free = CreateSemaphore(program, both, 0);
  std::vector<uint32_t> ct_src, ct_dst;
  TensorAccessorArgs(*src).append_to(ct_src);
  TensorAccessorArgs(*dst).append_to(ct_dst);
  auto ks = CreateKernel(program, PROGRAM_DIR "/kernels/sender.cpp", s, ReaderDataMovementConfig(ct_src));
  auto kr = CreateKernel(program, PROGRAM_DIR "/kernels/receiver.cpp", r, WriterDataMovementConfig(ct_dst));
  auto rn = mesh->worker_core_from_logical_core(r), sn = mesh->worker_core_from_logical_core(s);
  SetRuntimeArgs(program, ks, s, {src->address(), tiles, uint32_t(rn.x), uint32_t(rn.y), sem_full, sem_free});
  SetRuntimeArgs(program, kr, r, {dst->address(), tiles, uint32_t(sn.x), uint32_t(sn.y), sem_full, sem_free});
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, w, true);
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(cq, out, dst);
  for (size_t i = 0; i < in.size(); ++i)
    if (out[i] != in[i] + 1) {
      fmt::print(stderr, "core_to_core: word {} is {}, expected {}\n", i, out[i], in[i] + 1);
      return 1;
    }
  const auto& st = emu::last_run_stats();
  uint64_t dram_read = 0, l1_write = 0;
  for (auto& k : st.kernels) {
    dram_read += k.noc_read_bytes_dram;
    l1_write += k.noc_write_bytes_l1;
  }
  // 20 tiles read from DRAM; 20 tiles + 40 semaphore increments written core to core.
  if (dram_read != tiles * 2048 || l1_write != tiles * 2048 + 2 * tiles * 4) {
    fmt::print(stderr, "core_to_core: counters dram_read={} l1_write={}\n", dram_read, l1_write);
    return 1;
  }
  mesh->close();
  fmt::print("core_to_core: {} tiles OK, modeled {} cycles\n", tiles, st.modeled_cycles);
  return 0;
}
