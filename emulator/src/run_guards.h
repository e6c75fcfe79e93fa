// Guards around one program run that catch what cooperative scheduling cannot: a wall-clock watchdog for
// kernels spinning without API calls (prints the kernel and core, aborts) and a SIGSEGV/SIGBUS reporter that
// names the kernel and core before the default action.
#pragma once

#include <memory>

namespace emu {
class Engine;
class RunGuards {
 public:
  explicit RunGuards(Engine& e);
  ~RunGuards();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
}  // namespace emu
