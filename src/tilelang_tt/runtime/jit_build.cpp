// JIT cache and launcher (jit_build.h). Processes are started through tt_jit::spawn; their output goes to files
// so that nothing can block on a full pipe.
#include "tilelang_tt/runtime/jit_build.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "tt_jit/cache_entry.h"
#include "tt_jit/process.h"
#include "tt_jit/sha256.h"

namespace tl::rt {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_all(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << s;
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The flags the host program and its precompiled header are compiled with (a PCH needs the same ones). -O0: the
// host program only moves tensors (tilizing 4×16 MB takes ~0.04 s CPU more than at -O1 per call) and -O1 costs
// ~0.6 s CPU more per build (docs/tenstorrent.md, "The JIT cache").
const char* const kHostFlags = "-std=c++20 -O0";
const char* const kPrelude = "tl_host_prelude.hpp";

// Every (relative path, content) of the regular files under the directories named by -I<dir> in `flags`.
std::string header_digest(const std::string& flags) {
  tt_jit::Sha256 h;
  std::istringstream words(flags);
  for (std::string w; words >> w;) {
    if (w.rfind("-I", 0) != 0 || !fs::is_directory(w.substr(2))) continue;
    std::vector<fs::path> paths;
    for (auto& e : fs::recursive_directory_iterator(w.substr(2)))
      if (e.is_regular_file()) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    h.add_field(w);
    for (auto& p : paths) h.add_field(fs::relative(p, w.substr(2)).string()), h.add_field(read_all(p));
  }
  return h.hex();
}

std::string run_compiler(const std::string& command, const fs::path& work) {
  int code = tt_jit::wait(tt_jit::spawn({"/bin/sh", "-c", command}, {}, work.string(), (work / "build.out").string(),
                                        (work / "build.err").string()));
  if (code == 0) return "";
  std::string log = read_all(work / "build.err");
  tt_jit::discard_workspace(work);
  return "exit code " + std::to_string(code) + "):\n" + log;
}

// The prelude of the host build's precompiled header in its (verified, else rebuilt) cache entry.
fs::path host_pch(const fs::path& cache_dir, const Toolchain& tc, const std::string& headers) {
  tt_jit::Sha256 h;
  for (const std::string& f : {std::string("host pch"), tc.cxx, std::string(kHostFlags), tc.include_dirs,
                               tc.identity, tc.pch_prelude, headers})
    h.add_field(f);
  const fs::path entry = cache_dir / h.hex();
  if (!tt_jit::entry_valid(entry)) {
    const fs::path work = tt_jit::entry_workspace(entry);
    write_all(work / kPrelude, tc.pch_prelude);
    std::string err = run_compiler(tc.cxx + " " + kHostFlags + " -x c++-header " + kPrelude + " -o " + kPrelude +
                                       ".gch " + tc.include_dirs, work);
    if (!err.empty()) throw std::runtime_error("the host program's precompiled header did not compile (" + err);
    tt_jit::publish_entry(work, entry);
  }
  return entry / kPrelude;
}

// The project's support sources (Toolchain::support_files) in their (verified, else rebuilt) cache entry, compiled
// like host.cpp (with the precompiled header `pch` when there is one: their includes are its). A rebuild is only
// started here (its compilers run beside host.cpp's) and finished by finish_support.
struct Support {
  fs::path entry, work;                                          // work: the workspace of a rebuild, else empty
  std::vector<fs::path> objects;                                 // in the entry, once published
  std::vector<std::pair<std::string, tt_jit::Child>> compiling;  // (source, its compiler) of a rebuild
  Support() = default;
  Support(Support&&) = default;
  ~Support() {  // left unfinished (an exception): reap the compilers, drop the workspace
    for (auto& c : compiling) tt_jit::wait(c.second);
    if (!compiling.empty()) tt_jit::discard_workspace(work);
  }
};

Support start_support(const std::map<std::string, std::string>& files, const fs::path& cache_dir, const Toolchain& tc,
                      const std::string& headers, const fs::path& pch) {
  tt_jit::Sha256 h;
  for (const std::string& f : {std::string("host support"), tc.cxx, std::string(kHostFlags), tc.include_dirs,
                               tc.identity, headers, pch.string()})
    h.add_field(f);
  std::vector<std::string> sources;
  for (const std::string& path : tc.support_files) {
    auto it = files.find(path);
    if (it == files.end()) throw std::runtime_error("the project has no support file " + path);
    h.add_field(path), h.add_field(it->second);
    if (fs::path(path).extension() == ".cpp") sources.push_back(path);
  }
  Support s;
  s.entry = cache_dir / h.hex();
  for (const std::string& src : sources) s.objects.push_back(s.entry / (src + ".o"));
  if (tt_jit::entry_valid(s.entry)) return s;
  s.work = tt_jit::entry_workspace(s.entry);
  for (const std::string& path : tc.support_files) write_all(s.work / path, files.at(path));
  for (const std::string& src : sources) {
    std::string cmd = tc.cxx + " " + kHostFlags + " -c " + src + " -o " + src + ".o " + tc.include_dirs;
    if (!pch.empty()) cmd += " -Winvalid-pch -include " + pch.string();
    s.compiling.emplace_back(src, tt_jit::spawn({"/bin/sh", "-c", cmd}, {}, s.work.string(),
                                                (s.work / (src + ".out")).string(), (s.work / (src + ".err")).string()));
  }
  return s;
}

// Waits for a rebuild's compilers and publishes the entry; throws (after waiting for all) if one failed.
void finish_support(Support& s) {
  std::string err;
  for (auto& [src, child] : s.compiling) {
    const int code = tt_jit::wait(child);
    if (code != 0 && err.empty())
      err = "the host support source " + src + " did not compile (exit code " + std::to_string(code) + "):\n" +
            read_all(s.work / (src + ".err"));
  }
  s.compiling.clear();
  if (s.work.empty()) return;
  if (!err.empty()) {
    tt_jit::discard_workspace(s.work);
    throw std::runtime_error(err);
  }
  tt_jit::publish_entry(s.work, s.entry);
}

}  // namespace

std::string content_hash(const std::map<std::string, std::string>& files, const std::string& salt) {
  tt_jit::Sha256 h;
  h.add_field(salt);
  for (auto& [path, text] : files) h.add_field(path), h.add_field(text);
  return h.hex();
}

BuildResult build_project(const std::map<std::string, std::string>& files, const std::string& cache_dir,
                          const Toolchain& tc, uint64_t max_bytes) {
  const std::string salt = tc.cxx + "|" + tc.include_dirs + "|" + tc.link_flags + "|" + tc.identity;
  const fs::path entry = fs::path(cache_dir) / content_hash(files, salt);
  BuildResult result;
  result.dir = entry.string();
  if (tt_jit::entry_valid(entry)) {
    result.cache_hit = true;
    return result;
  }
  auto t0 = std::chrono::steady_clock::now();
  const std::string headers = tc.pch_prelude.empty() && tc.support_files.empty() ? "" : header_digest(tc.include_dirs);
  const fs::path pch = tc.pch_prelude.empty() ? fs::path() : host_pch(cache_dir, tc, headers);
  Support support = start_support(files, cache_dir, tc, headers, pch);
  const fs::path work = tt_jit::entry_workspace(entry);
  for (auto& [path, text] : files) write_all(work / path, text);
  // No path is compiled in: the host program finds kernels/ and data/ from its working directory.
  std::string compile = tc.cxx + " " + kHostFlags + " " + tc.include_dirs;
  if (!pch.empty()) compile += " -Winvalid-pch -include " + pch.string();
  std::string link;
  for (const fs::path& o : support.objects) link += " " + o.string();
  link += " " + tc.link_flags;
  std::string err;
  if (support.compiling.empty()) {
    err = run_compiler(compile + " -o host host.cpp" + link, work);
  } else {  // the support objects are being compiled: compile host.cpp meanwhile (two cores), then link
    err = run_compiler(compile + " -c host.cpp -o host.o", work);
    try {
      finish_support(support);
    } catch (const std::exception&) {
      if (err.empty()) throw;  // else host.cpp's error is the one to report
    }
    if (err.empty()) err = run_compiler(tc.cxx + " -o host host.o" + link, work);
    if (err.empty()) fs::remove(work / "host.o");
  }
  if (!err.empty()) throw std::runtime_error("the emitted host program did not compile (" + err);
  tt_jit::publish_entry(work, entry);
  std::vector<fs::path> keep = {entry};
  if (!pch.empty()) keep.push_back(pch.parent_path());
  keep.push_back(support.entry);
  tt_jit::evict_lru(cache_dir, max_bytes, keep);
  result.seconds = seconds_since(t0);
  return result;
}

RunResult run_program(const std::string& exe, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& cwd) {
  auto t0 = std::chrono::steady_clock::now();
  std::random_device rd;
  const fs::path base = fs::temp_directory_path() / ("tl_run_" + std::to_string(getpid()) + "_" + std::to_string(rd()));
  fs::path out = base.string() + ".out", err = base.string() + ".err";
  std::vector<std::string> argv = {exe};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r;
  r.exit_code = tt_jit::wait(tt_jit::spawn(argv, env, cwd, out.string(), err.string()));
  r.out = read_all(out);
  r.err = read_all(err);
  std::error_code ec;
  fs::remove(out, ec);
  fs::remove(err, ec);
  r.seconds = seconds_since(t0);
  return r;
}

}  // namespace tl::rt
