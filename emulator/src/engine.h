// The engine runs one program on the device: a fiber per (core, kernel), cooperatively scheduled core by
// core (all fibers of a core run before the L1 window moves to the next core). Blocking API calls record
// what they wait for and yield; the scheduler resumes a fiber only when its wait is satisfied, so it can
// also explain a deadlock. Per-core CB state, pending NoC transfers, counters and modeled clocks live here.
#pragma once
#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "device.h"
#include "emu/kernel_ctx.h"
#include "emu/stats.h"
#include "fiber.h"
#include "kernel_build.h"
#include "math_pool.h"
#include "program_impl.h"

namespace emu {
struct CbState {
  bool configured = false;
  uint32_t fifo_addr = 0, fifo_size = 0, fifo_limit = 0, page_size = 0, num_pages = 0;
  uint32_t data_format = 0, tile_size = 0;
  uint32_t received = 0, acked = 0;  // pages pushed / popped so far
  uint32_t rd_ptr = 0, wr_ptr = 0;
  uint32_t waited = 0;    // pages the consumer waited for and has not popped
  uint32_t reserved = 0;  // pages the producer reserved and has not pushed
  int producer = -1, consumer = -1;  // run index of the last pusher / waiter
  std::vector<uint64_t> push_time, pop_time;  // modeled time each slot was last filled / freed
  uint32_t filled() const { return received - acked; }
};

struct PendingXfer {
  uint8_t* dst;
  const uint8_t* src;
  uint32_t size;
  int dst_core;      // core whose L1 receives (−1 for DRAM)
  uint32_t dst_addr;  // L1 address on dst_core
  uint32_t src_addr;  // for writes: the local L1 source address
  // Reads: the data is in place (a seed landed it at once, or nothing else could run). The read stays pending,
  // its destination untouchable (access_rules.h), until the issuing kernel's barrier retires it.
  bool landed = false;
};

struct Wait {
  enum Kind : uint8_t { kNone, kCbFront, kCbBack, kSem } kind = kNone;
  uint32_t cb = 0, n = 0;
  uint32_t addr = 0, value = 0;
  bool at_least = false;
  const char* api = "";
};

struct KernelRun {
  KernelCtx ctx{};
  const KernelSpec* spec = nullptr;
  KernelImage* image = nullptr;
  std::vector<uint8_t> globals;  // this run's copy of the kernel object's writable data
  uint32_t index = 0;  // in Engine::runs_
  uint32_t core = 0;
  Risc risc = Risc::kBrisc;
  Fiber fiber;
  enum State : uint8_t { kReady, kBlocked, kPolling, kDone } state = kReady;
  Wait wait;
  std::vector<PendingXfer> reads, writes;
  uint64_t clock = 0;           // modeled cycles (of a compute kernel: its UNPACK and MATH threads)
  // A compute kernel's PACK thread (TRISC2) has its own clock: packs, cb_reserve_back and cb_push_back advance
  // it. It meets MATH at the DST hand-over: tile_regs_wait waits for the section's commit, tile_regs_acquire
  // for its release (docs/emulator.md, "Counters and timing model").
  uint64_t pack_clock = 0;
  uint64_t dst_committed_at[2] = {0, 0}, dst_released_at[2] = {0, 0};
  uint64_t& producer_clock() { return risc == Risc::kCompute ? pack_clock : clock; }
  uint64_t noc_free[2] = {0, 0};
  uint64_t bank_free[16] = {};  // when this kernel's last transfer to each DRAM bank leaves the bank (noc_timing.cpp)
  // This kernel's DRAM bytes per (bank, window of timing::kDramWindow cycles in which the bank started them), in
  // time order: what the program-end DRAM queue (stats.cpp) shares out between kernels.
  struct DramUse {
    uint64_t window;
    uint32_t bank;
    uint64_t bytes;
  };
  std::vector<DramUse> dram_use;
  uint64_t reads_done_at = 0, writes_done_at = 0;
  uint32_t polls = 0;
  uint64_t api_calls = 0;  // bounded by Engine::max_api_calls
  AccessGrants* grants = nullptr;  // the kernel object's L1 access grants (cleared at API calls and switches)
  bool warned = false;
  bool dprint_midline = false;  // its DPRINT output ended without a newline (rt::dprint)
  void* compute_state = nullptr;
  struct OpCount {
    std::string kind;
    uint64_t count, cycles;
  };
  std::vector<OpCount> op_counts;  // a few kinds, searched linearly; merged into stats.tile_ops
  void merge_op_counts();  // owned by the compute side (compute_state_free)
  KernelStats stats;
  std::string label() const;  // "reader.cpp [NCRISC]"
};

struct CoreRun {
  uint32_t core = 0;
  std::vector<CbState> cbs;
  std::vector<uint32_t> cb_indices;  // the configured CBs (what the L1 access rules scan)
  std::vector<KernelRun*> kernels;
  uint64_t sem_time[16] = {};
  std::unique_ptr<Strand> strand = std::make_unique<Strand>();  // the core's deferred tile math (math_pool.h)
};

class Engine {
 public:
  Engine(Device& dev, ProgramImpl& prog, std::vector<KernelImage*> images);
  ~Engine();
  void run();  // throws SanitizerError on a fault

