// What a Program records on the host: kernels (source, cores, configuration, runtime args), circular
// buffers (with their per-program L1 addresses), semaphores.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <tt-metalium/circular_buffer_config.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/runtime_args_data.hpp>

#include "emu/compute_hooks.h"

namespace emu {
enum class Risc : uint8_t { kBrisc = 0, kNcrisc = 1, kCompute = 2 };
const char* risc_name(Risc r);

struct ArgsStore {
  std::vector<uint32_t> values;
  tt::tt_metal::RuntimeArgsData view;
  void set(const uint32_t* v, size_t n) {
    values.assign(v, v + n);
    values.reserve(341);
    view.rt_args_data = values.data();
    view.rt_args_count = values.size();
  }
};

struct KernelSpec {
  uint32_t handle = 0;
  std::string path;    // resolved absolute path ("" for kernels created from a string)
  std::string source;  // kernels created from a string
  std::string name;    // file name for reports
  Risc risc = Risc::kBrisc;
  uint8_t noc = 0;
  std::vector<uint32_t> compile_args;
  std::map<std::string, std::string> defines;
  std::map<std::string, uint32_t> named_args;
  ComputeSettings compute;
  int api = 81;                 // TT_METALIUM_API of the host that created it (emu/metalium_api.h)
  std::vector<uint32_t> cores;  // core indices
  std::vector<bool> on_core;    // by core index
  std::map<uint32_t, std::unique_ptr<ArgsStore>> rt_args;  // core index → args
  ArgsStore common_args;
};

struct CbSpec {
  std::vector<uint32_t> cores;
  tt::tt_metal::CircularBufferConfig config{0};
  uint32_t address = 0;
};

struct SemSpec {
  std::vector<uint32_t> cores;
  uint32_t id = 0;
  uint32_t initial = 0;
};

struct ProgramImpl {
  std::vector<std::unique_ptr<KernelSpec>> kernels;
  std::vector<CbSpec> cbs;
  std::vector<SemSpec> sems;
  std::map<uint32_t, uint32_t> cb_top;     // core → end of its highest CB
  std::map<uint32_t, uint32_t> sem_count;  // core → semaphores created
};
}  // namespace emu
