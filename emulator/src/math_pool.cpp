// The host thread pool behind Strand (math_pool.h). Workers take a strand from the ready list and run its
// operations in order until it is empty, so a strand is never run by two threads at once. A thread waiting in
// a fence runs ready strands itself instead of sleeping, so one host thread still makes progress.
#include "math_pool.h"

#include <sched.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <thread>

#include "emu/emulator.h"

namespace emu {
namespace {
unsigned g_threads_override = 0;
}  // namespace

class MathPool {
 public:
  static MathPool& get() {
    static MathPool* p = new MathPool;  // never destroyed: workers may still sleep at process exit
    return *p;
  }
  // Makes sure `n` workers exist; those beyond `n` take no work.
  void want_workers(unsigned n) {
    if (n == wanted_.load(std::memory_order_relaxed) && n <= workers_.load(std::memory_order_relaxed)) return;
    std::lock_guard<std::mutex> l(mu_);
    wanted_ = n;
    while (workers_ < n) {
      const unsigned index = workers_++;
      std::thread([this, index] { work(index); }).detach();
    }
    cv_work_.notify_all();
  }
  void schedule(Strand& s, std::vector<std::function<void()>>& ops) {
    std::lock_guard<std::mutex> l(mu_);
    for (auto& op : ops) s.queue_.push_back(std::move(op));
    ops.clear();
    if (!s.queued_) {
      s.queued_ = true;
      ready_.push_back(&s);
      cv_work_.notify_one();
    }
  }
  // Until no pool thread runs `s` (its queue is empty: a drained strand is at most finishing its last operation).
  void release(Strand& s) {
    std::unique_lock<std::mutex> l(mu_);
    while (s.queued_) {
      ++waiters_;
      cv_done_.wait(l);
      --waiters_;
    }
  }
  // Until `s` has finished `seq` operations; runs ready strands meanwhile.
  void wait_for(Strand& s, uint64_t seq) {
    std::unique_lock<std::mutex> l(mu_);
    while (s.done_.load(std::memory_order_acquire) < seq) {
      if (!ready_.empty()) {
        // Prefer the strand being waited for when it is ready (not running on a worker).
        auto it = std::find(ready_.begin(), ready_.end(), &s);
        Strand* t = it != ready_.end() ? *it : ready_.front();
        ready_.erase(it != ready_.end() ? it : ready_.begin());
        run_strand(*t, l);
        continue;
      }
      ++waiters_;
      cv_done_.wait(l);
      --waiters_;
    }
  }

 private:
  void work(unsigned index) {
    std::unique_lock<std::mutex> l(mu_);
    for (;;) {
      cv_work_.wait(l, [&] { return index < wanted_ && !ready_.empty(); });
      Strand* s = ready_.front();
      ready_.pop_front();
      run_strand(*s, l);
    }
  }
  // Runs `s` until its queue is empty (the lock is held on entry and exit, released around each operation).
  void run_strand(Strand& s, std::unique_lock<std::mutex>& l) {
    while (!s.queue_.empty()) {
      std::function<void()> op = std::move(s.queue_.front());
      s.queue_.pop_front();
      l.unlock();
      std::exception_ptr error;
      try {
        op();
      } catch (...) {
        error = std::current_exception();
      }
      op = nullptr;
      l.lock();
      if (error && !s.error_) s.error_ = error;
      s.done_.fetch_add(1, std::memory_order_release);
      if (waiters_) cv_done_.notify_all();
    }
    s.queued_ = false;
    if (waiters_) cv_done_.notify_all();  // a strand being destroyed waits for this (Strand::~Strand)
  }

  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_;
  std::deque<Strand*> ready_;
  std::atomic<unsigned> workers_{0}, wanted_{0};
  unsigned waiters_ = 0;
};

unsigned host_threads() {
  if (g_threads_override) return g_threads_override;
  static const unsigned env = [] {
    const char* v = std::getenv("TT_EMU_THREADS");
    const long n = v && *v ? std::strtol(v, nullptr, 10) : 0;
    if (n > 0) return static_cast<unsigned>(n);
    // Default: the CPUs this process may run on (its affinity mask: a container's or taskset's share).
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
  }();
  return env;
}
void set_host_threads(unsigned n) { g_threads_override = n; }

namespace {
// Operations a strand may have queued before the issuing call waits (bounds the queue and the pending ranges).
constexpr uint64_t kMaxBacklog = 256;
// Operations handed to the pool at once (each hand-over takes the pool's lock and may wake a worker).
constexpr size_t kBatch = 16;
}  // namespace

Strand::~Strand() {
  if (issued_) MathPool::get().release(*this);  // only a strand that ever deferred work can be held by the pool
}

uint64_t Strand::submit(std::function<void()> op, const std::vector<ByteRange>& reads,
                        const std::vector<ByteRange>& writes) {
  if (inline_math()) {
    op();  // inline, as a single-threaded emulator runs it
    return 0;
  }
  if (issued_ - done_.load(std::memory_order_acquire) >= kMaxBacklog) wait_for(issued_ - kMaxBacklog / 2);
  if (pending_.size() >= 64 && (issued_ & 63) == 0) prune();
  const uint64_t seq = ++issued_;
  for (const ByteRange& r : reads) pending_.push_back({seq, r, false});
  for (const ByteRange& r : writes) pending_.push_back({seq, r, true});
  batch_.push_back(std::move(op));
  if (batch_.size() >= kBatch) flush();
  return seq;
}

void Strand::flush() {
  if (batch_.empty()) return;
  MathPool& pool = MathPool::get();
  pool.want_workers(host_threads() - 1);
  published_ = issued_;
  pool.schedule(*this, batch_);
}

bool Strand::inline_math() const { return host_threads() <= 1 && issued_ == done_.load(std::memory_order_acquire); }

void Strand::prune() {
  const uint64_t done = done_.load(std::memory_order_acquire);
  pending_.erase(std::remove_if(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.seq <= done; }),
                 pending_.end());
}

void Strand::wait_for(uint64_t seq) {
  if (seq > issued_) seq = issued_;
  if (seq > published_) flush();
  if (done_.load(std::memory_order_acquire) < seq) MathPool::get().wait_for(*this, seq);
  prune();
  if (error_) {
    std::exception_ptr e = error_;
    error_ = nullptr;
    std::rethrow_exception(e);
  }
}

uint64_t Strand::last_conflict(const uint8_t* p, uint64_t size, bool write) const {
  const uint64_t done = done_.load(std::memory_order_acquire);
  if (done >= issued_) return 0;
  uint64_t need = 0;
  for (const Pending& q : pending_)
    if (q.seq > done && (write || q.write) && q.range.lo < p + size && p < q.range.hi) need = std::max(need, q.seq);
  return need;
}
}  // namespace emu
