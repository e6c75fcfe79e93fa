// JIT cache and launcher (jit_build.h). Processes are started through tt_jit::spawn; their output goes to files
// so that nothing can block on a full pipe.
#include "tilelang_tt/runtime/jit_build.h"

#include <unistd.h>

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
  const fs::path work = tt_jit::entry_workspace(entry);
  for (auto& [path, text] : files) write_all(work / path, text);
  // No path is compiled in: the host program finds kernels/ and data/ from its working directory.
  std::vector<std::string> cmd = {"/bin/sh", "-c",
                                  tc.cxx + " -std=c++20 -O1 -o host host.cpp " + tc.include_dirs + " " + tc.link_flags};
  int code = tt_jit::wait(tt_jit::spawn(cmd, {}, work.string(), (work / "build.out").string(),
                                        (work / "build.err").string()));
  if (code != 0) {
    std::string log = read_all(work / "build.err");
    tt_jit::discard_workspace(work);
    throw std::runtime_error("the emitted host program did not compile (exit code " + std::to_string(code) + "):\n" +
                             log);
  }
  tt_jit::publish_entry(work, entry);
  tt_jit::evict_lru(cache_dir, max_bytes, {entry});
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
