// Kernel compilation: flags, the wrapper translation unit, parallel g++ runs, and handing objects to the
// cache (kernel_cache.h). Cache key = SHA-256 over: emulator version, compiler, flags (compile-time args,
// defines, CB formats, settings), the kernel source, the contents of the emulator's kernel headers and the
// device type-model check (device_check.h), and the kernel's directory only when the object depends on it (a
// header included from there). Each miss is compiled in a workspace that becomes the cache entry
// (tt_jit::publish_entry) once the x86 build and the device check both succeed.
#include "kernel_build.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <tt-metalium/tt_backend_api_types.hpp>

#include "device_check.h"
#include "emu/emulator.h"
#include "kernel_cache.h"
#include "tt_jit/cache_entry.h"
#include "tt_jit/process.h"
#include "tt_jit/sha256.h"

namespace emu {
namespace fs = std::filesystem;
using namespace cache;
namespace {
std::string shell_quote_define(const std::string& k, const std::string& v) { return "-D" + k + "=" + v; }

struct Job {
  const KernelSpec* spec;
  std::string key, entry, so_path, deps_path;
  std::string any_dir_key;  // the key when the kernel's object does not depend on its directory (else empty)
  std::vector<std::string> argv;
  std::vector<std::string> check_argv;  // the device type-model check (device_check.h), empty when off
  std::string work;                     // the workspace a miss is compiled in
};

std::string cxx() {
  if (const char* c = std::getenv("TT_EMU_CXX")) return c;
  return "g++";
}

// Every load and store of kernel code reaches the sanitizer's L1 access rules (emu/access_hooks.h): the
// compiler's kernel-address instrumentation in outline mode (a call per access, no shadow memory), without its
// stack and global checks. GCC and Clang spell the parameters differently; which one `cxx` is, its --version
// says (asked once, and only when TT_EMU_CXX names another compiler than the default g++).
std::vector<std::string> access_instrumentation_flags() {
  static const bool clang = [] {
    if (!std::getenv("TT_EMU_CXX")) return false;
    std::string out;
    if (FILE* f = popen(("'" + cxx() + "' --version 2>/dev/null").c_str(), "r")) {
      char buf[256];
      while (fgets(buf, sizeof buf, f)) out += buf;
      pclose(f);
    }
    return out.find("clang") != std::string::npos;
  }();
  std::vector<std::string> flags = {"-fsanitize=kernel-address"};
  for (const char* param : {"asan-instrumentation-with-call-threshold=0", "asan-stack=0", "asan-globals=0"}) {
    if (clang) {
      flags.push_back("-mllvm");
      flags.push_back(std::string("-") + param);
    } else {
      flags.push_back(std::string("--param=") + param);
    }
  }
  return flags;
}
}  // namespace

std::string resolve_kernel_path(const std::string& file) {
  std::vector<fs::path> tried;
  auto ok = [&](const fs::path& p) {
    tried.push_back(p);
    std::error_code ec;
    return fs::is_regular_file(p, ec);
  };
  fs::path f(file);
  if (f.is_absolute()) {
    if (ok(f)) return fs::canonical(f).string();
  } else {
    if (ok(fs::current_path() / f)) return fs::canonical(fs::current_path() / f).string();
    for (const char* env : {"TT_METAL_KERNEL_PATH", "TT_METAL_HOME"}) {
      if (const char* e = std::getenv(env)) {
        if (ok(fs::path(e) / f)) return fs::canonical(fs::path(e) / f).string();
        // In-tree example paths ("tt_metal/programming_examples/...") relative to TT_METAL_HOME.
      }
    }
  }
  std::string places;
  for (auto& p : tried) places += "\n  " + p.string();
  throw std::runtime_error("CreateKernel: kernel file '" + file + "' not found; tried:" + places +
                           "\n(set TT_METAL_HOME or TT_METAL_KERNEL_PATH, or pass an absolute path)");
}

std::vector<KernelImage*> build_kernels(const ProgramImpl& program, uint32_t arch) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  const std::string inc = include_dir();
  const std::string dir = cache_dir();
  const DeviceCheck* check = device_check();
  std::vector<Job> jobs;
  for (auto& kp : program.kernels) {
    const KernelSpec& k = *kp;
    const bool compute = k.risc == Risc::kCompute;
    std::string source = k.path.empty() ? k.source : read_file(k.path);
    Job j;
    j.spec = &k;
    // The SDK's language level and warnings (its jit_build: -std=c++17 -Wall -Werror with these relaxations), so
    // that a kernel that would not build for the device does not build here either. The emulator's own headers
    // are system headers: their warnings are not the kernel's.
    // `flags` are shared by the x86 build and the device check; `x86` only the former's.
    std::vector<std::string> x86 = {"-O2", "-fPIC", "-shared"};
    for (auto& fl : access_instrumentation_flags()) x86.push_back(fl);
    std::vector<std::string> flags = {"-std=c++17", "-fno-strict-aliasing", "-Wall",
                                      "-Werror", "-Wno-error=deprecated-declarations",
                                      "-Wno-error=multistatement-macros", "-Wno-error=parentheses",
                                      "-Wno-error=unused-but-set-variable", "-Wno-unused-variable",
                                      "-Wno-unused-function",
                                      // The device is 32-bit: uint32_t L1 addresses cast to pointers lose nothing
                                      // there, and a constant address is not an out-of-bounds object access.
                                      "-Wno-int-to-pointer-cast", "--param=min-pagesize=0"};
    flags.push_back("-isystem");
    flags.push_back(inc);
    if (!k.path.empty()) flags.push_back("-I" + fs::path(k.path).parent_path().string());
    flags.push_back("-DKERNEL_BUILD");
    flags.push_back("-DTENSIX_FIRMWARE");
    flags.push_back(arch == 3 ? "-DARCH_BLACKHOLE" : "-DARCH_WORMHOLE");
    flags.push_back("-DTT_METALIUM_API=" + std::to_string(k.api));  // the host's API (emu/metalium_api.h)
    if (compute) {
      flags.push_back("-DEMU_MATH_FIDELITY=" + std::to_string(k.compute.math_fidelity));
      flags.push_back(std::string("-DEMU_MATH_APPROX=") + (k.compute.math_approx_mode ? "true" : "false"));
      flags.push_back(std::string("-DEMU_DST_ACCUM_MODE=") + (k.compute.fp32_dest_acc_en ? "true" : "false"));
      flags.push_back(std::string("-DEMU_DST_FULL_SYNC=") + (k.compute.dst_full_sync_en ? "true" : "false"));
      flags.push_back("-DCOMPILE_FOR_TRISC=1");
      flags.push_back("-DUCK_CHLKC_MATH");
      flags.push_back("-DUCK_CHLKC_PACK");
      flags.push_back("-DUCK_CHLKC_UNPACK");
    } else {
      flags.push_back(k.risc == Risc::kBrisc ? "-DCOMPILE_FOR_BRISC" : "-DCOMPILE_FOR_NCRISC");
      flags.push_back("-DNOC_INDEX=" + std::to_string(k.noc));
      flags.push_back("-DNOC_MODE=0");
    }
    std::string ct;
    for (size_t i = 0; i < k.compile_args.size(); ++i) ct += (i ? "," : "") + std::to_string(k.compile_args[i]) + "u";
    flags.push_back("-DKERNEL_COMPILE_TIME_ARGS=" + ct);
    if (!k.named_args.empty()) {
      std::string m;
      for (auto& [name, v] : k.named_args) m += (m.empty() ? "" : ",") + fmt::format("{{\"{}\",{}u}}", name, v);
      flags.push_back("-DKERNEL_COMPILE_TIME_ARG_MAP=" + m);
    }
    {
      // CB formats on the kernel's first core (the SDK generates them per kernel the same way).
      std::vector<uint32_t> fmts(64, 255), sizes(64, 0);
      const uint32_t c0 = k.cores.empty() ? 0 : k.cores.front();
      for (auto& cb : program.cbs)
        if (std::find(cb.cores.begin(), cb.cores.end(), c0) != cb.cores.end())
          for (auto& [idx, f] : cb.config.data_formats()) {
            fmts[idx] = static_cast<uint32_t>(f);
            sizes[idx] = tt::tile_size(f);
          }
      std::string fs_, ss_;
      for (int i = 0; i < 64; ++i) {
        fs_ += (i ? "," : "") + std::to_string(fmts[i]);
        ss_ += (i ? "," : "") + std::to_string(sizes[i]);
      }
      flags.push_back("-DEMU_CB_DATA_FORMATS=" + fs_);
      flags.push_back("-DEMU_CB_TILE_SIZES=" + ss_);
    }
    for (auto& [name, v] : k.defines) flags.push_back(v.empty() ? "-D" + name : shell_quote_define(name, v));
    const std::string prelude = compute ? "emu/compute_prelude.h" : "emu/dataflow_api.h";
    if (compute && !fs::exists(fs::path(inc) / prelude))
      throw std::runtime_error("CreateKernel: compute kernels need " + prelude + ", which this emulator build lacks");
    flags.push_back("-include");
    flags.push_back(prelude);

    // Entry: data movement → kernel_main(); compute → kernel_main() or the legacy NAMESPACE::MAIN.
    const bool simple = std::regex_search(source, std::regex(R"(void\s+kernel_main\s*\()"));
    // Two keys, one without the kernel's directory (its -I flag) and one with it. A kernel that includes nothing
    // from its directory (its -MD list, below) compiles to the same object wherever its file is: it is published
    // under the first, so the same source in another program's directory is not compiled again. One that does
    // (or asks __has_include, which leaves no trace in the list) is published under the second.
    const std::string own_dir = k.path.empty() ? "" : "-I" + fs::path(k.path).parent_path().string();
    tt_jit::Sha256 h;
    h.add_field(version());
    h.add_field(cxx());
    for (auto& fl : x86) h.add_field(fl);
    for (auto& fl : flags) h.add_field(fl == own_dir ? "-I<the kernel's directory>" : fl);
    h.add_field(check ? check->identity : "no device check");
    h.add_field(source);
    h.add_field(headers_hash());
    h.add_field(simple ? "simple" : "legacy");
    const std::string base = h.hex();
    const bool dir_free = own_dir.empty() || source.find("__has_include") == std::string::npos;
    j.any_dir_key = dir_free ? tt_jit::sha256_hex(base + " in any directory") : "";
    std::vector<std::string> keys = {j.any_dir_key};
    if (!own_dir.empty()) keys.push_back(tt_jit::sha256_hex(base + " in " + own_dir));
    bool found = false;
    for (const std::string& key : keys) {
      if (key.empty()) continue;
      j.key = key;
      j.entry = dir + "/" + j.key;
      j.so_path = j.entry + "/kernel.so";
      j.deps_path = j.entry + "/deps";
      if (auto it = loaded().find(j.key); it != loaded().end()) {
        if (sig_fresh(it->second)) {
          found = true;
          break;
        }
        loaded().erase(it);
      }
      if (entry_usable(j.entry)) {
        found = true;
        break;
      }
    }
    if (found) {
      jobs.push_back(std::move(j));
      continue;
    }
    // Wrapper translation unit: includes the kernel (by absolute path, or its copy beside it), exports the entry.
    j.work = tt_jit::entry_workspace(j.entry).string();
    {
      std::ofstream w(j.work + "/wrapper.cpp");
      w << "#include \"emu/access_hooks.h\"\n";
      if (k.path.empty()) {
        std::ofstream ks(j.work + "/kernel.cpp");
        ks << source;
        w << "#include \"kernel.cpp\"\n";
      } else {
        w << "#include \"" << k.path << "\"\n";
      }
      if (compute && !simple) {
        w << "extern \"C\" __attribute__((visibility(\"default\"))) void emu_kernel_entry() { NAMESPACE::MAIN; }\n";
      } else {
        w << "extern \"C\" __attribute__((visibility(\"default\"))) void emu_kernel_entry() { kernel_main(); }\n";
      }
    }
    if (check) {
      j.check_argv = {check->cxx};
      j.check_argv.insert(j.check_argv.end(), check->flags.begin(), check->flags.end());
      j.check_argv.insert(j.check_argv.end(), flags.begin(), flags.end());
      j.check_argv.push_back(j.work + "/wrapper.cpp");
    }
    j.argv = {cxx()};
    for (auto& fl : x86) j.argv.push_back(fl);
    for (auto& fl : flags) j.argv.push_back(fl);
    j.argv.push_back("-MD");
    j.argv.push_back("-MF");
    j.argv.push_back(j.work + "/deps.d");
    j.argv.push_back(j.work + "/wrapper.cpp");
    j.argv.push_back("-o");
    j.argv.push_back(j.work + "/kernel.so");
    const std::string lib = library_path();
    if (!lib.empty()) {
      j.argv.push_back(lib);
      j.argv.push_back("-Wl,-rpath," + fs::path(lib).parent_path().string());
    }
    jobs.push_back(std::move(j));
  }

