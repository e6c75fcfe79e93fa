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
// Resolve a kernel path as CreateKernel does; throws std::runtime_error naming the places tried.
std::string resolve_kernel_path(const std::string& file);
// Build (or load from cache) every kernel of the program; returns entries in program.kernels order.
std::vector<KernelEntry> build_kernels(const ProgramImpl& program, uint32_t arch);
}  // namespace emu
