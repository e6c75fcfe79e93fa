// Child processes of the JIT caches: compilers and host programs. Robust against what the embedding process
// may have done to its signals: the child starts with SIGCHLD and SIGPIPE at their defaults and no signal
// blocked (a Python program may ignore SIGCHLD, and its children inherit that), and the exit status comes
// from a small shell that runs the command and records it in a file — so it is known even when the parent
// ignores SIGCHLD (then the kernel reaps children itself and waitpid() fails with ECHILD).
#pragma once
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace tt_jit {
struct Child {
  pid_t pid = -1;
  std::string status_path;  // where the shell writes the command's exit status
  std::string what;         // argv[0], for messages
};

// Starts argv (found on PATH, arguments passed as they are) in `cwd` (empty: this process's), with `env` added
// to this process's environment, stdout to out_path and stderr to err_path (empty: with stdout).
// Throws std::runtime_error when it cannot start.
Child spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            const std::string& cwd, const std::string& out_path, const std::string& err_path);

// Waits for the child to end and returns its exit code — 128 + the signal's number when a signal ended it, as
// the shell reports it; -1 when the status was lost (the shell itself was killed while the parent ignored
// SIGCHLD). Retries when interrupted by a signal.
int wait(const Child& c);
}  // namespace tt_jit
