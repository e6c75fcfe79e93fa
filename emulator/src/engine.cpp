// Engine setup (per-core CB state, runtime args and semaphores written into L1), the scheduling loop, and
// deadlock / watchdog detection.
#include "engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/mman.h>

#include "emu/compute_hooks.h"
#include "faults.h"
#include "run_guards.h"
#include "trace.h"

namespace emu {
thread_local Engine* tls_engine = nullptr;
std::atomic<uint64_t> g_heartbeat{0};
thread_local KernelCtx* tls_kernel = nullptr;

namespace {
constexpr size_t kFiberStack = 1 << 20;
constexpr uint32_t kArgSlotBytes = 1376;  // 341 args, 16-byte aligned
constexpr uint32_t kPollsBeforeWatchdog = 200000;
// Far beyond any test or example program (the busiest kernel of the 1024³ matmul benchmark makes fewer than
// 1000 calls), and reached by a loop of NoC reads in a few seconds.
constexpr uint64_t kDefaultMaxApiCalls = 10'000'000;
RunStats g_last_stats;
}  // namespace

uint64_t g_seed_override = 0;

const RunStats& last_run_stats() { return g_last_stats; }
void set_last_run_stats(RunStats s) { g_last_stats = std::move(s); }

const char* risc_name(Risc r) {
  switch (r) {
    case Risc::kBrisc: return "BRISC";
    case Risc::kNcrisc: return "NCRISC";
    default: return "COMPUTE";
  }
}

std::string KernelRun::label() const { return spec->name + " [" + risc_name(risc) + "]"; }

Engine::Engine(Device& d, ProgramImpl& p, std::vector<KernelImage*> images) : dev(d), prog(p) {
  const char* s = std::getenv("TT_EMU_SEED");
  seed = s ? std::strtoull(s, nullptr, 0) : 0;
  if (g_seed_override) seed = g_seed_override;
  rng.seed(seed);
  const char* calls = std::getenv("TT_EMU_MAX_API_CALLS");
  max_api_calls = calls ? std::strtoull(calls, nullptr, 0) : kDefaultMaxApiCalls;
  if (max_api_calls == 0) max_api_calls = UINT64_MAX;
  core_slot.assign(dev.num_cores(), -1);
  dram_bank_bytes.assign(dev.model.num_dram_banks, 0);
  auto use_core = [&](uint32_t c) {
    if (core_slot[c] < 0) {
      core_slot[c] = static_cast<int>(cores.size());
      CoreRun cr;
      cr.core = c;
      cr.cbs.resize(dev.model.num_cbs);
      cores.push_back(std::move(cr));
    }
  };
  for (auto& k : prog.kernels)
    for (uint32_t c : k->cores) use_core(c);
  for (auto& cb : prog.cbs)
    for (uint32_t c : cb.cores) use_core(c);
  for (auto& sm : prog.sems)
    for (uint32_t c : sm.cores) use_core(c);
  std::sort(cores.begin(), cores.end(), [](const CoreRun& a, const CoreRun& b) { return a.core < b.core; });
  for (size_t i = 0; i < cores.size(); ++i) core_slot[cores[i].core] = static_cast<int>(i);
  for (size_t ki = 0; ki < prog.kernels.size(); ++ki) {
    const KernelSpec& spec = *prog.kernels[ki];
    for (uint32_t c : spec.cores) {
      auto run = std::make_unique<KernelRun>();
      run->spec = &spec;
      run->image = images[ki];
      run->image->owner = nullptr;
      run->globals = run->image->pristine;
      run->core = c;
      run->risc = spec.risc;
      run->index = static_cast<uint32_t>(runs.size());
      run->stats.kernel = spec.name;
      run->stats.risc = risc_name(spec.risc);
      run->stats.core_x = c % dev.model.grid_x;
      run->stats.core_y = c / dev.model.grid_x;
      cores[core_slot[c]].kernels.push_back(run.get());
      runs.push_back(std::move(run));
    }
  }
  for (auto& cr : cores)
    std::sort(cr.kernels.begin(), cr.kernels.end(),
              [](const KernelRun* a, const KernelRun* b) { return a->risc < b->risc; });
  setup();
}

Engine::~Engine() {
  try {
    drain_math();  // deferred math uses DST and L1 until it is done
  } catch (...) {
  }
  for (auto& r : runs) {
    if (r->compute_state) compute_state_free(r->compute_state);
    fiber_destroy(r->fiber);
  }
}

void Engine::setup() {
  const uint32_t r0 = dev.model.l1_unreserved_base - 16384;
  sem_base = r0 + 6 * kArgSlotBytes + 64;
  for (auto& cr : cores) {
    uint8_t* l1 = dev.l1_host(cr.core);
    // Circular buffers.
    for (auto& cb : prog.cbs) {
      if (std::find(cb.cores.begin(), cb.cores.end(), cr.core) == cb.cores.end()) continue;
      for (auto& [idx, fmt_] : cb.config.data_formats()) {
        CbState& s = cr.cbs[idx];
        if (!s.configured) cr.cb_indices.push_back(idx);
        s.configured = true;
        s.fifo_addr = cb.address;
        s.fifo_size = cb.config.total_size();
        s.fifo_limit = cb.address + s.fifo_size;
        auto ps = cb.config.page_sizes().find(idx);
        s.page_size = ps != cb.config.page_sizes().end() ? ps->second : tt::tile_size(fmt_);
        s.num_pages = s.page_size ? s.fifo_size / s.page_size : 0;
        s.data_format = static_cast<uint32_t>(fmt_);
        s.tile_size = tt::tile_size(fmt_);
        s.rd_ptr = s.wr_ptr = s.fifo_addr;
        s.push_time.assign(s.num_pages, 0);
        s.pop_time.assign(s.num_pages, 0);
      }
    }
    // Semaphores.
    for (auto& sm : prog.sems)
      if (std::find(sm.cores.begin(), sm.cores.end(), cr.core) != sm.cores.end())
        std::memcpy(l1 + sem_base + 16 * sm.id, &sm.initial, 4);
  }
  // Runtime args into L1, kernel contexts.
  for (auto& r : runs) {
    const uint32_t slot = static_cast<uint32_t>(r->risc);
    uint8_t* l1 = dev.l1_host(r->core);
    KernelCtx& c = r->ctx;
    c.rt_args_addr = r0 + slot * kArgSlotBytes;
    c.common_args_addr = r0 + (3 + slot) * kArgSlotBytes;
    auto it = r->spec->rt_args.find(r->core);
    c.n_rt_args = 0;
    if (it != r->spec->rt_args.end()) {
      c.n_rt_args = static_cast<uint32_t>(it->second->values.size());
      std::memcpy(l1 + c.rt_args_addr, it->second->values.data(), 4 * c.n_rt_args);
    }
    c.n_common_args = static_cast<uint32_t>(r->spec->common_args.values.size());
    std::memcpy(l1 + c.common_args_addr, r->spec->common_args.values.data(), 4 * c.n_common_args);
    c.sem_base = sem_base;
    c.l1 = l1;
    c.logical_x = r->core % dev.model.grid_x;
    c.logical_y = r->core / dev.model.grid_x;
    c.noc_x = dev.model.worker_noc[r->core].x;
    c.noc_y = dev.model.worker_noc[r->core].y;
    c.dev = &dev.params;
    fiber_create(r->fiber, kFiberStack, &Engine::fiber_main, r.get());
  }
}

// Every CB's pages are touched by the program (NoC writes land there, packs fill them): map them in one call
// per CB through the all-cores mapping instead of one page fault per page. Contents are unchanged (pages
// not yet allocated read as zero either way). A kernel without MADV_POPULATE_WRITE (before Linux 5.14)
// refuses it, and the pages fault in as before.
void Engine::populate_cbs() {
#ifdef MADV_POPULATE_WRITE
  const uintptr_t page = 4096;
  for (auto& cb : prog.cbs)
    for (uint32_t c : cb.cores) {
      const uintptr_t lo = reinterpret_cast<uintptr_t>(dev.l1_host(c) + cb.address) & ~(page - 1);
      const uintptr_t hi = reinterpret_cast<uintptr_t>(dev.l1_host(c) + cb.address + cb.config.total_size());
      if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_POPULATE_WRITE);
    }
#endif
}

