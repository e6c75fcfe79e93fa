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
std::string unique_suffix();

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
uint64_t g_hashed_bytes = 0;  // guarded by g_mu

// The persistent record of an entry's verified files (kVerified): one line per file,
// "<relative path>\t<dev> <ino> <size> <mtime ns> <ctime ns>\t<SHA-256>". It lets a new process trust a file
// that no one has rewritten since some process hashed it, as that process itself would (the same stat
// signature test), instead of hashing it again: a 100 MB precompiled header costs ~0.5 s CPU to hash.
using Record = std::map<std::string, std::pair<StatSig, std::string>>;

Record read_record(const fs::path& entry) {
  Record r;
  std::ifstream f(entry / kVerified);
  std::string line;
  while (std::getline(f, line)) {
    const auto t1 = line.find('\t'), t2 = line.rfind('\t');
    if (t1 == std::string::npos || t2 == t1) continue;
    std::istringstream sig(line.substr(t1 + 1, t2 - t1 - 1));
    uint64_t dev = 0, ino = 0;
    int64_t size = 0, mtime = 0, ctime = 0;
    if (sig >> dev >> ino >> size >> mtime >> ctime)
      r[line.substr(0, t1)] = {StatSig{dev_t(dev), ino_t(ino), off_t(size), mtime, ctime}, line.substr(t2 + 1)};
  }
  return r;
}

// Replaces the record atomically (a private file renamed over it); a failure only costs a later re-hash.
void write_record(const fs::path& entry, const Record& r) {
  const fs::path tmp = entry / (std::string(kVerified) + ".tmp." + unique_suffix());
  {
    std::ofstream f(tmp, std::ios::binary);
    for (auto& [rel, v] : r) {
      auto& [dev, ino, size, mtime, ctime] = v.first;
      f << rel << '\t' << uint64_t(dev) << ' ' << uint64_t(ino) << ' ' << int64_t(size) << ' ' << mtime << ' '
        << ctime << '\t' << v.second << '\n';
    }
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return;
    }
  }
  std::error_code ec;
  fs::rename(tmp, entry / kVerified, ec);
  if (ec) fs::remove(tmp, ec);
}

// Whether `p` has `digest`. Hashes it unless this process (or the entry's record `rec`, whose entry for `p` is
// updated) saw the same stat signature with that digest.
bool file_has_digest(const fs::path& p, const std::string& digest, std::pair<StatSig, std::string>* rec) {
  StatSig sig;
  if (!stat_sig(p, sig)) return false;
  {
    std::lock_guard<std::mutex> l(g_mu);
    auto it = verified().find(p.string());
    if (it != verified().end() && it->second.first == sig) {
      if (rec) *rec = it->second;
      return it->second.second == digest;
    }
  }
  if (rec && rec->first == sig && rec->second == digest) return true;
  const std::string actual = file_sha256(p.string());
  StatSig after;
  if (actual.empty() || !stat_sig(p, after) || after != sig) return false;  // changed while hashing
  std::lock_guard<std::mutex> l(g_mu);
  g_hashed_bytes += uint64_t(std::get<2>(sig));
  verified()[p.string()] = {sig, actual};
  if (rec) *rec = {sig, actual};
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
  Record record = read_record(entry);
  const Record before = record;
  std::string line;
  size_t files = 0;
  while (std::getline(m, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) return false;
    const std::string rel = line.substr(0, tab), digest = line.substr(tab + 1);
    if (!file_has_digest(entry / rel, digest, &record[rel])) return false;
    ++files;
  }
  if (files == 0) return false;
  if (record != before) write_record(entry, record);
  ::utimensat(AT_FDCWD, (entry / kManifest).c_str(), nullptr, 0);  // last use, for evict_lru
  return true;
}

uint64_t verify_hashed_bytes() {
  std::lock_guard<std::mutex> l(g_mu);
  return g_hashed_bytes;
}

void forget_verified() {
  std::lock_guard<std::mutex> l(g_mu);
  verified().clear();
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
  Record record;  // the digests just computed, with the stat signatures they were computed at (a rename keeps them)
  {
    std::ofstream m(work / kManifest, std::ios::binary);
    for (auto& f : files) {
      StatSig before, after;
      const bool stable = stat_sig(work / f, before);
      const std::string digest = file_sha256((work / f).string());
      m << f << '\t' << digest << '\n';
      if (stable && stat_sig(work / f, after) && after == before) record[f] = {before, digest};
    }
    if (!m) throw std::runtime_error("cannot write the cache manifest in " + work.string());
  }
  write_record(work, record);
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
