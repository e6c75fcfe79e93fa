// Kernel compilation, the disk cache and dlopen. Cache key = FNV-1a/64 over: emulator version, compiler
// command line, the kernel source, and the contents of the emulator's kernel headers. On a hit the recorded
// dependency list (from -MD) is re-hashed so that edits to headers the kernel includes invalidate it.
#include "kernel_build.h"

#include <dlfcn.h>
#include <link.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <algorithm>
#include <tt-metalium/tt_backend_api_types.hpp>

#include "emu/emulator.h"

extern char** environ;

namespace emu {
namespace fs = std::filesystem;
namespace {
struct Hash {
  uint64_t h = 1469598103934665603ull;
  void add(const void* p, size_t n) {
    auto* b = static_cast<const uint8_t*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  }
  void add(const std::string& s) {
    add(s.data(), s.size());
    add("\0", 1);
  }
  std::string hex() const { return fmt::format("{:016x}", h); }
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The directory of the emulator's headers: next to this library (installed) or the source tree.
std::string include_dir() {
  static std::string dir = [] {
    if (const char* e = std::getenv("TT_EMU_INCLUDE_DIR")) return std::string(e);
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&include_dir), &info) && info.dli_fname) {
      fs::path lib = fs::canonical(info.dli_fname).parent_path();
      for (fs::path cand : {lib / "../include/tt_metalium_emu", lib / "../../include/tt_metalium_emu"})
        if (fs::exists(cand / "emu/dataflow_api.h")) return fs::canonical(cand).string();
    }
#ifdef EMU_SOURCE_INCLUDE_DIR
    return std::string(EMU_SOURCE_INCLUDE_DIR);
#else
    return std::string();
#endif
  }();
  return dir;
}

std::string library_path() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&include_dir), &info) && info.dli_fname) return fs::canonical(info.dli_fname);
  return {};
}

// Hash of every header under the emulator include directory (computed once per process).
std::string headers_hash() {
  static std::string h = [] {
    Hash hh;
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(include_dir()))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (auto& f : files) {
      hh.add(f.string());
      hh.add(read_file(f.string()));
    }
    return hh.hex();
  }();
  return h;
}

std::string cache_dir() {
  fs::path d;
  if (const char* e = std::getenv("TT_EMU_CACHE_DIR")) {
    d = e;
  } else if (const char* x = std::getenv("XDG_CACHE_HOME")) {
    d = fs::path(x) / "tilelang_tt/emu";
  } else if (const char* home = std::getenv("HOME")) {
    d = fs::path(home) / ".cache/tilelang_tt/emu";
  } else {
    d = "/tmp/tilelang_tt_emu_cache";
  }
  fs::create_directories(d);
  return d.string();
}

std::string shell_quote_define(const std::string& k, const std::string& v) { return "-D" + k + "=" + v; }

struct Job {
  const KernelSpec* spec;
  std::string key, so_path, src_path, deps_path;
  std::vector<std::string> argv;
  pid_t pid = -1;
  std::string log_path;
  std::string tmp_path;
};

bool deps_fresh(const std::string& deps_path) {
  // deps file: lines "path\thash"; all must still hash the same.
  std::ifstream f(deps_path);
  if (!f) return false;
  std::string line;
  while (std::getline(f, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    Hash h;
    h.add(read_file(line.substr(0, tab)));
    if (h.hex() != line.substr(tab + 1)) return false;
  }
  return true;
}

void write_deps(const std::string& make_deps, const std::string& out) {
  // Parse the make-style dependency list; keep user headers (not system ones, not the emulator's).
  std::string text = read_file(make_deps);
  std::string cleaned;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      cleaned += ' ';
    } else {
      cleaned += text[i];
    }
  }
  auto colon = cleaned.find(": ");
  std::istringstream ss(colon == std::string::npos ? "" : cleaned.substr(colon + 2));
  std::ofstream o(out);
  std::string p;
  const std::string inc = include_dir();
  const std::string cache = cache_dir();
  while (ss >> p) {
    if (p.rfind("/usr/", 0) == 0 || p.rfind(inc, 0) == 0 || p.rfind(cache, 0) == 0) continue;
    Hash h;
    h.add(read_file(p));
    o << p << '\t' << h.hex() << '\n';
  }
}

