// Multi-core: 150 pages split over the whole grid with split_work_to_cores (on the 8×8 Wormhole grid 22 cores
// take 3 pages and 42 take 2);
// each core's writer computes w·3 + 5 per word, with the factor a compile-time arg and 5 a named one.
#include <algorithm>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

using namespace tt::tt_metal;

int main() {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  constexpr uint32_t pages = 150;
  distributed::DeviceLocalBufferConfig dram{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto src = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * 2048}, dram, mesh.get());
  auto dst = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * 2048}, dram, mesh.get());
  std::vector<uint32_t> in(pages * 512);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>(i ^ (i >> 3));
  distributed::EnqueueWriteMeshBuffer(cq, src, in);

  auto grid = mesh->compute_with_storage_grid_size();
  auto [num_cores, all, g1, g2, n1, n2] = split_work_to_cores(grid, pages);
  // Independent expectation: all cores of the grid (or one per page), the first pages % cores take one more.
  const uint32_t cores = std::min<uint32_t>(pages, grid.x * grid.y), extra = pages % cores;
  const bool even = extra == 0;
  TT_FATAL(num_cores == cores && all.num_cores() == cores && n1 == pages / cores + (even ? 0 : 1) &&
               n2 == (even ? 0 : pages / cores) && g1.num_cores() == (even ? cores : extra) &&
               g2.num_cores() == (even ? 0 : cores - extra),
           "split_work_to_cores: {} cores, groups {}×{} and {}×{}", num_cores, g1.num_cores(), n1, g2.num_cores(), n2);
  Program program = CreateProgram();
  CreateCircularBuffer(program, all, CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::UInt32}}).set_page_size(0, 2048));
  std::vector<uint32_t> ct_src, ct_dst;
  TensorAccessorArgs(*src).append_to(ct_src);
  TensorAccessorArgs(*dst).append_to(ct_dst);
  ct_dst.push_back(3);
  auto kr = CreateKernel(program, PROGRAM_DIR "/kernels/read_pages.cpp", all, ReaderDataMovementConfig(ct_src));
  auto kw = CreateKernel(program, PROGRAM_DIR "/kernels/scale_write_pages.cpp", all,
                         WriterDataMovementConfig(ct_dst, {}, {{"offset", 5}}));
  uint32_t start = 0;
  for (CoreCoord c : corerange_to_cores(all, std::nullopt, false)) {
    const uint32_t n = g1.contains(c) ? n1 : n2;
    SetRuntimeArgs(program, kr, c, {src->address(), start, n});
    SetRuntimeArgs(program, kw, c, {dst->address(), start, n});
    start += n;
  }
  TT_FATAL(start == pages, "assigned {} pages", start);
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, w, true);
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(cq, out, dst);
  for (size_t i = 0; i < in.size(); ++i)
    if (out[i] != in[i] * 3 + 5) {
      fmt::print(stderr, "split_work: word {} is {}, expected {}\n", i, out[i], in[i] * 3 + 5);
      return 1;
    }
  mesh->close();
  fmt::print("split_work: {} pages over {} cores OK\n", pages, num_cores);
  return 0;
}
