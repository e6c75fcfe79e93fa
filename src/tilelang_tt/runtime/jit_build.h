// The JIT cache and launcher for emitted TT programs.
//
// build_project writes a project's files (emit_project) into the cache entry <cache_dir>/<key>/, where key is
// the SHA-256 (emulator/shared/tt_jit/sha256.h, the same hash as the emulator's kernel cache) of every file's
// path and content plus the toolchain and emulator identity, and compiles its host program there once. Entries
// are tt_jit cache entries (cache_entry.h): built in a workspace and renamed into place, verified against
// their manifest of digests on every use — a missing, truncated, corrupted or edited file rebuilds the entry —
// and evicted least recently used first beyond max_bytes. The host program has no path compiled in: it finds
// its kernels (kernels/…) and data (data/…) relative to its working directory, which run_program sets to the
// entry, so a cache directory copied elsewhere works from there.
// The precompiled header: when the toolchain names a prelude (the support header's #include lines), the host
// program is compiled with `-include <prelude>` whose .gch is built once per compiler, flags, prelude and
// content of the headers under the -I directories, in a cache entry of its own (same cache, same guarantees).
// The prelude's headers are included by the sources anyway (include guards make the second inclusion empty),
// so the program is the same; the emitted files do not mention it and build without it (export()).
// The support object: the project's support files (Toolchain::support_files: the same in every project, e.g. the
// host support the emitter writes next to host.cpp) are compiled once — each .cpp among them into an object, with
// host.cpp's flags and precompiled header — in a cache entry of their own keyed by compiler, flags, includes,
// library identity, the content of the headers under the -I directories, the precompiled header's entry and
// every support file; each host program's build compiles host.cpp alone and links those objects (same cache,
// same guarantees). When the support entry has to be (re)built, its compilers run beside host.cpp's (compiled to
// an object and linked once both are done), so an empty cache's first program uses two cores.
// run_program executes the built host program with arguments and extra environment, capturing its output.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tl::rt {

struct Toolchain {
  std::string cxx = "g++";
  std::string include_dirs;   // space-separated -I paths of the TT-Metalium headers (emulator or SDK)
  std::string link_flags;     // e.g. "-L<prefix>/lib -ltt_metalium_emu -Wl,-rpath,<prefix>/lib"
  std::string identity;       // changes whenever the library changes (e.g. its size and mtime)
  std::string pch_prelude;    // headers to precompile for the host build (#include lines); empty: none
  std::vector<std::string> support_files;  // project files compiled once and linked by every host program
};

struct BuildResult {
  std::string dir;            // the cache entry: sources and the executable "host"
  bool cache_hit = false;     // false: the entry was (re)built by this call
  double seconds = 0;         // time spent compiling (0 on a hit)
};

// Throws std::runtime_error with the compiler's output when the host program does not compile.
// max_bytes caps the cache's size (0: no cap).
BuildResult build_project(const std::map<std::string, std::string>& files, const std::string& cache_dir,
                          const Toolchain& tc, uint64_t max_bytes = 0);

struct RunResult {
  int exit_code = 0;          // 128 + n when signal n ended the program; -1 when its status was lost
  std::string out, err;
  double seconds = 0;
};

RunResult run_program(const std::string& exe, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& cwd);

// The cache key: SHA-256 (hex) of salt and every (path, content) pair.
std::string content_hash(const std::map<std::string, std::string>& files, const std::string& salt);

}  // namespace tl::rt
