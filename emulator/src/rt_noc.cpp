// Kernel-side NoC transfers and semaphores. A read/write is recorded as pending and its bytes move at the
// matching barrier (reads: noc_async_read_barrier; writes: write barrier / writes_flushed, or before a later
// semaphore/atomic from the same kernel, which the NoC keeps in order), at kernel end, or when nothing else
// can run. Every address is bounds-checked: L1 targets inside L1, DRAM targets inside an allocated buffer.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "access_rules.h"
#include "engine.h"
#include "faults.h"
#include "noc_timing.h"
#include "timing.h"
#include "trace.h"

namespace emu {
namespace {
constexpr uint64_t kLocalMask = (1ull << 36) - 1;

struct Target {
  uint8_t* ptr;
  int core;  // −1 for DRAM
  uint32_t local;
  int bank = -1;  // DRAM bank, for per-bank traffic
};

void check_local(const Device& d, uint32_t addr, uint32_t size, const char* api, const char* what) {
  if (addr < kWindowLo || static_cast<uint64_t>(addr) + size > d.model.l1_size)
    kernel_fault("noc_bounds", api,
                 fmt::format("{} L1 range [0x{:x}, 0x{:x}) is outside this core's L1 (usable 0x{:x}..0x{:x})", what,
                             addr, static_cast<uint64_t>(addr) + size, kWindowLo, d.model.l1_size));
}

Target resolve(Device& d, uint64_t noc_addr, uint32_t size, const char* api) {
  const uint32_t x = (noc_addr >> 36) & 63, y = (noc_addr >> 42) & 63;
  const uint64_t local = noc_addr & kLocalMask;
  const NocNode& n = d.node(x, y);
  if (n.kind == NocNode::kWorker) {
    if (local < kWindowLo || local + size > d.model.l1_size)
      kernel_fault("noc_bounds", api,
                   fmt::format("NoC address 0x{:x}: L1 range [0x{:x}, 0x{:x}) on core at NOC ({},{}) is outside L1 "
                               "(0x{:x}..0x{:x})", noc_addr, local, local + size, x, y, kWindowLo, d.model.l1_size));
    return {d.l1_host(n.index) + local, n.index, static_cast<uint32_t>(local), -1};
  }
  if (n.kind == NocNode::kDram) {
    // A channel address belongs to the bank view whose [offset, offset + bank size) contains it.
    const DeviceModel& m = d.model;
    int bank = -1;
    for (uint32_t b = 0; b < m.num_dram_banks; ++b)
      if (m.bank_channel[b] == static_cast<uint32_t>(n.index) && local >= m.bank_offset[b] &&
          local < m.bank_offset[b] + m.dram_bank_size)
        bank = static_cast<int>(b);
    const uint64_t rel = bank >= 0 ? local - m.bank_offset[bank] : local;
    if (bank < 0 || !d.dram_allocated(rel, rel + size))
      kernel_fault("noc_bounds", api,
                   fmt::format("NoC address 0x{:x}: DRAM channel {} (bank {}) range [0x{:x}, 0x{:x}) is not inside any "
                               "allocated DRAM buffer", noc_addr, n.index, bank, rel, rel + size));
    return {d.channel_host(n.index) + local, -1, static_cast<uint32_t>(rel), bank};
  }
  std::string dram;
  for (uint32_t b = 0; b < d.model.num_dram_banks; ++b)
    dram += fmt::format("{}({},{})", b ? " " : "", d.model.dram_noc[b].x, d.model.dram_noc[b].y);
  kernel_fault("noc_bounds", api,
               fmt::format("NoC address 0x{:x} targets NOC node ({},{}), which is neither a worker core nor a DRAM "
                           "bank on {} (DRAM banks 0..{} are at {}; address generators and "
                           "get_noc_addr_from_bank_id find them)",
                           noc_addr, x, y, d.model.name, d.model.num_dram_banks - 1, dram));
}

// Worker cores of a multicast rectangle (either corner order), optionally without the sender.
std::vector<uint32_t> mcast_cores(Device& d, uint64_t addr, bool loopback, uint32_t self, uint32_t num_dests,
                                  const char* api) {
  uint32_t x1 = (addr >> 36) & 63, y1 = (addr >> 42) & 63, x0 = (addr >> 48) & 63, y0 = (addr >> 54) & 63;
  if (x0 > x1) std::swap(x0, x1);
  if (y0 > y1) std::swap(y0, y1);
  std::vector<uint32_t> out;
  bool has_self = false;
  for (uint32_t y = y0; y <= y1; ++y)
    for (uint32_t x = x0; x <= x1; ++x) {
      const NocNode& n = d.node(x, y);
      if (n.kind != NocNode::kWorker) continue;
      if (static_cast<uint32_t>(n.index) == self) {
        has_self = true;
        if (!loopback) continue;
      }
      out.push_back(n.index);
    }
  if (out.size() != num_dests)
    kernel_fault("noc_mcast", api,
                 fmt::format("multicast to NOC rectangle ({},{})-({},{}) reaches {} core(s){} but num_dests is {}: the "
                             "device would wait for the wrong number of acknowledgements",
                             x0, y0, x1, y1, out.size(),
                             loopback ? " including the sender" : (has_self ? " (the sender excluded)" : ""), num_dests));
  return out;
}

void note_sem_write(Engine& e, uint32_t core, uint32_t addr, uint64_t t) {
  if (e.core_slot[core] < 0) return;
  if (addr >= e.sem_base && addr < e.sem_base + 16 * 16) {
    uint64_t& slot = e.cores[e.core_slot[core]].sem_time[(addr - e.sem_base) / 16];
    slot = std::max(slot, t);
  }
}
}  // namespace

// Until a read lands its destination holds a poison pattern (head and tail 16 bytes, or all of it with
// TT_EMU_POISON=full): a kernel that reads early sees garbage, as it could on the device, and one that writes
// there is caught when the read lands.
namespace {
constexpr uint8_t kPoison[4] = {0xEF, 0xBE, 0xAD, 0xDE};
bool poison_full() {
  static const bool full = [] {
    const char* v = std::getenv("TT_EMU_POISON");
    return v && std::string(v) == "full";
  }();
  return full;
}
template <typename Fn>
void for_poisoned(uint8_t* p, uint32_t size, Fn&& fn) {
  if (poison_full() || size <= 32) {
    fn(p, size);
  } else {
    fn(p, 16);
    fn(p + size - 16, 16);
  }
}
// The pattern repeats every 4 bytes of address, so an aligned word reads 0xDEADBEEF.
inline uint8_t poison_byte(const uint8_t* q) { return kPoison[reinterpret_cast<uintptr_t>(q) & 3]; }
void poison(uint8_t* p, uint32_t size) {
  for_poisoned(p, size, [](uint8_t* q, uint32_t n) {
    if ((reinterpret_cast<uintptr_t>(q) & 3) == 0) {
      const uint32_t word = 0xDEADBEEFu;
      uint32_t i = 0;
      for (; i + 4 <= n; i += 4) std::memcpy(q + i, &word, 4);
      for (; i < n; ++i) q[i] = poison_byte(q + i);
    } else {
      for (uint32_t i = 0; i < n; ++i) q[i] = poison_byte(q + i);
    }
  });
}
bool poison_intact(uint8_t* p, uint32_t size) {
  bool ok = true;
  for_poisoned(p, size, [&](uint8_t* q, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) ok &= q[i] == poison_byte(q + i);
  });
  return ok;
}
}  // namespace

