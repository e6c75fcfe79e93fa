// Tile math on a pool of host threads (docs/emulator.md, "Host threads").
// The scheduler (one host thread: fibers, CBs, NoC, semaphores, clocks, sanitizer) stays exactly as it is; what a
// compute kernel's tile operation does to data — unpack CB tiles, FPU/SFPU math on DST, pack into CB pages — may
// run later on another host thread. Contract:
//  * Each core has one Strand: its deferred operations run one at a time in issue order (they read and write
//    that core's DST and its own L1 only), so every core computes what it would inline, bit for bit.
//  * Each deferred operation names the L1 bytes it reads and writes (host addresses of that core's L1). Anything
//    else that touches those bytes first calls fence(): reads wait for pending writes, writes for pending reads
//    and writes. Fences sit where the runtime touches L1 (NoC transfers and their sanitizer checks, semaphores,
//    raw kernel loads and stores when a grant is made, DPRINT of a tile) and the compute side's own
//    synchronous operations drain the core's strand (drain()). A NoC write into DRAM of bytes the strand has still
//    to write is queued on the strand instead (Engine::defer_dram_write).
//  * Everything the scheduler decides — which fiber runs when, every clock and counter, every sanitizer check —
//    is computed on the scheduler thread before the operation is deferred, from state that does not depend on
//    when deferred operations finish: modeled time and interleavings do not depend on the thread count.
//  * Threads: TT_EMU_THREADS (default: the CPUs the process may run on), or emu::set_host_threads(); 1 runs
//    every operation inline at its call, as a single-threaded emulator does. A fault inside a deferred operation
//    is rethrown at the next fence or drain of its strand.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "emu/compute_hooks.h"

namespace emu {

class Strand {
 public:
  Strand() = default;
  Strand(const Strand&) = delete;
  Strand& operator=(const Strand&) = delete;
  // Waits until no pool thread holds the strand any more: the one that ran its last operation still touches it
  // after that operation counts as done (which is all a drain waits for).
  ~Strand();
  // Runs `op` now (one host thread; returns 0) or queues it (returns its sequence number); `reads`/`writes` are
  // the L1 bytes of this strand's core it touches.
  uint64_t submit(std::function<void()> op, const std::vector<ByteRange>& reads,
                  const std::vector<ByteRange>& writes);
  // Whether an access to [p, p + size) (a write if `write`) conflicts with a pending operation.
  bool conflicts(const uint8_t* p, uint64_t size, bool write) const {
    return !pending_.empty() && last_conflict(p, size, write) != 0;
  }
  // Waits until no pending operation conflicts with that access.
  void fence(const uint8_t* p, uint64_t size, bool write) {
    if (pending_.empty()) return;
    if (done(issued_)) return pending_.clear();  // everything issued is done
    if (const uint64_t seq = last_conflict(p, size, write)) wait_for(seq);
  }
  void wait_for(uint64_t seq);  // until operation `seq` (and every earlier one) is done; rethrows its fault
  void drain() { wait_for(issued_); }
  // Hands the operations submitted so far to the pool (they are handed over in batches, at the latest when
  // something waits for them; the scheduler also flushes after each fiber it runs).
  void flush();
  uint64_t issued() const { return issued_; }  // operations deferred so far
  bool done(uint64_t seq) const { return done_.load(std::memory_order_acquire) >= seq; }
  bool inline_math() const;  // operations run at their call (one host thread)

 private:
  friend class MathPool;
  struct Pending {
    uint64_t seq;
    ByteRange range;
    bool write;
  };
  uint64_t last_conflict(const uint8_t* p, uint64_t size, bool write) const;
  void prune();
  // Scheduler thread only.
  uint64_t issued_ = 0, published_ = 0;
  std::vector<std::function<void()>> batch_;  // submitted, not yet handed to the pool
  std::vector<Pending> pending_;  // ranges of operations not known to be done
  // Shared with the pool (under the pool's mutex).
  std::deque<std::function<void()>> queue_;
  bool queued_ = false;  // in the pool's ready list or being run
  std::atomic<uint64_t> done_{0};
  std::exception_ptr error_;
};

// The number of host threads tile math uses (including the scheduler's): TT_EMU_THREADS or set_host_threads.
unsigned host_threads();
}  // namespace emu
