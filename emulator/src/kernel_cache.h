// The kernel cache: where headers and the cache live, its entries, dependency lists (recorded at compile
// time, re-hashed on a hit), and loaded kernel objects (reloaded when a dependency changed). Keys and digests
// are SHA-256 (tt_jit/sha256.h, shared with the compiler's program cache); an entry is a tt_jit cache entry
// (tt_jit/cache_entry.h: atomic, verified against its manifest on use, evicted least recently used first)
// holding kernel.so, deps and the wrapper source it was compiled from.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernel_build.h"

namespace emu::cache {
std::string read_file(const std::string& path);
std::string include_dir();   // the emulator's kernel headers (installed or source tree)
std::string library_path();  // this library, to link kernels against
std::string headers_hash();  // hash of every emulator header (once per process)
std::string cache_dir();     // $TT_EMU_CACHE_DIR or ~/.cache/tilelang_tt/emu
uint64_t cache_max_bytes();  // $TT_EMU_CACHE_MAX_MB (default 2048) in bytes; 0 = no cap
// True when every dependency recorded in deps_path still has the content hash recorded with it.
bool deps_fresh(const std::string& deps_path);
// A valid cache entry (tt_jit::entry_valid) whose recorded dependencies are fresh.
bool entry_usable(const std::filesystem::path& entry);
// Records the user headers of a make-style dependency file with their content hashes, except `own` (the kernel
// source itself, whose content is in the cache key); returns how many it recorded.
size_t write_deps(const std::string& make_deps, const std::string& out, const std::string& own);

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