// The destination of a pending read is checked at every API call of the kernel that issued it, so a store into
// it is reported at the first API call after the store, not only when the read lands.
void check_pending_reads_intact(KernelRun& k, const char* api) {
  for (const PendingXfer& r : k.reads)
    if (!r.landed && (tls_engine->fence(r.dst, r.size, false), !poison_intact(r.dst, r.size)))
      kernel_fault("read_before_barrier", api,
                   fmt::format("the destination [0x{:x}, 0x{:x}) of a pending noc_async_read was written before the "
                               "read completed (noticed at {}); wait with noc_async_read_barrier() first",
                               r.dst_addr, r.dst_addr + r.size, api));
}

void Engine::land_reads(KernelRun& k) {
  bool moved = false;
  for (PendingXfer& r : k.reads) {
    if (r.landed) continue;
    fence(r.dst, r.size, true);
    fence(r.src, r.size, false);
    if (!poison_intact(r.dst, r.size))
      run_fault(*this, k, "read_before_barrier", "noc_async_read_barrier",
                fmt::format("the destination [0x{:x}, 0x{:x}) of a pending noc_async_read was written before the read "
                            "completed (by this kernel or another transfer); wait with noc_async_read_barrier() first",
                            r.dst_addr, r.dst_addr + r.size));
    std::memmove(r.dst, r.src, r.size);
    r.landed = moved = true;
  }
  if (moved) ++progress;
}
void Engine::deliver_reads(KernelRun& k) {
  land_reads(k);
  k.reads.clear();
}
void Engine::deliver_writes(KernelRun& k) {
  for (const PendingXfer& w : k.writes) {
    if (defer_dram_write(w, static_cast<int>(k.core))) continue;
    fence(w.src, w.size, false);
    fence(w.dst, w.size, true);
    std::memmove(w.dst, w.src, w.size);
    if (w.dst_core >= 0) note_sem_write(*this, w.dst_core, w.dst_addr, k.writes_done_at);
  }
  if (!k.writes.empty()) ++progress;
  k.writes.clear();
}
void Engine::deliver_all() {
  for (auto& r : runs) {
    land_reads(*r);
    deliver_writes(*r);
  }
}

