// Benchmark: the cost of the sanitizer's L1 access rules on raw loads and stores (docs/emulator.md, "L1 access
// rules"). One kernel on one core makes `rounds` passes over 8 KB of its reserved CB pages — updating them in
// place (one range: the runtime's grant covers it after the first access) and copying between two CBs (two
// ranges in turn) — and the best of `reps` runs is printed as nanoseconds per access.
#include <emu/stats.h>

#include <cstdio>
#include <cstdlib>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

int main(int argc, char** argv) {
  const uint32_t rounds = argc > 1 ? std::atoi(argv[1]) : 100;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 5;
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  for (uint32_t copy : {0u, 1u}) {
    double best = 1e30;
    for (int r = 0; r <= reps; ++r) {
      Program p = CreateProgram();
      CoreCoord core{0, 0};
      for (uint8_t cb : {0, 1})
        CreateCircularBuffer(p, core,
                             CircularBufferConfig(4 * 2048, {{cb, tt::DataFormat::UInt32}}).set_page_size(cb, 2048));
      auto k = CreateKernel(p, PROGRAM_DIR "/kernels/touch_pages.cpp", core, DataMovementConfig{});
      SetRuntimeArgs(p, k, core, {rounds, copy});
      distributed::MeshWorkload w;
      w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
      distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, true);
      if (r > 0) best = std::min(best, emu::last_run_stats().wall_seconds);
    }
    const double accesses = 2.0 * 2048 * rounds;
    std::printf("%s: %.0f raw L1 accesses in %.3f ms: %.2f ns per access\n", copy ? "copy between two CBs" : "update in place",
                accesses, best * 1e3, best * 1e9 / accesses);
  }
  mesh->close();
}
