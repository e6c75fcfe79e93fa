// The kernel cache: content hashing, where headers and the cache live, dependency lists (recorded at
// compile time, re-hashed on a hit), and loaded kernel objects (reloaded when a dependency changed).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "kernel_build.h"

namespace emu::cache {
// FNV-1a, 64 bit.
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

std::string read_file(const std::string& path);
std::string include_dir();   // the emulator's kernel headers (installed or source tree)
std::string library_path();  // this library, to link kernels against
std::string headers_hash();  // hash of every emulator header (once per process)
std::string cache_dir();     // $TT_EMU_CACHE_DIR or ~/.cache/tilelang_tt/emu
// True when every dependency recorded in deps_path still has the content hash recorded with it.
bool deps_fresh(const std::string& deps_path);
// Records the user headers of a make-style dependency file with their content hashes.
void write_deps(const std::string& make_deps, const std::string& out);

using DepSig = std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>>;  // path, (mtime ns, size)
struct Loaded {
  void* handle = nullptr;
  std::unique_ptr<KernelImage> image;
  DepSig deps;
};
std::map<std::string, Loaded>& loaded();  // by cache key
DepSig deps_sig(const std::string& deps_path);
bool sig_fresh(const Loaded& l);
// dlopen the object (through a private link, so that a rebuilt object is really loaded) and describe it.
void load(const std::string& so_path, const std::string& deps_path, const std::string& name, Loaded& l);
}  // namespace emu::cache