  Device& dev;
  ProgramImpl& prog;
  std::vector<std::unique_ptr<KernelRun>> runs;
  std::vector<CoreRun> cores;      // cores used by the program
  std::vector<int> core_slot;      // core index → index in cores (−1 if unused)
  uint64_t progress = 0;           // bumped by every event that can unblock a fiber
  uint32_t sem_base = 0;
  uint64_t seed = 0;
  uint64_t max_api_calls = 0;  // per kernel (TT_EMU_MAX_API_CALLS; 0 there = no bound)
  std::mt19937_64 rng;
  Fiber sched;
  KernelRun* current = nullptr;
  std::exception_ptr failure;
  uint64_t switches = 0, core_switches = 0;
  uint64_t window_maps_at_start = 0;
  std::vector<uint64_t> dram_bank_bytes;  // NoC traffic per DRAM bank (timing model)

  CoreRun& core_of(const KernelRun& k) { return cores[core_slot[k.core]]; }
  void yield(KernelRun& k);  // from a fiber back to the scheduler
  void resume(KernelRun& k);  // from the scheduler into a fiber (swapping the kernel's globals in)
  bool ready(const KernelRun& k);
  void land_reads(KernelRun& k);     // moves the data of k's pending reads; they stay pending
  void deliver_reads(KernelRun& k);  // lands and retires them (barrier, kernel end)
  void deliver_writes(KernelRun& k);
  void deliver_all();
  std::string describe_wait(const KernelRun& k);
  // Before the runtime touches device bytes [p, p + size) (a write if `write`): waits for the deferred tile math
  // of the core whose L1 they are in that conflicts with the access (math_pool.h). No-op for DRAM.
  void fence(const void* p, uint64_t size, bool write) {
    const int c = dev.l1_core_of(p);
    if (c >= 0) {
      if (core_slot[c] >= 0) cores[core_slot[c]].strand->fence(static_cast<const uint8_t*>(p), size, write);
    } else if (!dram_pending.empty()) {
      fence_dram(static_cast<const uint8_t*>(p), size);
    }
  }
  void drain_math();  // waits for every core's deferred tile math
  // A NoC write into DRAM whose source the core's deferred math has still to pack is itself deferred to that
  // core's strand (after the packs) instead of waiting; it is remembered here until it is known to be done.
  struct DramWrite {
    Strand* strand;
    uint64_t seq;
    ByteRange range;
  };
  std::vector<DramWrite> dram_pending;
  void fence_dram(const uint8_t* p, uint64_t size);
  bool defer_dram_write(const PendingXfer& w, int src_core);

 private:
  void setup();
  void populate_cbs();
  static void fiber_main(void* arg);
  [[noreturn]] void deadlock(bool watchdog);
  void collect_stats(double wall, const std::exception_ptr& error = nullptr);
};

// Reports a store into the destination of a pending read of `k` (checked at the kernel's API calls).
void check_pending_reads_intact(KernelRun& k, const char* api);

// Bumped by every API call and fiber switch; the wall-clock watchdog thread watches it.
extern std::atomic<uint64_t> g_heartbeat;
inline void heartbeat() { g_heartbeat.fetch_add(1, std::memory_order_relaxed); }

// The engine and kernel running on this thread (valid inside kernel code and compute hooks).
extern thread_local Engine* tls_engine;
inline KernelRun& cur_run() { return *tls_engine->current; }

// Entry of every CB, NoC, semaphore and tile-op call of the running kernel: the wall-clock watchdog's
// heartbeat, the bound on calls per kernel that stops a kernel looping forever through legal calls, and the
// end of the kernel's L1 access grants (the call may change what it may touch).
[[noreturn]] void api_call_limit(const KernelRun& k, const char* api);
inline KernelRun& api_call(const char* api) {
  heartbeat();
  KernelRun& k = cur_run();
  if (++k.api_calls > tls_engine->max_api_calls) api_call_limit(k, api);
  if (k.grants) *k.grants = {};
  return k;
}
}  // namespace emu
