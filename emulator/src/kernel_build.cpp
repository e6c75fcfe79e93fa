// Kernel compilation: flags, the wrapper translation unit, parallel g++ runs, and handing objects to the
// cache (kernel_cache.h). Cache key = FNV-1a/64 over: emulator version, compiler, flags (compile-time args,
// defines, CB formats, settings), the kernel source, and the contents of the emulator's kernel headers.
#include "kernel_build.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <tt-metalium/tt_backend_api_types.hpp>

#include "emu/emulator.h"
#include "kernel_cache.h"

extern char** environ;

namespace emu {
namespace fs = std::filesystem;
using namespace cache;
namespace {
std::string shell_quote_define(const std::string& k, const std::string& v) { return "-D" + k + "=" + v; }

struct Job {
  const KernelSpec* spec;
  std::string key, so_path, src_path, deps_path;
  std::vector<std::string> argv;
  pid_t pid = -1;
  std::string log_path;
  std::string tmp_path;
};

std::string cxx() {
  if (const char* c = std::getenv("TT_EMU_CXX")) return c;
  return "g++";
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
    std::vector<std::string> flags = {"-std=c++17", "-O2", "-fPIC", "-shared", "-fno-strict-aliasing", "-Wall",
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
    Hash h;
    h.add(version());
    h.add(cxx());
    for (auto& fl : flags) h.add(fl);
    h.add(source);
    h.add(headers_hash());
    h.add(simple ? "simple" : "legacy");
    j.key = h.hex();
    j.so_path = dir + "/" + j.key + ".so";
    j.deps_path = dir + "/" + j.key + ".deps";
    if (auto it = loaded().find(j.key); it != loaded().end()) {
      if (sig_fresh(it->second)) {
        jobs.push_back(std::move(j));
        continue;
      }
      loaded().erase(it);
    }
    if (fs::exists(j.so_path) && deps_fresh(j.deps_path)) {
      jobs.push_back(std::move(j));
      continue;
    }
    // Wrapper translation unit: includes the kernel by absolute path, exports the entry.
    const std::string tag = j.key + "." + std::to_string(getpid());  // private to this process until renamed
    j.src_path = dir + "/" + tag + ".cpp";
    {
      std::ofstream w(j.src_path);
      if (k.path.empty()) {
        std::ofstream ks(dir + "/" + tag + ".kernel.cpp");
        ks << source;
        w << "#include \"" << dir + "/" + tag + ".kernel.cpp" << "\"\n";
      } else {
        w << "#include \"" << k.path << "\"\n";
      }
      if (compute && !simple) {
        w << "extern \"C\" __attribute__((visibility(\"default\"))) void emu_kernel_entry() { NAMESPACE::MAIN; }\n";
      } else {
        w << "extern \"C\" __attribute__((visibility(\"default\"))) void emu_kernel_entry() { kernel_main(); }\n";
      }
    }
    j.argv = {cxx()};
    for (auto& fl : flags) j.argv.push_back(fl);
    j.argv.push_back("-MD");
    j.argv.push_back("-MF");
    j.argv.push_back(j.so_path + ".tmp" + std::to_string(getpid()) + ".d");
    j.argv.push_back(j.src_path);
    j.argv.push_back("-o");
    j.tmp_path = j.so_path + ".tmp." + std::to_string(getpid());
    j.argv.push_back(j.tmp_path);
    const std::string lib = library_path();
    if (!lib.empty()) {
      j.argv.push_back(lib);
      j.argv.push_back("-Wl,-rpath," + fs::path(lib).parent_path().string());
    }
    j.log_path = j.so_path + ".log" + std::to_string(getpid());
    jobs.push_back(std::move(j));
  }

  // Compile the misses, two at a time.
  std::vector<Job*> todo;
  for (auto& j : jobs)
    if (!j.argv.empty()) todo.push_back(&j);
  const bool verbose = std::getenv("TT_EMU_VERBOSE") != nullptr;
  size_t next = 0, running = 0;
  std::map<pid_t, Job*> live;
  std::string errors;
  while (next < todo.size() || running > 0) {
    while (next < todo.size() && running < 2) {
      Job* j = todo[next++];
      if (verbose) fmt::print(stderr, "[emu] compiling {} ({})\n", j->spec->name, j->key);
      std::vector<char*> argv;
      for (auto& a : j->argv) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      posix_spawn_file_actions_t fa;
      posix_spawn_file_actions_init(&fa);
      posix_spawn_file_actions_addopen(&fa, 2, j->log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      posix_spawn_file_actions_adddup2(&fa, 2, 1);
      pid_t pid;
      int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
      posix_spawn_file_actions_destroy(&fa);
      if (rc != 0) throw std::runtime_error("CreateKernel: cannot run the compiler '" + cxx() + "'");
      live[pid] = j;
      ++running;
    }
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) break;
    auto it = live.find(pid);
    if (it == live.end()) continue;
    Job* j = it->second;
    live.erase(it);
    --running;
    const std::string& tmp = j->tmp_path;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      // Deps first, then the object: a concurrent process that sees the object also sees its deps.
      const std::string d = j->so_path + ".tmp" + std::to_string(getpid()) + ".d";
      write_deps(d, j->deps_path + ".tmp" + std::to_string(getpid()));
      fs::rename(j->deps_path + ".tmp" + std::to_string(getpid()), j->deps_path);
      fs::remove(d);
      fs::rename(tmp, j->so_path);
    } else {
      errors += fmt::format("\n--- kernel {} ({}) failed to compile:\n{}", j->spec->name,
                            j->spec->path.empty() ? "<string>" : j->spec->path, read_file(j->log_path));
    }
    std::error_code ec;
    fs::remove(j->log_path, ec);
    fs::remove(j->src_path, ec);
    fs::remove(fs::path(j->src_path).replace_extension(".kernel.cpp"), ec);
  }
  if (!errors.empty()) throw std::runtime_error("kernel compilation failed:" + errors);

  std::vector<KernelImage*> entries;
  for (auto& j : jobs) {
    Loaded& l = loaded()[j.key];
    if (!l.handle) load(j.so_path, j.deps_path, j.spec->name, l);
    entries.push_back(l.image.get());
  }
  return entries;
}
}  // namespace emu
