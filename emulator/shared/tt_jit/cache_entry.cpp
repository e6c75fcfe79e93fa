// Cache entries (see cache_entry.h).
#include "tt_jit/cache_entry.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "tt_jit/sha256.h"

namespace tt_jit {
namespace {
// What identifies a file's contents cheaply: a rewrite changes ctime (which no user call can set back).
using StatSig = std::tuple<dev_t, ino_t, off_t, int64_t, int64_t>;

bool stat_sig(const fs::path& p, StatSig& sig) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  sig = {st.st_dev, st.st_ino, st.st_size, int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
         int64_t(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
  return true;
}

// Files this process has hashed: their stat signature then, and the digest they had.
std::mutex g_mu;
std::map<std::string, std::pair<StatSig, std::string>>& verified() {
  static std::map<std::string, std::pair<StatSig, std::string>> m;
  return m;
}

bool file_has_digest(const fs::path& p, const std::string& digest) {
  StatSig sig;
  if (!stat_sig(p, sig)) return false;
  {
    std::lock_guard<std::mutex> l(g_mu);
    auto it = verified().find(p.string());
    if (it != verified().end() && it->second.first == sig) return it->second.second == digest;
  }
  const std::string actual = file_sha256(p.string());
  StatSig after;
  if (actual.empty() || !stat_sig(p, after) || after != sig) return false;  // changed while hashing
  std::lock_guard<std::mutex> l(g_mu);
  verified()[p.string()] = {sig, actual};
  return actual == digest;
}

std::string unique_suffix() {
  static std::mutex mu;
  static std::mt19937_64 rng(std::random_device{}());
  std::lock_guard<std::mutex> l(mu);
  return std::to_string(getpid()) + "." + std::to_string(rng());
}

bool is_workspace(const fs::path& p) { return p.filename().string().find(".work.") != std::string::npos; }

uint64_t tree_bytes(const fs::path& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec)) n += it->file_size(ec);
  return n;
}

// Moves `dir` out of the way and deletes it (renaming first: nobody sees a half-deleted entry).
void remove_entry(const fs::path& dir) {
  std::error_code ec;
  const fs::path gone = dir.string() + ".work.gone." + unique_suffix();
  fs::rename(dir, gone, ec);
  fs::remove_all(ec ? dir : gone, ec);
}
}  // namespace

bool entry_valid(const fs::path& entry) {
  std::ifstream m(entry / kManifest);
  if (!m) return false;
  std::string line;
  size_t files = 0;
  while (std::getline(m, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos || !file_has_digest(entry / line.substr(0, tab), line.substr(tab + 1)))
      return false;
    ++files;
  }
  if (files == 0) return false;
  ::utimensat(AT_FDCWD, (entry / kManifest).c_str(), nullptr, 0);  // last use, for evict_lru
  return true;
}

fs::path entry_workspace(const fs::path& entry) {
  fs::create_directories(entry.parent_path());
  const fs::path work = entry.string() + ".work." + unique_suffix();
  fs::create_directories(work);
  return work;
}

void publish_entry(const fs::path& work, const fs::path& entry, const std::function<bool(const fs::path&)>& usable) {
  std::vector<std::string> files;
  for (auto& e : fs::recursive_directory_iterator(work))
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), work).string());
  std::sort(files.begin(), files.end());
  {
    std::ofstream m(work / kManifest, std::ios::binary);
    for (auto& f : files) m << f << '\t' << file_sha256((work / f).string()) << '\n';
    if (!m) throw std::runtime_error("cannot write the cache manifest in " + work.string());
  }
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::error_code ec;
    fs::rename(work, entry, ec);
    if (!ec) return;
    // The entry exists: valid (another process finished first; keep theirs) or broken (replace it).
    if (usable(entry)) {
      discard_workspace(work);
      return;
    }
    remove_entry(entry);
  }
  discard_workspace(work);
  throw std::runtime_error("cannot publish the cache entry " + entry.string());
}

void discard_workspace(const fs::path& work) {
  std::error_code ec;
  fs::remove_all(work, ec);
}

void evict_lru(const fs::path& root, uint64_t max_bytes, const std::vector<fs::path>& keep) {
  struct Entry {
    fs::file_time_type used;
    fs::path dir;
    uint64_t bytes;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (auto it = fs::directory_iterator(root, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code e2;
    if (!it->is_directory(e2)) continue;
    const fs::path dir = it->path();
    if (is_workspace(dir)) {
      const auto t = fs::last_write_time(dir, e2);
      if (!e2 && now - t > std::chrono::hours(1)) discard_workspace(dir);
      continue;
    }
    const auto used = fs::last_write_time(dir / kManifest, e2);
    if (e2) continue;  // not an entry
    entries.push_back({used, dir, tree_bytes(dir)});
    total += entries.back().bytes;
  }
  if (max_bytes == 0 || total <= max_bytes) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
  for (auto& e : entries) {
    if (total <= max_bytes) break;
    if (std::any_of(keep.begin(), keep.end(), [&](const fs::path& k) { return k.filename() == e.dir.filename(); }))
      continue;
    remove_entry(e.dir);
    total -= e.bytes;
  }
}

uint64_t cap_from_env(const char* var, uint64_t default_mb) {
  const char* v = std::getenv(var);
  if (!v || !*v) return default_mb << 20;
  char* end = nullptr;
  const unsigned long long mb = std::strtoull(v, &end, 10);
  if (*end || *v == '-')
    throw std::runtime_error(std::string(var) + " must be a size in megabytes (a non-negative integer), got '" + v +
                             "'");
  return uint64_t(mb) << 20;
}
}  // namespace tt_jit