void Engine::fiber_main(void* arg) {
  auto* k = static_cast<KernelRun*>(arg);
  Engine* e = tls_engine;
  try {
    k->image->entry();
    e->deliver_reads(*k);
    e->deliver_writes(*k);
    k->clock = std::max({k->clock, k->pack_clock, k->reads_done_at, k->writes_done_at});
  } catch (...) {
    e->failure = std::current_exception();
  }
  k->state = KernelRun::kDone;
  k->stats.end_cycle = k->clock;
  ++e->progress;
  fiber_switch(k->fiber, e->sched);
  __builtin_unreachable();
}

void Engine::drain_math() {
  for (auto& cr : cores) cr.strand->drain();
}

void Engine::yield(KernelRun& k) { fiber_switch(k.fiber, sched); }

void Engine::resume(KernelRun& k) {
  KernelImage& img = *k.image;
  if (img.size && img.owner != &k) {
    if (img.owner) std::memcpy(img.owner->globals.data(), img.data, img.size);
    std::memcpy(img.data, k.globals.data(), img.size);
    img.owner = &k;
  }
  if (k.grants) *k.grants = {};  // other kernels may have changed what it may touch
  fiber_switch(sched, k.fiber);
}

bool Engine::ready(const KernelRun& k) {
  switch (k.state) {
    case KernelRun::kDone: return false;
    case KernelRun::kReady:
    case KernelRun::kPolling: return true;
    case KernelRun::kBlocked: break;
  }
  const Wait& w = k.wait;
  const CbState* cb = w.kind == Wait::kCbFront || w.kind == Wait::kCbBack ? &cores[core_slot[k.core]].cbs[w.cb] : nullptr;
  switch (w.kind) {
    case Wait::kCbFront: return cb->filled() >= w.n;
    case Wait::kCbBack: return cb->num_pages - cb->filled() >= w.n;
    case Wait::kSem: {
      uint32_t v;
      fence(dev.l1_host(k.core) + w.addr, 4, false);
      std::memcpy(&v, dev.l1_host(k.core) + w.addr, 4);
      return w.at_least ? v >= w.value : v == w.value;
    }
    default: return true;
  }
}