// Kernels loaded in this process, with the (mtime, size) of the user headers they depend on, so that an
// edited header is noticed without re-hashing every header on every launch.
struct Loaded {
  void* handle = nullptr;
  std::unique_ptr<KernelImage> image;
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> deps;
};
std::map<std::string, Loaded>& loaded() {
  static std::map<std::string, Loaded> m;
  return m;
}
std::pair<int64_t, int64_t> stat_sig(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {-1, -1};
  return {static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec, static_cast<int64_t>(st.st_size)};
}
std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> deps_sig(const std::string& deps_path) {
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> out;
  std::ifstream f(deps_path);
  std::string line;
  while (std::getline(f, line)) {
    auto tab = line.find('\t');
    if (tab != std::string::npos) out.push_back({line.substr(0, tab), stat_sig(line.substr(0, tab))});
  }
  return out;
}
bool sig_fresh(const Loaded& l) {
  for (auto& [path, sig] : l.deps)
    if (stat_sig(path) != sig) return false;
  return true;
}
// The object's writable data that is not RELRO: from the end of PT_GNU_RELRO (or the start of the writable
// PT_LOAD) to the end of that segment, i.e. .data and .bss.
void find_writable_data(void* handle, KernelImage& img) {
  struct link_map* lm = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &lm) != 0 || !lm) return;
  struct Ctx {
    ElfW(Addr) base;
    uintptr_t lo = 0, hi = 0, relro_end = 0;
  } ctx{lm->l_addr};
  dl_iterate_phdr(
      [](struct dl_phdr_info* info, size_t, void* arg) -> int {
        auto* c = static_cast<Ctx*>(arg);
        if (info->dlpi_addr != c->base) return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W)) {
            c->lo = info->dlpi_addr + ph.p_vaddr;
            c->hi = c->lo + ph.p_memsz;
          }
          if (ph.p_type == PT_GNU_RELRO) c->relro_end = info->dlpi_addr + ph.p_vaddr + ph.p_memsz;
        }
        return 1;
      },
      &ctx);
  if (ctx.hi <= ctx.lo) return;
  const uintptr_t start = ctx.relro_end > ctx.lo && ctx.relro_end < ctx.hi ? ctx.relro_end : ctx.lo;
  img.data = reinterpret_cast<uint8_t*>(start);
  img.size = ctx.hi - start;
  img.pristine.assign(img.data, img.data + img.size);
}

// dlopen returns an already-loaded object when the path matches, even if the file was replaced; load each
// build through a private hard link so that a rebuilt kernel is really loaded.
void* load_object(const std::string& so_path) {
  static int counter = 0;
  const std::string link = so_path + ".load" + std::to_string(getpid()) + "." + std::to_string(counter++);
  std::error_code ec;
  fs::create_hard_link(so_path, link, ec);
  const std::string& path = ec ? so_path : link;
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!ec) fs::remove(link, ec);
  return h;
}

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
    std::vector<std::string> flags = {"-std=c++20", "-O2", "-fPIC", "-shared", "-w", "-fno-strict-aliasing"};
    flags.push_back("-I" + inc);
    if (!k.path.empty()) flags.push_back("-I" + fs::path(k.path).parent_path().string());
    flags.push_back("-DKERNEL_BUILD");
    flags.push_back("-DTENSIX_FIRMWARE");
    flags.push_back(arch == 3 ? "-DARCH_BLACKHOLE" : "-DARCH_WORMHOLE");
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
    if (!l.handle) {
      l.handle = load_object(j.so_path);
      if (!l.handle) throw std::runtime_error(std::string("cannot load compiled kernel: ") + dlerror());
      l.deps = deps_sig(j.deps_path);
      l.image = std::make_unique<KernelImage>();
      l.image->entry = reinterpret_cast<KernelEntry>(dlsym(l.handle, "emu_kernel_entry"));
      if (!l.image->entry) throw std::runtime_error("compiled kernel " + j.spec->name + " lacks emu_kernel_entry");
      find_writable_data(l.handle, *l.image);
    }
    entries.push_back(l.image.get());
  }
  return entries;
}
}  // namespace emu