namespace rt {
void noc_read(uint64_t src, uint32_t dst_l1, uint32_t size, uint8_t noc) {
  KernelRun& k = api_call("noc_async_read");
  if (!k.reads.empty()) check_pending_reads_intact(k, "noc_async_read");
  Engine& e = *tls_engine;
  check_local(e.dev, dst_l1, size, "noc_async_read", "destination");
  Target t = resolve(e.dev, src, size, "noc_async_read");
  check_l1_access(k, dst_l1, size, Access::kNocDest, "noc_async_read");
  if (t.core >= 0) check_noc_access(t.core, t.local, size, false, "noc_async_read");
  (t.core < 0 ? k.stats.noc_read_bytes_dram : k.stats.noc_read_bytes_l1) += size;
  if (t.bank >= 0) e.dram_bank_bytes[t.bank] += size;
  const Xfer kind = t.core < 0 ? Xfer::kReadDram : Xfer::kReadL1;
  k.reads_done_at = std::max(k.reads_done_at, transfer_time(k, e.dev, noc, size, kind, t.bank));
  uint8_t* dst = e.dev.l1_host(k.core) + dst_l1;
  for (KernelRun* o : e.core_of(k).kernels)
    for (const PendingXfer& w : o->writes)
      if (w.src_addr < dst_l1 + size && w.src_addr + w.size > dst_l1)
        kernel_fault("read_before_barrier", "noc_async_read",
                     fmt::format("reading into [0x{:x}, 0x{:x}) while a noc_async_write from 0x{:x} (issued by {}) may "
                                 "still be sending it: call noc_async_write_barrier() first",
                                 dst_l1, dst_l1 + size, w.src_addr, o->label()));
  const bool now = e.seed && (e.rng() & 3) == 0;  // this seed lets the data land at once
  e.fence(dst, size, true);
  if (now) e.fence(t.ptr, size, false);
  if (now) std::memmove(dst, t.ptr, size);
  else poison(dst, size);
  k.reads.push_back({dst, t.ptr, size, static_cast<int>(k.core), dst_l1, 0, now});
}

void noc_write(uint32_t src_l1, uint64_t dst, uint32_t size, uint8_t noc) {
  KernelRun& k = api_call("noc_async_write");
  if (!k.reads.empty()) check_pending_reads_intact(k, "noc_async_write");
  Engine& e = *tls_engine;
  check_local(e.dev, src_l1, size, "noc_async_write", "source");
  Target t = resolve(e.dev, dst, size, "noc_async_write");
  check_l1_access(k, src_l1, size, Access::kNocSource, "noc_async_write");
  if (t.core >= 0) check_noc_access(t.core, t.local, size, true, "noc_async_write");
  (t.core < 0 ? k.stats.noc_write_bytes_dram : k.stats.noc_write_bytes_l1) += size;
  if (t.bank >= 0) e.dram_bank_bytes[t.bank] += size;
  const Xfer kind = t.core < 0 ? Xfer::kWriteDram : Xfer::kWriteL1;
  k.writes_done_at = std::max(k.writes_done_at, transfer_time(k, e.dev, noc, size, kind, t.bank));
  k.writes.push_back({t.ptr, e.dev.l1_host(k.core) + src_l1, size, t.core, t.local, src_l1});
  if (e.seed && (e.rng() & 3) == 0) e.deliver_writes(k);  // this seed lets the writes land now (in order)
}

void noc_write_mcast(uint32_t src_l1, uint64_t dst, uint32_t size, uint32_t num_dests, bool loopback, uint8_t noc,
                     bool linked) {
  const char* api = loopback ? "noc_async_write_multicast_loopback_src" : "noc_async_write_multicast";
  KernelRun& k = api_call(api);
  Engine& e = *tls_engine;
  check_local(e.dev, src_l1, size, api, "source");
  const uint32_t local = static_cast<uint32_t>(dst & kLocalMask);
  check_local(e.dev, local, size, api, "destination");
  auto dests = mcast_cores(e.dev, dst, loopback, k.core, num_dests, api);
  check_l1_access(k, src_l1, size, Access::kNocSource, api);
  for (uint32_t c : dests) check_noc_access(c, local, size, true, api);
  k.stats.noc_write_bytes_mcast += static_cast<uint64_t>(size) * dests.size();
  const Xfer kind = linked ? Xfer::kMcastLinked : Xfer::kMcast;
  k.writes_done_at = std::max(k.writes_done_at, transfer_time(k, e.dev, noc, size, kind));
  for (uint32_t c : dests)
    k.writes.push_back({e.dev.l1_host(c) + local, e.dev.l1_host(k.core) + src_l1, size, static_cast<int>(c), local, src_l1});
  if (e.seed && (e.rng() & 3) == 0) e.deliver_writes(k);
}

void noc_read_barrier(uint8_t) {
  KernelRun& k = api_call("noc_async_read_barrier");
  tls_engine->deliver_reads(k);
  k.clock = std::max(k.clock, k.reads_done_at);
}
void noc_write_barrier(uint8_t) {
  KernelRun& k = api_call("noc_async_write_barrier");
  tls_engine->deliver_writes(k);
  k.clock = std::max(k.clock, k.writes_done_at);
}
void noc_writes_flushed(uint8_t noc) { noc_write_barrier(noc); }
void noc_full_barrier(uint8_t noc) {
  noc_read_barrier(noc);
  noc_write_barrier(noc);
}

void sem_wait(volatile uint32_t* addr, uint32_t value, bool at_least) {
  const char* api = at_least ? "noc_semaphore_wait_min" : "noc_semaphore_wait";
  KernelRun& k = api_call(api);
  Engine& e = *tls_engine;
  const uint32_t a = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(addr));
  check_local(e.dev, a, 4, api, "semaphore");
  k.clock += timing::kSemCall;
  // Through the all-cores mapping (same bytes as the window): no page fault after each core switch.
  const volatile uint32_t* word = reinterpret_cast<const volatile uint32_t*>(e.dev.l1_host(k.core) + a);
  e.fence(e.dev.l1_host(k.core) + a, 4, false);
  auto ok = [&] {
    const uint32_t v = *word;
    return at_least ? v >= value : v == value;
  };
  if (!ok()) {
    k.wait = Wait{Wait::kSem, 0, 0, a, value, at_least, api};
    k.state = KernelRun::kBlocked;
    e.yield(k);
    k.state = KernelRun::kReady;
  }
  if (a >= e.sem_base && a < e.sem_base + 16 * 16) {
    const uint64_t t = e.core_of(k).sem_time[(a - e.sem_base) / 16];
    if (t > k.clock) {
      k.stats.sem_blocked_cycles += t - k.clock;
      trace_span(k, k.index, Track::kMain, fmt::format("{} sem{}", api, (a - e.sem_base) / 16), k.clock, t);
      k.clock = t;
    }
  }
}

