// JIT cache and launcher (jit_build.h). Processes are spawned with posix_spawn; their output goes to files
// in the entry's directory so that nothing can block on a full pipe.
#include "tilelang_tt/runtime/jit_build.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

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

// Runs argv[0] with argv (no shell), stdout/stderr to files; returns the exit code (128+signal if killed).
int spawn_wait(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::string& cwd, const fs::path& out_file, const fs::path& err_file) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && env.count(kv.substr(0, eq))) continue;
    env_strings.push_back(kv);
  }
  for (auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(const_cast<char*>(s.c_str()));
  envp.push_back(nullptr);

  // posix_spawn has no portable chdir action in glibc 2.36's public API; run through /bin/sh -c 'cd && exec'.
  std::string script = "cd \"$0\" && exec \"$@\" >\"$TL_OUT\" 2>\"$TL_ERR\"";
  std::vector<char*> sh = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), script.data(),
                           const_cast<char*>(cwd.c_str())};
  for (auto* a : args)
    if (a) sh.push_back(a);
  sh.push_back(nullptr);
  std::string out_kv = "TL_OUT=" + out_file.string(), err_kv = "TL_ERR=" + err_file.string();
  envp.insert(envp.end() - 1, out_kv.data());
  envp.insert(envp.end() - 1, err_kv.data());

  pid_t pid;
  if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, sh.data(), envp.data()) != 0)
    throw std::runtime_error("cannot start " + argv[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

std::string content_hash(const std::map<std::string, std::string>& files, const std::string& salt) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // separator
  };
  mix(salt);
  for (auto& [path, text] : files) mix(path), mix(text);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

BuildResult build_project(const std::map<std::string, std::string>& files, const std::string& cache_dir,
                          const Toolchain& tc) {
  const std::string salt = tc.cxx + "|" + tc.include_dirs + "|" + tc.link_flags + "|" + tc.identity;
  const fs::path entry = fs::path(cache_dir) / content_hash(files, salt);
  BuildResult result;
  result.dir = entry.string();
  if (fs::exists(entry / "host")) {
    result.cache_hit = true;
    return result;
  }
  auto t0 = std::chrono::steady_clock::now();
  std::random_device rd;
  const fs::path tmp = entry.string() + ".tmp" + std::to_string(rd());
  fs::create_directories(tmp);
  for (auto& [path, text] : files) write_all(tmp / path, text);
  // Kernels are found through KERNEL_DIR, which must name the final entry, not the temporary one.
  std::vector<std::string> cmd = {"/bin/sh", "-c",
                                  tc.cxx + " -std=c++20 -O1 -o host host.cpp " + tc.include_dirs +
                                      " -DKERNEL_DIR='\"" + entry.string() + "/\"' -DDATA_DIR='\"" +
                                      entry.string() + "/data/\"' " + tc.link_flags};
  int code = spawn_wait(cmd, {}, tmp.string(), tmp / "build.out", tmp / "build.err");
  if (code != 0) {
    std::string log = read_all(tmp / "build.err");
    fs::remove_all(tmp);
    throw std::runtime_error("the emitted host program did not compile:\n" + log);
  }
  std::error_code ec;
  fs::rename(tmp, entry, ec);
  if (ec) fs::remove_all(tmp);  // another process finished the same entry first
  result.seconds = seconds_since(t0);
  return result;
}

RunResult run_program(const std::string& exe, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& cwd) {
  auto t0 = std::chrono::steady_clock::now();
  std::random_device rd;
  const fs::path base = fs::temp_directory_path() / ("tl_run_" + std::to_string(rd()));
  fs::path out = base.string() + ".out", err = base.string() + ".err";
  std::vector<std::string> argv = {exe};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r;
  r.exit_code = spawn_wait(argv, env, cwd, out, err);
  r.out = read_all(out);
  r.err = read_all(err);
  fs::remove(out);
  fs::remove(err);
  r.seconds = seconds_since(t0);
  return r;
}

}  // namespace tl::rt
