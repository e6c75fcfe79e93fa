// RunGuards: the wall-clock watchdog thread and the crash reporter (see run_guards.h).
#include "run_guards.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include "engine.h"

namespace emu {
namespace {
std::atomic<bool> g_watchdog_fired{false};  // its abort() is reported by the watchdog itself, not the crash handler

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
      g_watchdog_fired = true;
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
// (Device::window_fault). Any other crash of kernel code — a bad pointer (SIGSEGV, SIGBUS), an integer division
// by zero (SIGFPE), an illegal instruction (SIGILL), abort() or a failed assert (SIGABRT) — ends the process:
// say what it was, in which kernel on which core, before the default action (core dump) happens. Runs on an
// alternate stack (the fault may be a fiber stack overflow).
Engine* g_crash_engine = nullptr;
constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction g_old[sizeof kCrashSignals / sizeof *kCrashSignals];

void restore_crash_handlers() {
  for (size_t i = 0; i < std::size(kCrashSignals); ++i) sigaction(kCrashSignals[i], &g_old[i], nullptr);
}

const char* crash_what(int sig) {
  switch (sig) {
    case SIGSEGV: return "segmentation fault";
    case SIGBUS: return "bus error";
    case SIGFPE: return "arithmetic exception (SIGFPE: e.g. an integer division by zero)";
    case SIGILL: return "illegal instruction (SIGILL)";
    default: return "abort (SIGABRT: abort() or a failed assert)";
  }
}

void crash_handler(int sig, siginfo_t* info, void*) {
  Engine* e = g_crash_engine;
  // The first touch of the L1 window after a core switch maps it (Device::select_window); then retry.
  if (sig == SIGSEGV && e && info && e->dev.window_fault(reinterpret_cast<uintptr_t>(info->si_addr))) return;
  const KernelRun* k = e ? e->current : nullptr;
  if (!(sig == SIGABRT && g_watchdog_fired.load())) {
    char buf[768];
    int n = std::snprintf(buf, sizeof buf, "emulator: %s", crash_what(sig));
    if (sig == SIGSEGV || sig == SIGBUS) n += std::snprintf(buf + n, sizeof buf - n, " at address %p",
                                                          info ? info->si_addr : nullptr);
    n += std::snprintf(buf + n, sizeof buf - n, " in kernel %s [%s] on core (x=%u,y=%u)",
                       k ? k->spec->name.c_str() : "?", k ? risc_name(k->risc) : "?", k ? k->ctx.logical_x : 0,
                       k ? k->ctx.logical_y : 0);
    if (sig == SIGSEGV || sig == SIGBUS)
      n += std::snprintf(buf + n, sizeof buf - n,
                         "; kernels may only dereference L1 addresses 0x%x..0x%x of their own core (or the fiber "
                         "stack overflowed)",
                         kWindowLo, e ? e->dev.model.l1_size : 0);
    if (n > 0 && size_t(n) < sizeof buf - 1) buf[n++] = '\n';
    if (n > 0) (void)!write(2, buf, std::min(size_t(n), sizeof buf));
  }
  restore_crash_handlers();  // returning re-raises the signal (abort() raises it again) with the old action
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
    for (size_t i = 0; i < std::size(kCrashSignals); ++i) sigaction(kCrashSignals[i], &sa, &g_old[i]);
  }
  ~CrashReporter() {
    restore_crash_handlers();
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
