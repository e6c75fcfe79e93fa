// Child processes (see process.h).
#include "tt_jit/process.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace tt_jit {
Child spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            const std::string& cwd, const std::string& out_path, const std::string& err_path) {
  static std::atomic<unsigned> counter{0};
  Child c;
  c.what = argv.at(0);
  c.status_path = out_path + ".status" + std::to_string(getpid()) + "." + std::to_string(counter++);
  std::filesystem::remove(c.status_path);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && env.count(kv.substr(0, eq))) continue;
    env_strings.push_back(kv);
  }
  for (auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  env_strings.push_back("TL_CWD=" + (cwd.empty() ? std::string(".") : cwd));
  env_strings.push_back("TL_OUT=" + out_path);
  env_strings.push_back("TL_ERR=" + (err_path.empty() ? out_path : err_path));
  env_strings.push_back("TL_STATUS=" + c.status_path);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  // The shell changes directory, runs the command without its own variables, and records the command's status
  // ($? is 128 + n after signal n).
  std::string script = std::string(R"(cd "$TL_CWD" || exit 126; o=$TL_OUT e=$TL_ERR st=$TL_STATUS; )") +
                       R"(unset TL_CWD TL_OUT TL_ERR TL_STATUS; "$@" >"$o" )" + (err_path.empty() ? "2>&1" : R"(2>"$e")") +
                       R"(; s=$?; echo $s >"$st"; exit $s)";
  std::string sh = "/bin/sh", dash_c = "-c", name = "tt_jit";
  std::vector<char*> args = {sh.data(), dash_c.data(), script.data(), name.data()};
  std::vector<std::string> copy = argv;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults, none;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGCHLD);
  sigaddset(&defaults, SIGPIPE);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  const int rc = posix_spawn(&c.pid, "/bin/sh", nullptr, &attr, args.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error("cannot start " + c.what + ": " + std::strerror(rc));
  return c;
}

int wait(const Child& c) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(c.pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  // ECHILD: SIGCHLD is ignored, so the kernel reaped the shell; its record of the status is what remains.
  int code = -1;
  std::ifstream f(c.status_path);
  if (f >> code) {
  } else if (r == c.pid) {
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  f.close();
  std::error_code ec;
  std::filesystem::remove(c.status_path, ec);
  return code;
}
}  // namespace tt_jit