void sem_set(volatile uint32_t* addr, uint32_t value) {
  KernelRun& k = api_call("noc_semaphore_set");
  Engine& e = *tls_engine;
  const uint32_t a = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(addr));
  check_local(e.dev, a, 4, "noc_semaphore_set", "semaphore");
  check_l1_access(k, a, 4, Access::kStore, "noc_semaphore_set");
  e.fence(e.dev.l1_host(k.core) + a, 4, true);
  *reinterpret_cast<volatile uint32_t*>(e.dev.l1_host(k.core) + a) = value;  // = *addr, without a window fault
  k.clock += timing::kSemCall;
  note_sem_write(e, k.core, a, k.clock);
  ++e.progress;
}

void sem_inc(uint64_t noc_addr, uint32_t incr, uint8_t noc) {
  KernelRun& k = api_call("noc_semaphore_inc");
  Engine& e = *tls_engine;
  e.deliver_writes(k);  // the NoC delivers this kernel's earlier writes first
  Target t = resolve(e.dev, noc_addr, 4, "noc_semaphore_inc");
  if (t.core < 0) kernel_fault("noc_bounds", "noc_semaphore_inc", "atomic increment of a DRAM address");
  check_noc_access(t.core, t.local, 4, true, "noc_semaphore_inc");
  uint32_t v;
  e.fence(t.ptr, 4, true);
  std::memcpy(&v, t.ptr, 4);
  v += incr;
  std::memcpy(t.ptr, &v, 4);
  const uint64_t done = transfer_time(k, e.dev, noc, 4, Xfer::kWriteL1);
  k.stats.noc_write_bytes_l1 += 4;
  note_sem_write(e, t.core, t.local, done);
  k.writes_done_at = std::max(k.writes_done_at, done);
  ++e.progress;
}

