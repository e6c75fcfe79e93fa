// The JIT cache and launcher for emitted TT programs.
//
// build_project writes a project's files (emit_project) into <cache_dir>/<key>/, where key is a hash of every
// file's path and content plus the toolchain and emulator identity, and compiles its host program there
// once: a second call with the same files is a cache hit that compiles nothing. Builds go to a temporary
// directory that is renamed into place, so concurrent processes never see a half-built entry.
// run_program executes the built host program with arguments and extra environment, capturing its output.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tl::rt {

struct Toolchain {
  std::string cxx = "g++";
  std::string include_dirs;   // space-separated -I paths of the TT-Metalium headers (emulator or SDK)
  std::string link_flags;     // e.g. "-L<prefix>/lib -ltt_metalium_emu -Wl,-rpath,<prefix>/lib"
  std::string identity;       // changes whenever the library changes (e.g. its size and mtime)
};

struct BuildResult {
  std::string dir;            // the cache entry: sources, data/, and the executable "host"
  bool cache_hit = false;
  double seconds = 0;         // time spent compiling (0 on a hit)
};

// Throws std::runtime_error with the compiler's output when the host program does not compile.
BuildResult build_project(const std::map<std::string, std::string>& files, const std::string& cache_dir,
                          const Toolchain& tc);

struct RunResult {
  int exit_code = 0;
  std::string out, err;
  double seconds = 0;
};

RunResult run_program(const std::string& exe, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& cwd);

// 64-bit FNV-1a, hex.
std::string content_hash(const std::map<std::string, std::string>& files, const std::string& salt);

}  // namespace tl::rt
