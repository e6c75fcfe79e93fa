// Test helpers for the TT backend: build IR, lower it, build the emitted project against the emulator,
// run it on given inputs and read the outputs back.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "tilelang_tt/codegen/tt/emit.h"
#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/runtime/jit_build.h"
#include "tilelang_tt/transform/pipeline.h"

namespace tl::test {

inline rt::Toolchain emulator_toolchain() {
  rt::Toolchain tc;
  tc.include_dirs = std::string("-I") + TL_EMU_INCLUDE_DIR + " -DTT_METALIUM_EMULATOR=1";
  tc.link_flags = std::string("-L") + TL_EMU_LIB_DIR + " -ltt_metalium_emu -lfmt -lpthread -Wl,-rpath," + TL_EMU_LIB_DIR;
  auto lib = std::filesystem::path(TL_EMU_LIB_DIR) / "libtt_metalium_emu.so";
  tc.identity = std::to_string(std::filesystem::file_size(lib)) + ":" +
                std::to_string(std::filesystem::last_write_time(lib).time_since_epoch().count());
  tc.support_files = {tt::kHostSupportHeader, tt::kHostSupportSource};
  return tc;
}

// Runs a lowered plan on the emulator. inputs/outputs: raw row-major bytes per input/output tensor. `stats`
// receives the emulator's counters (one JSON line per program).
inline std::vector<std::vector<uint8_t>> run_on_emulator(const tt::Plan& plan,
                                                         const std::vector<std::vector<uint8_t>>& inputs,
                                                         std::string* stderr_text = nullptr,
                                                         std::string* stats = nullptr) {
  auto files = tt::emit_project(plan);
  auto built = rt::build_project(files, std::string(TL_BUILD_DIR) + "/tt_jit_cache", emulator_toolchain());
  namespace fs = std::filesystem;
  fs::path work = fs::temp_directory_path() / ("tl_tt_test_" + std::to_string(std::random_device()()));
  fs::create_directories(work);
  // Every tensor is written by the host: `inputs` gives the non-output ones; outputs start as zeros.
  std::vector<std::string> args;
  size_t in = 0;
  for (auto& t : plan.tensors) {
    std::string p = (work / (t.name + ".in")).string();
    std::vector<uint8_t> zeros(size_t(t.rows * t.cols) * dtype_bytes(t.dtype), 0);
    const std::vector<uint8_t>& data = t.output ? zeros : inputs[in++];
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(data.data()), data.size());
    args.push_back(p);
  }
  std::vector<std::string> out_paths;
  for (auto& t : plan.tensors)
    if (t.output) out_paths.push_back((work / (t.name + ".out")).string()), args.push_back(out_paths.back());
  const std::string stats_path = (work / "stats.jsonl").string();
  auto r = rt::run_program(built.dir + "/host", args, {{"TL_TT_STATS", stats_path}}, built.dir);
  if (stderr_text) *stderr_text = r.err;
  if (stats) {
    std::ifstream f(stats_path);
    stats->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::vector<uint8_t>> outs;
  for (auto& p : out_paths) {
    std::ifstream f(p, std::ios::binary);
    outs.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  fs::remove_all(work);
  return outs;
}

template <class T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

template <class T>
std::vector<T> values_of(const std::vector<uint8_t>& b) {
  std::vector<T> v(b.size() / sizeof(T));
  std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
  return v;
}

inline uint16_t to_bf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  u += 0x7FFF + ((u >> 16) & 1);
  return static_cast<uint16_t>(u >> 16);
}
inline float from_bf16(uint16_t h) {
  uint32_t u = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

}  // namespace tl::test

namespace tl::test {
// The integer value of "key": in a JSON line (the stats written by the emitted host program).
inline int64_t json_int(const std::string& json, const std::string& key) {
  auto p = json.find("\"" + key + "\": ");
  EXPECT_NE(p, std::string::npos) << key << " not in " << json;
  return p == std::string::npos ? -1 : std::stoll(json.substr(p + key.size() + 4));
}
}  // namespace tl::test
