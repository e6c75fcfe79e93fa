// Guards around one program run: a wall-clock watchdog for kernels spinning without API calls (prints the
// kernel and core, aborts), and the crash handler (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), which maps the L1
// window on its first touch after a core switch (Device::select_window, window_fault) and otherwise names the
// crash, the kernel and its core before the default action.
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
