// RunGuards: the wall-clock watchdog thread and the crash reporter (see run_guards.h).
#include "run_guards.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "engine.h"

namespace emu {
namespace {
// A kernel that spins on memory without calling the API never yields, so the cooperative scheduler cannot
// stop it. This thread notices that the heartbeat stopped for TT_EMU_WATCHDOG_SECONDS (default 120; 0 = off),
// names the kernel that is running and aborts the process (a thread cannot unwind the fiber).
class WallWatchdog {
 public:
  explicit WallWatchdog(Engine& e) : e_(e) {
    const char* v = std::getenv("TT_EMU_WATCHDOG_SECONDS");
    seconds_ = v ? std::atof(v) : 120.0;
    if (seconds_ > 0) thread_ = std::thread([this] { loop(); });
  }
  ~WallWatchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void loop() {
    uint64_t last = g_heartbeat.load(std::memory_order_relaxed);
    auto since = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> l(mu_);
    while (!cv_.wait_for(l, std::chrono::milliseconds(100), [this] { return stop_; })) {
      const uint64_t now = g_heartbeat.load(std::memory_order_relaxed);
      if (now != last) {
        last = now;
        since = std::chrono::steady_clock::now();
        continue;
      }
      if (std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count() < seconds_) continue;
      KernelRun* k = e_.current;
      std::fprintf(stderr,
                   "emulator sanitizer [watchdog]: kernel %s on core (x=%u,y=%u) has made no API call for %.0f s: it "
                   "spins without yielding (e.g. on a volatile L1 value; use noc_semaphore_wait). Aborting.\n",
                   k ? k->label().c_str() : "?", k ? k->ctx.logical_x : 0, k ? k->ctx.logical_y : 0, seconds_);
      std::fflush(stderr);
      std::abort();
    }
  }
  Engine& e_;
  double seconds_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};
}  // namespace

namespace {
// A fault in the L1 window after a core switch maps the running core's L1 there and the access is retried
// (Device::window_fault). Any other bad pointer crashes the process: say which kernel on which core it was
// before the default action (core dump) happens. Runs on an alternate stack (the fault may be a fiber stack
// overflow).
Engine* g_crash_engine = nullptr;
struct sigaction g_old_segv, g_old_bus;
void crash_handler(int sig, siginfo_t* info, void*) {
  Engine* e = g_crash_engine;
  // The first touch of the L1 window after a core switch maps it (Device::select_window); then retry.
  if (sig == SIGSEGV && e && info && e->dev.window_fault(reinterpret_cast<uintptr_t>(info->si_addr))) return;
  char buf[512];
  const KernelRun* k = e ? e->current : nullptr;
  const int n = std::snprintf(
      buf, sizeof buf,
      "emulator: %s at address %p in kernel %s [%s] on core (x=%u,y=%u); kernels may only dereference L1 "
      "addresses 0x%x..0x%x of their own core (or the fiber stack overflowed)\n",
      sig == SIGSEGV ? "segmentation fault" : "bus error", info ? info->si_addr : nullptr,
      k ? k->spec->name.c_str() : "?", k ? risc_name(k->risc) : "?", k ? k->ctx.logical_x : 0,
      k ? k->ctx.logical_y : 0, kWindowLo, e ? e->dev.model.l1_size : 0);
  if (n > 0) (void)!write(2, buf, static_cast<size_t>(n));
  sigaction(SIGSEGV, &g_old_segv, nullptr);
  sigaction(SIGBUS, &g_old_bus, nullptr);
}
struct CrashReporter {
  explicit CrashReporter(Engine& e) {
    static std::vector<char> alt(1 << 16);
    stack_t ss{};
    ss.ss_sp = alt.data();
    ss.ss_size = alt.size();
    sigaltstack(&ss, &old_ss_);
    struct sigaction sa {};
    sa.sa_sigaction = crash_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    g_crash_engine = &e;
    sigaction(SIGSEGV, &sa, &g_old_segv);
    sigaction(SIGBUS, &sa, &g_old_bus);
  }
  ~CrashReporter() {
    sigaction(SIGSEGV, &g_old_segv, nullptr);
    sigaction(SIGBUS, &g_old_bus, nullptr);
    if (!(old_ss_.ss_flags & SS_DISABLE) && old_ss_.ss_sp) sigaltstack(&old_ss_, nullptr);
    g_crash_engine = nullptr;
  }
  stack_t old_ss_{};
};
}  // namespace


struct RunGuards::Impl {
  explicit Impl(Engine& e) : watchdog(e), crash(e) {}
  WallWatchdog watchdog;
  CrashReporter crash;
};
RunGuards::RunGuards(Engine& e) : impl_(std::make_unique<Impl>(e)) {}
RunGuards::~RunGuards() = default;
}  // namespace emu
