// The device type-model check's toolchain (see device_check.h): Debian's bare-metal RISC-V GCC
// (gcc-riscv64-unknown-elf) with -march=rv32im -mabi=ilp32, the C++ library headers of Debian's Linux RISC-V
// libstdc++ (libstdc++-12-dev-riscv64-cross; header-only use, kernels link nothing), picolibc's C headers, and a
// stand-in for the two glibc parts those libstdc++ headers expect (include/emu/device_libc).
#include "device_check.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "kernel_cache.h"

namespace emu {
namespace fs = std::filesystem;
namespace {
std::string find_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  std::stringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return dir + "/" + name;
  return "";
}

std::string command_output(const std::string& cmd) {
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (fgets(buf, sizeof buf, f)) out += buf;
    pclose(f);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// nullptr with `missing` set when the toolchain is not installed.
std::unique_ptr<DeviceCheck> find_toolchain(std::string& missing) {
  const char* env = std::getenv("TT_EMU_DEVICE_CXX");
  const std::string name = env ? env : "riscv64-unknown-elf-g++";
  auto check = std::make_unique<DeviceCheck>();
  check->cxx = find_on_path(name);
  if (check->cxx.empty()) {
    missing = "the RISC-V compiler '" + name + "' is not on PATH";
    return nullptr;
  }
  std::string major = command_output("'" + check->cxx + "' -dumpversion 2>/dev/null");  // "12.2.0"
  major = major.substr(0, major.find('.'));
  const fs::path libstdcxx = "/usr/riscv64-linux-gnu/include/c++/" + major;
  const fs::path libc = "/usr/lib/picolibc/riscv64-unknown-elf/include";
  for (const fs::path& dir : {libstdcxx, libstdcxx / "riscv64-linux-gnu", libc})
    if (!fs::is_directory(dir)) {
      missing = "the device's C/C++ library headers are missing (" + dir.string() + ")";
      return nullptr;
    }
  const std::string standin = cache::include_dir() + "/emu/device_libc";
  check->flags = {"-fsyntax-only", "-march=rv32im", "-mabi=ilp32", "-nostdinc++", "-isystem", standin,
                  "-isystem", libstdcxx.string(), "-isystem", (libstdcxx / "riscv64-linux-gnu").string(),
                  "-isystem", libc.string()};
  check->identity = command_output("'" + check->cxx + "' --version 2>/dev/null");
  for (auto& f : check->flags) check->identity += " " + f;
  return check;
}
}  // namespace

const DeviceCheck* device_check() {
  static std::string missing;
  static const std::unique_ptr<DeviceCheck> check = [] {
    const char* e = std::getenv("TT_EMU_DEVICE_CHECK");
    const std::string mode = e ? e : "auto";
    if (mode == "0") return std::unique_ptr<DeviceCheck>();
    if (mode != "1" && mode != "auto")
      throw std::runtime_error("TT_EMU_DEVICE_CHECK must be 0, 1 or auto, got '" + mode + "'");
    auto c = find_toolchain(missing);
    if (!c && mode == "1")
      throw std::runtime_error("TT_EMU_DEVICE_CHECK=1: " + missing +
                               " (scripts/setup-system.sh installs gcc-riscv64-unknown-elf, "
                               "picolibc-riscv64-unknown-elf and libstdc++-12-dev-riscv64-cross)");
    if (!c && std::getenv("TT_EMU_VERBOSE"))
      std::fprintf(stderr, "[emu] the device type-model check of kernels is off: %s\n", missing.c_str());
    return c;
  }();
  return check.get();
}
}  // namespace emu