  // Compile the misses and run their device checks, two processes at a time (waiting for the older one first:
  // only our own children are reaped). A miss is published when both succeeded.
  struct Task {
    Job* job;
    bool device;  // the device type-model check, else the x86 build
  };
  std::vector<Task> todo;
  for (auto& j : jobs) {
    if (j.argv.empty()) continue;
    todo.push_back({&j, false});
    if (!j.check_argv.empty()) todo.push_back({&j, true});
  }
  const bool verbose = std::getenv("TT_EMU_VERBOSE") != nullptr;
  std::deque<std::pair<Task, tt_jit::Child>> live;
  std::map<Job*, std::string> failed;  // job -> its failures' messages
  for (size_t next = 0; next < todo.size() || !live.empty();) {
    if (next < todo.size() && live.size() < 2) {
      const Task t = todo[next++];
      const std::string log = t.job->work + (t.device ? "/device_check.log" : "/build.log");
      if (verbose)
        fmt::print(stderr, "[emu] {} {} ({})\n", t.device ? "device-checking" : "compiling", t.job->spec->name,
                   t.job->key);
      live.emplace_back(t, tt_jit::spawn(t.device ? t.job->check_argv : t.job->argv, {}, "", log, ""));
      continue;
    }
    auto [t, child] = live.front();
    live.pop_front();
    const int code = tt_jit::wait(child);
    Job* j = t.job;
    if (code == 0) continue;
    const std::string where = j->spec->path.empty() ? "<string>" : j->spec->path;
    if (t.device)
      failed[j] += fmt::format(
          "\n--- kernel {} ({}) does not build for the device (RISC-V rv32, ilp32: int32_t is long, uint32_t is "
          "unsigned long; the x86 build has int and unsigned int; TT_EMU_DEVICE_CHECK in docs/emulator.md):\n{}",
          j->spec->name, where, read_file(j->work + "/device_check.log"));
    else
      failed[j] += fmt::format("\n--- kernel {} ({}) failed to compile (exit code {}):\n{}", j->spec->name, where,
                               code, read_file(j->work + "/build.log"));
  }
  std::string errors;
  for (auto& j : jobs) {
    if (j.argv.empty()) continue;
    if (auto it = failed.find(&j); it != failed.end()) {
      errors += it->second;
      tt_jit::discard_workspace(j.work);
      continue;
    }
    if (write_deps(j.work + "/deps.d", j.work + "/deps", j.spec->path) == 0 && !j.any_dir_key.empty()) {
      j.key = j.any_dir_key;  // nothing from the kernel's directory: one object for every directory
      j.entry = dir + "/" + j.key;
      j.so_path = j.entry + "/kernel.so";
      j.deps_path = j.entry + "/deps";
    }
    fs::remove(j.work + "/deps.d");
    tt_jit::publish_entry(j.work, j.entry, entry_usable);
  }
  if (!errors.empty()) throw std::runtime_error("kernel compilation failed:" + errors);

  if (!todo.empty()) {  // the cache grew: keep it within its cap (never evicting this program's kernels)
    std::vector<fs::path> used;
    for (auto& j : jobs) used.push_back(j.entry);
    tt_jit::evict_lru(dir, cache_max_bytes(), used);
  }
  std::vector<KernelImage*> entries;
  for (auto& j : jobs) {
    Loaded& l = loaded()[j.key];
    if (!l.handle) load(j.so_path, j.deps_path, j.spec->name, l);
    entries.push_back(l.image.get());
  }
  return entries;
}
}  // namespace emu
