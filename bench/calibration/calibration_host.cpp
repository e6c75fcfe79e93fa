// Host program of bench/calibration.py: runs one data-movement experiment of the vendor's published
// measurements (docs/benchmarks.md, "Calibration") on the emulator and prints, per kernel that moved data,
// "kernel x y bytes end_cycle", then "modeled_cycles=<program>" and the run's statistics line (docs/emulator.md,
// TT_EMU_STATS: its timing-model version). Usage:
//   calibration_host dram <page> <n> <step> <write> <cores>   cores 1: core (0,0) on bank 0's page; 12: twelve
//                                                              cores, core i streaming bank i's page (step 0)
//   calibration_host dram_one_bank <page> <n> 0 <write> <cores>  the same, every core on bank 0's page
//   calibration_host core <size> <n> <mode>                   mode 0/1: core (0,0) to/from (0,1); 2/3: core
//                                                              (0,0) multicasts (3: linked) to the 8×8 grid
#include <emu/stats.h>

#include <cstdlib>
#include <string>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

int main(int argc, char** argv) {
  if (argc < 5) return 2;
  const std::string what = argv[1];
  auto arg = [&](int i) { return static_cast<uint32_t>(std::atoi(argv[i])); };
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  Program p = CreateProgram();
  const CoreRange grid({0, 0}, {7, 7});
  const uint32_t size = arg(2);
  const uint32_t n = arg(3);  // cb 0 holds the n transfers of a reader, cb 1 one transfer
  CreateCircularBuffer(p, grid, CircularBufferConfig(n * size, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, n * size));
  CreateCircularBuffer(p, grid, CircularBufferConfig(size, {{1, tt::DataFormat::Float16_b}}).set_page_size(1, size));
  std::shared_ptr<distributed::MeshBuffer> buf;
  if (what == "dram" || what == "dram_one_bank") {
    const uint32_t step = arg(4), write = arg(5), cores = argc > 6 ? arg(6) : 1;
    const uint64_t pages = step ? n : 12;
    distributed::DeviceLocalBufferConfig dram{.page_size = size, .buffer_type = BufferType::DRAM};
    buf = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = pages * size}, dram, mesh.get());
    for (uint32_t i = 0; i < cores; ++i) {
      const CoreCoord c{i % 8, i / 8};
      auto k = write ? CreateKernel(p, PROGRAM_DIR "/kernels/dram_stream.cpp", c, WriterDataMovementConfig{})
                     : CreateKernel(p, PROGRAM_DIR "/kernels/dram_stream.cpp", c, ReaderDataMovementConfig{});
      const uint32_t first = what == "dram" ? i : 0;
      SetRuntimeArgs(p, k, c, {static_cast<uint32_t>(buf->address()), size, n, first, step, write});
    }
  } else {
    const uint32_t mode = arg(4);
    const auto dst = mesh->worker_core_from_logical_core(mode < 2 ? CoreCoord{0, 1} : CoreCoord{0, 0});
    const auto end = mesh->worker_core_from_logical_core({7, 7});
    const char* path = PROGRAM_DIR "/kernels/core_stream.cpp";
    auto k = mode == 1 ? CreateKernel(p, path, CoreCoord{0, 0}, ReaderDataMovementConfig{})
                       : CreateKernel(p, path, CoreCoord{0, 0}, WriterDataMovementConfig{});
    SetRuntimeArgs(p, k, CoreCoord{0, 0},
                   {size, n, mode, static_cast<uint32_t>(dst.x), static_cast<uint32_t>(dst.y),
                    static_cast<uint32_t>(end.x), static_cast<uint32_t>(end.y), 64u});
  }
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
  distributed::EnqueueMeshWorkload(cq, w, true);
  const auto& st = emu::last_run_stats();
  if (!st.error_kind.empty()) {
    fmt::print(stderr, "{}: {}\n", st.error_kind, st.error_message);
    return 1;
  }
  for (const auto& k : st.kernels) {
    const uint64_t bytes = k.noc_read_bytes_dram + k.noc_read_bytes_l1 + k.noc_write_bytes_dram + k.noc_write_bytes_l1;
    fmt::print("kernel {} {} {} {}\n", k.core_x, k.core_y, what == "core" && arg(4) >= 2 ? k.noc_write_bytes_mcast / 64 : bytes,
               k.end_cycle);
  }
  fmt::print("modeled_cycles={}\n{}\n", st.modeled_cycles, emu::run_stats_json(st));
  mesh->close();
  return 0;
}
