// launch_program: kernels → entries, L1 checks against the buffers allocated now, then Engine::run.
#include "launch.h"

#include <fmt/format.h>

#include "engine.h"
#include "faults.h"
#include "kernel_build.h"

namespace emu {
void launch_program(Device& dev, ProgramImpl& prog) {
  const uint32_t l1_end = dev.l1_buffers_lowest();
  for (auto& [core, top] : prog.cb_top)
    if (top > l1_end)
      host_fault("l1_overflow", fmt::format("(x={},y={})", core % dev.model.grid_x, core / dev.model.grid_x), "",
                 "EnqueueMeshWorkload",
                 fmt::format("circular buffers on this core end at 0x{:x} but L1 buffers start at 0x{:x}", top, l1_end));
  auto images = build_kernels(prog, dev.model.arch);
  Engine engine(dev, prog, std::move(images));
  engine.run();
}
}  // namespace emu
