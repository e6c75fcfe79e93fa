// Building kernels: each distinct (source, kind, compile args, defines, settings) is compiled once with the
// host g++ into a shared object (forced prelude emu/dataflow_api.h or emu/compute_prelude.h, compile-time
// args as -D values), cached on disk content-addressed under $TT_EMU_CACHE_DIR or ~/.cache/tilelang_tt/emu,
// and dlopen'ed. Kernel paths resolve as in the SDK: absolute, CWD, TT_METAL_KERNEL_PATH, TT_METAL_HOME.
#pragma once
#include <string>
#include <vector>

#include "program_impl.h"

namespace emu {
using KernelEntry = void (*)();
struct KernelRun;

// One loaded kernel object. Its writable data (.data/.bss: the kernel's globals and statics) exists once in
// the process, but on the device every core has its own copy, re-initialised at each launch; the engine
// swaps per-run copies in and out of [data, data + size) around fiber switches (see Engine::resume).
struct KernelImage {
  KernelEntry entry = nullptr;
  uint8_t* data = nullptr;
  size_t size = 0;
  std::vector<uint8_t> pristine;  // the data right after loading
  KernelRun* owner = nullptr;     // the run whose copy is in place (reset by every engine)
};
// Resolve a kernel path as CreateKernel does; throws std::runtime_error naming the places tried.
std::string resolve_kernel_path(const std::string& file);
// Build (or load from cache) every kernel of the program; returns images in program.kernels order.
std::vector<KernelImage*> build_kernels(const ProgramImpl& program, uint32_t arch);
}  // namespace emu