void sem_set_remote(uint32_t src_l1, uint64_t dst, uint8_t noc) {
  KernelRun& k = api_call("noc_semaphore_set_remote");
  Engine& e = *tls_engine;
  check_local(e.dev, src_l1, 4, "noc_semaphore_set_remote", "source");
  e.deliver_writes(k);
  Target t = resolve(e.dev, dst, 4, "noc_semaphore_set_remote");
  if (t.core >= 0) check_noc_access(t.core, t.local, 4, true, "noc_semaphore_set_remote");
  e.fence(e.dev.l1_host(k.core) + src_l1, 4, false);
  e.fence(t.ptr, 4, true);
  std::memcpy(t.ptr, e.dev.l1_host(k.core) + src_l1, 4);
  const uint64_t done = transfer_time(k, e.dev, noc, 4, t.core < 0 ? Xfer::kWriteDram : Xfer::kWriteL1, t.bank);
  (t.core < 0 ? k.stats.noc_write_bytes_dram : k.stats.noc_write_bytes_l1) += 4;
  if (t.core >= 0) note_sem_write(e, t.core, t.local, done);
  k.writes_done_at = std::max(k.writes_done_at, done);
  ++e.progress;
}

void sem_set_mcast(uint32_t src_l1, uint64_t dst, uint32_t num_dests, bool loopback, uint8_t noc) {
  const char* api = loopback ? "noc_semaphore_set_multicast_loopback_src" : "noc_semaphore_set_multicast";
  KernelRun& k = api_call(api);
  Engine& e = *tls_engine;
  check_local(e.dev, src_l1, 4, api, "source");
  const uint32_t local = static_cast<uint32_t>(dst & kLocalMask);
  check_local(e.dev, local, 4, api, "destination");
  auto dests = mcast_cores(e.dev, dst, loopback, k.core, num_dests, api);
  for (uint32_t c : dests) check_noc_access(c, local, 4, true, api);
  e.deliver_writes(k);
  const uint64_t done = transfer_time(k, e.dev, noc, 4, Xfer::kWriteL1);
  uint32_t v;
  e.fence(e.dev.l1_host(k.core) + src_l1, 4, false);
  std::memcpy(&v, e.dev.l1_host(k.core) + src_l1, 4);
  for (uint32_t c : dests) {
    e.fence(e.dev.l1_host(c) + local, 4, true);
    std::memcpy(e.dev.l1_host(c) + local, &v, 4);
    note_sem_write(e, c, local, done);
  }
  k.stats.noc_write_bytes_mcast += 4ull * dests.size();
  k.writes_done_at = std::max(k.writes_done_at, done);
  ++e.progress;
}

void inline_dw_write(uint64_t noc_addr, uint32_t value, uint8_t noc) {
  KernelRun& k = api_call("noc_inline_dw_write");
  Engine& e = *tls_engine;
  e.deliver_writes(k);
  Target t = resolve(e.dev, noc_addr, 4, "noc_inline_dw_write");
  if (t.core >= 0) check_noc_access(t.core, t.local, 4, true, "noc_inline_dw_write");
  e.fence(t.ptr, 4, true);
  std::memcpy(t.ptr, &value, 4);
  const uint64_t done = transfer_time(k, e.dev, noc, 4, t.core < 0 ? Xfer::kWriteDram : Xfer::kWriteL1, t.bank);
  (t.core < 0 ? k.stats.noc_write_bytes_dram : k.stats.noc_write_bytes_l1) += 4;
  if (t.core >= 0) note_sem_write(e, t.core, t.local, done);
  k.writes_done_at = std::max(k.writes_done_at, done);
  ++e.progress;
}
}  // namespace rt
}  // namespace emu
