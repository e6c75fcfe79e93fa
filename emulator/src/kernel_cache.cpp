// The kernel cache (see kernel_cache.h).
#include "kernel_cache.h"

#include <dlfcn.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "emu/emulator.h"
#include "tt_jit/cache_entry.h"
#include "tt_jit/sha256.h"

namespace emu::cache {
namespace fs = std::filesystem;
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
    tt_jit::Sha256 hh;
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(include_dir()))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (auto& f : files) {
      hh.add_field(fs::relative(f, include_dir()).string());
      hh.add_field(read_file(f.string()));
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

uint64_t cache_max_bytes() { return tt_jit::cap_from_env("TT_EMU_CACHE_MAX_MB", 2048); }

bool deps_fresh(const std::string& deps_path) {
  // deps file: lines "path\thash"; all must still hash the same.
  std::ifstream f(deps_path);
  if (!f) return false;
  std::string line;
  while (std::getline(f, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    if (tt_jit::file_sha256(line.substr(0, tab)) != line.substr(tab + 1)) return false;
  }
  return true;
}

bool entry_usable(const fs::path& entry) {
  return tt_jit::entry_valid(entry) && deps_fresh((entry / "deps").string());
}

size_t write_deps(const std::string& make_deps, const std::string& out, const std::string& own) {
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
  size_t n = 0;
  while (ss >> p) {
    if (p.rfind("/usr/", 0) == 0 || p.rfind(inc, 0) == 0 || p.rfind(cache, 0) == 0 || p == own) continue;
    o << p << '\t' << tt_jit::file_sha256(p) << '\n';
    ++n;
  }
  return n;
}

std::map<std::string, Loaded>& loaded() {
  static std::map<std::string, Loaded> m;
  return m;
}
std::pair<int64_t, int64_t> stat_sig(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {-1, -1};
  return {static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec, static_cast<int64_t>(st.st_size)};
}
DepSig deps_sig(const std::string& deps_path) {
  DepSig out;
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

void load(const std::string& so_path, const std::string& deps_path, const std::string& name, Loaded& l) {
  l.handle = load_object(so_path);
  if (!l.handle) throw std::runtime_error(std::string("cannot load compiled kernel: ") + dlerror());
  l.deps = deps_sig(deps_path);
  l.image = std::make_unique<KernelImage>();
  l.image->entry = reinterpret_cast<KernelEntry>(dlsym(l.handle, "emu_kernel_entry"));
  if (!l.image->entry) throw std::runtime_error("compiled kernel " + name + " lacks emu_kernel_entry");
  find_writable_data(l.handle, *l.image);
}
}  // namespace emu::cache
