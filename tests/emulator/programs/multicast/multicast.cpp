// Multicast with semaphores: core (0,0) multicasts 8 tiles to the 4×2 rectangle (0,0)-(3,1), which
// includes the sender (so num_dests = 7: the sender is excluded without loopback). Every receiver writes its
// copy to DRAM; all 7 copies must equal the source, and the sender's L1 must not have been a destination.
#include <emu/stats.h>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;

int main() {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  constexpr uint32_t tiles = 8, receivers = 7;
  distributed::DeviceLocalBufferConfig dram{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto src = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = tiles * 2048}, dram, mesh.get());
  auto dst = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = receivers * tiles * 2048}, dram,
                                             mesh.get());
  std::vector<uint32_t> in(tiles * 512);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i * 40503u + 11);
  distributed::EnqueueWriteMeshBuffer(cq, src, in);

  Program program = CreateProgram();
  CoreRange rect({0, 0}, {3, 1});
  CoreCoord sender{0, 0};
  CreateCircularBuffer(program, rect, CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  uint32_t ready = CreateSemaphore(program, rect, 0);
  uint32_t valid = CreateSemaphore(program, rect, 0);
  std::vector<uint32_t> ct_src, ct_dst;
  TensorAccessorArgs(*src).append_to(ct_src);
  TensorAccessorArgs(*dst).append_to(ct_dst);
  auto ks = CreateKernel(program, PROGRAM_DIR "/kernels/mcast_sender.cpp", sender, ReaderDataMovementConfig(ct_src));
  std::vector<CoreRange> rx_ranges = {CoreRange({1, 0}, {3, 0}), CoreRange({0, 1}, {3, 1})};
  auto kr = CreateKernel(program, PROGRAM_DIR "/kernels/mcast_receiver.cpp", CoreRangeSet(rx_ranges),
                         WriterDataMovementConfig(ct_dst));
  auto a = mesh->worker_core_from_logical_core({0, 0}), b = mesh->worker_core_from_logical_core({3, 1});
  auto sn = mesh->worker_core_from_logical_core(sender);
  SetRuntimeArgs(program, ks, sender,
                 {src->address(), tiles, uint32_t(a.x), uint32_t(a.y), uint32_t(b.x), uint32_t(b.y), receivers, ready, valid});
  uint32_t index = 0;
  for (auto& r : rx_ranges)
    for (CoreCoord c : r)
      SetRuntimeArgs(program, kr, c, {dst->address(), tiles, uint32_t(sn.x), uint32_t(sn.y), ready, valid, index++});
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, w, true);
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(cq, out, dst);
  for (uint32_t r = 0; r < receivers; ++r)
    for (size_t i = 0; i < in.size(); ++i)
      if (out[r * in.size() + i] != in[i]) {
        fmt::print(stderr, "multicast: receiver {} word {} is {}, expected {}\n", r, i, out[r * in.size() + i], in[i]);
        return 1;
      }
  uint64_t mcast = 0;
  for (auto& k : emu::last_run_stats().kernels) mcast += k.noc_write_bytes_mcast;
  const uint64_t expect = uint64_t(tiles) * receivers * (2048 + 4);
  if (mcast != expect) {
    fmt::print(stderr, "multicast: {} multicast bytes counted, expected {}\n", mcast, expect);
    return 1;
  }
  mesh->close();
  fmt::print("multicast: {} tiles to {} receivers OK\n", tiles, receivers);
  return 0;
}