void Engine::run() {
  tls_engine = this;
  window_maps_at_start = dev.window_maps();
  auto t0 = std::chrono::steady_clock::now();
  Trace* trace = trace_begin(*this);
  RunGuards guards(*this);
  populate_cbs();
  std::vector<size_t> order(cores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t idle_rounds = 0;
  int last_core = -1;
  struct Reset {
    ~Reset() {
      tls_engine = nullptr;
      tls_kernel = nullptr;
    }
  } reset;
  try {
    for (;;) {
      if (seed) std::shuffle(order.begin(), order.end(), rng);
      bool any_progress = false, all_done = true, any_polling = false;
      for (size_t oi : order) {
        CoreRun& cr = cores[oi];
        bool core_progress = true;
        while (core_progress) {
          core_progress = false;
          const size_t nk = cr.kernels.size();
          const size_t start = seed && nk > 1 ? rng() % nk : 0;
          for (size_t j = 0; j < nk; ++j) {
            KernelRun* k = cr.kernels[(start + j) % nk];
            if (k->state == KernelRun::kDone || !ready(*k)) continue;
            const bool polling = k->state == KernelRun::kPolling;
            const uint64_t before = progress;
            if (static_cast<int>(cr.core) != last_core) {
              ++core_switches;
              last_core = static_cast<int>(cr.core);
              dev.select_window(cr.core);
            }
            current = k;
            tls_kernel = &k->ctx;
            ++switches;
            heartbeat();
            resume(*k);
            cr.strand->flush();  // the math it issued may start on another host thread
            current = nullptr;
            tls_kernel = nullptr;
            if (failure) std::rethrow_exception(failure);
            if (!polling || progress != before) core_progress = true;
          }
          if (core_progress) any_progress = true;
        }
        for (KernelRun* k : cr.kernels) {
          if (k->state != KernelRun::kDone) all_done = false;
          if (k->state == KernelRun::kPolling) any_polling = true;
        }
      }
      if (all_done) break;
      if (any_progress) {
        idle_rounds = 0;
        continue;
      }
      // Nothing can run: pending NoC writes may land now (they would eventually on the device).
      const uint64_t before = progress;
      deliver_all();
      bool now_ready = false;
      for (auto& r : runs)
        if (r->state == KernelRun::kBlocked && ready(*r)) now_ready = true;
      if (now_ready || progress != before) continue;
      if (!any_polling) deadlock(false);
      if (++idle_rounds > kPollsBeforeWatchdog / 64) deadlock(true);
    }
    drain_math();  // the program's results are in memory when it ends
  } catch (...) {
    try {
      drain_math();
    } catch (...) {
    }
    auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    collect_stats(wall, std::current_exception());
    trace_end(trace, *this);
    throw;
  }
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  collect_stats(wall);
  trace_end(trace, *this);
}

std::string Engine::describe_wait(const KernelRun& k) {
  const Wait& w = k.wait;
  const CoreRun& cr = cores[core_slot[k.core]];
  if (k.state == KernelRun::kPolling) return fmt::format("spinning in {} without progress", w.api);
  if (w.kind == Wait::kCbFront || w.kind == Wait::kCbBack) {
    const CbState& cb = cr.cbs[w.cb];
    const bool front = w.kind == Wait::kCbFront;
    std::string other;
    for (const KernelRun* o : cr.kernels) {
      if (o == &k) continue;
      const bool role = front ? (cb.producer == static_cast<int>(o->index)) : (cb.consumer == static_cast<int>(o->index));
      if (!role) continue;
      other = fmt::format("; its {} on this core is {} ({})", front ? "producer" : "consumer", o->label(),
                          o->state == KernelRun::kDone ? std::string("finished")
                          : o->state == KernelRun::kBlocked ? std::string("alive, blocked in ") + o->wait.api
                                                            : std::string("alive"));
    }
    if (other.empty())
      other = fmt::format("; no kernel on this core has {} cb {}", front ? "pushed to" : "popped from", w.cb);
    return fmt::format("waits in {}(cb={}, pages={}): the CB holds {} filled page(s) of {} (pushed {}, popped {}){}",
                       w.api, w.cb, w.n, cb.filled(), cb.num_pages, cb.received, cb.acked, other);
  }
  if (w.kind == Wait::kSem) {
    uint32_t v;
    fence(dev.l1_host(k.core) + w.addr, 4, false);
    std::memcpy(&v, dev.l1_host(k.core) + w.addr, 4);
    std::string sem = w.addr >= sem_base && w.addr < sem_base + 16 * 16
                          ? fmt::format("semaphore {} (L1 0x{:x})", (w.addr - sem_base) / 16, w.addr)
                          : fmt::format("L1 word 0x{:x}", w.addr);
    return fmt::format("waits in {} for {} to become {}{}; it is {}", w.api, sem, w.at_least ? ">= " : "", w.value, v);
  }
  return "is runnable";
}

[[noreturn]] void api_call_limit(const KernelRun& k, const char* api) {
  kernel_fault("watchdog", api,
               fmt::format("watchdog: kernel {} has made more than {} API calls (TT_EMU_MAX_API_CALLS) without "
                           "finishing: it loops forever? (a legitimate kernel this long may raise the bound; 0 "
                           "removes it)",
                           k.label(), tls_engine->max_api_calls));
}

[[noreturn]] void Engine::deadlock(bool watchdog) {
  const KernelRun* first = nullptr;
  std::string all;
  for (auto& r : runs) {
    if (r->state == KernelRun::kDone) continue;
    if (watchdog ? r->state == KernelRun::kPolling && !first : !first) first = r.get();
    all += fmt::format("\n    core {} kernel {}{} {}", core_str(*this, r->core), r->label(), waypoint_str(*r),
                       describe_wait(*r));
  }
  if (!first) first = runs.front().get();
  std::string msg = watchdog ? fmt::format("watchdog: kernel {} keeps polling without any progress in the program",
                                           first->label())
                             : fmt::format("deadlock: no kernel can make progress; kernel {} {}", first->label(),
                                           describe_wait(*first));
  msg += "\n  blocked kernels:" + all;
  run_fault(*this, *first, watchdog ? "watchdog" : "deadlock", first->wait.api, msg);
}
}  // namespace emu
