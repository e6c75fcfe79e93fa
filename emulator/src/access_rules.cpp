// The L1 access rules (access_rules.h), and rt::l1_access: where the kernel build's access instrumentation
// (emu/access_hooks.h) reports the loads and stores kernel code makes in the L1 window.
#include "access_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "engine.h"
#include "faults.h"

namespace emu {
namespace {
std::string range_str(uint32_t lo, uint32_t hi) { return fmt::format("[0x{:x}, 0x{:x})", lo, hi); }

const char* verb(Access how) {
  switch (how) {
    case Access::kLoad: return "reads";
    case Access::kStore: return "writes";
    case Access::kNocSource: return "sends (as a NoC write's source)";
    case Access::kNocDest: return "receives (as a NoC read's destination)";
  }
  return "touches";
}

// Rule 1 on core `core`: [lo, hi) must not overlap the destination of a pending read of a kernel there. `who`
// says who accesses it, for the message (built only on a fault).
template <typename Who>
void check_pending_reads(Engine& e, uint32_t core, uint32_t lo, uint32_t hi, const char* api, Who&& who) {
  const int slot = e.core_slot[core];
  if (slot < 0) return;
  for (const KernelRun* o : e.cores[slot].kernels)
    for (const PendingXfer& r : o->reads)
      if (r.dst_addr < hi && r.dst_addr + r.size > lo)
        kernel_fault("read_before_barrier", api,
                     fmt::format("{} {}, which overlaps the destination {} of a noc_async_read by {} that is still "
                                 "pending: until that kernel's noc_async_read_barrier() the data may land at any "
                                 "time, so those bytes may be neither read nor written",
                                 who(), range_str(lo, hi), range_str(r.dst_addr, r.dst_addr + r.size), o->label()));
}

// How far `addr` lies after `from`, going round the CB's ring.
uint32_t ring_offset(const CbState& s, uint32_t from, uint32_t addr) {
  return addr >= from ? addr - from : addr + s.fifo_size - from;
}
bool holds(const KernelRun& k, const CbState& s, uint32_t lo, uint32_t hi) {
  const int me = static_cast<int>(k.index);
  return (s.producer == me && ring_offset(s, s.wr_ptr, lo) + (hi - lo) <= s.reserved * s.page_size) ||
         (s.consumer == me && ring_offset(s, s.rd_ptr, lo) + (hi - lo) <= s.waited * s.page_size);
}

std::string holdings(const KernelRun& k, const CbState& s) {
  const int me = static_cast<int>(k.index);
  std::string out;
  auto pages = [&](uint32_t ptr, uint32_t n, const char* how) {
    out += fmt::format("{}{} page(s) from page {} ({})", out.empty() ? "" : " and ", n,
                       (ptr - s.fifo_addr) / s.page_size, how);
  };
  if (s.producer == me && s.reserved) pages(s.wr_ptr, s.reserved, "reserved, not yet pushed");
  if (s.consumer == me && s.waited) pages(s.rd_ptr, s.waited, "waited for, not yet popped");
  return out.empty() ? "it holds no page of this CB" : "it holds " + out;
}

// Rule 2 on the running kernel's core.
void check_cb_pages(Engine& e, const KernelRun& k, uint32_t lo, uint32_t hi, Access how, const char* api) {
  const CoreRun& cr = e.core_of(k);
  for (uint32_t i : cr.cb_indices) {
    const CbState& s = cr.cbs[i];
    const uint32_t a = std::max(lo, s.fifo_addr), b = std::min(hi, s.fifo_limit);
    if (a >= b || holds(k, s, a, b)) continue;
    // CB indices configured together share their memory: a page held through any of them is held.
    bool shared = false;
    for (uint32_t j : cr.cb_indices) shared |= j != i && cr.cbs[j].fifo_addr == s.fifo_addr && holds(k, cr.cbs[j], a, b);
    if (shared) continue;
    const uint32_t page = (a - s.fifo_addr) / s.page_size;
    const bool filled = ring_offset(s, s.rd_ptr, s.fifo_addr + page * s.page_size) < s.filled() * s.page_size;
    kernel_fault("cb_access", api,
                 fmt::format("cb {}: the kernel {} {} in page {} of its {} pages; that page is {} and this kernel "
                             "does not hold it: {}. A kernel may touch a CB page only between cb_reserve_back and "
                             "cb_push_back (as its producer) or between cb_wait_front and cb_pop_front (as its consumer)",
                             i, verb(how), range_str(lo, hi), page, s.num_pages,
                             filled ? "filled (pushed, not yet popped)" : "free", holdings(k, s)));
  }
}
}  // namespace

void check_l1_access(const KernelRun& k, uint32_t addr, uint32_t size, Access how, const char* api) {
  Engine& e = *tls_engine;
  const uint32_t hi = addr + size;
  check_pending_reads(e, k.core, addr, hi, api, [&] { return std::string("the kernel ") + verb(how); });
  check_cb_pages(e, k, addr, hi, how, api);
}

void check_noc_access(uint32_t core, uint32_t addr, uint32_t size, bool write, const char* api) {
  Engine& e = *tls_engine;
  check_pending_reads(e, core, addr, addr + size, api, [&] {
    return fmt::format("a NoC {} core {} {}", write ? "write into" : "read from", core_str(e, core),
                       write ? "writes" : "reads");
  });
}

namespace {
// The largest range around an allowed access [addr, addr + size) in which both rules give the same answer
// now: bounded by the pending reads and CBs beside it, and inside a CB by the held pages it is in.
std::pair<uint32_t, uint32_t> grant_around(Engine& e, const KernelRun& k, uint32_t addr, uint32_t size) {
  uint32_t lo = kWindowLo, hi = e.dev.model.l1_size;
  const uint32_t end = addr + size;
  auto beside = [&](uint32_t a, uint32_t b) {
    if (b <= addr) lo = std::max(lo, b);
    else if (a >= end) hi = std::min(hi, a);
  };
  for (const KernelRun* o : e.core_of(k).kernels)
    for (const PendingXfer& r : o->reads) beside(r.dst_addr, r.dst_addr + r.size);
  const CoreRun& cr = e.core_of(k);
  const int me = static_cast<int>(k.index);
  for (uint32_t i : cr.cb_indices) {
    const CbState& s = cr.cbs[i];
    if (end <= s.fifo_addr || addr >= s.fifo_limit) {
      beside(s.fifo_addr, s.fifo_limit);
      continue;
    }
    if (addr < s.fifo_addr || end > s.fifo_limit) return {addr, end};  // across the CB's edge: only the access
    if (!holds(k, s, addr, end)) continue;  // held through an index configured with it, which bounds the grant
    // The held pages run round the ring from the pointer; keep the stretch of them that the access is in.
    const bool producer = s.producer == me && ring_offset(s, s.wr_ptr, addr) + size <= s.reserved * s.page_size;
    const uint32_t from = producer ? s.wr_ptr : s.rd_ptr;
    const uint32_t to = from + (producer ? s.reserved : s.waited) * s.page_size;
    lo = std::max(lo, addr >= from ? from : s.fifo_addr);
    hi = std::min(hi, addr >= from ? std::min(to, s.fifo_limit) : to - s.fifo_size);
  }
  return {lo, hi};
}
}  // namespace

namespace rt {
void l1_access(uint32_t addr, uint32_t size, bool store, AccessGrants* grants) {
  Engine* e = tls_engine;
  // Outside this core's L1 the access faults as any bad pointer does (run_guards' crash report).
  if (!e || !e->current || static_cast<uint64_t>(addr) + size > e->dev.model.l1_size) return;
  KernelRun& k = *e->current;
  check_l1_access(k, addr, size, store ? Access::kStore : Access::kLoad, store ? "L1 store" : "L1 load");
  k.grants = grants;
  const uint32_t slot = grants->next;
  std::tie(grants->lo[slot], grants->hi[slot]) = grant_around(*e, k, addr, size);
  grants->next = (slot + 1) % AccessGrants::kSlots;
  // The kernel touches the granted bytes directly from now on: the core's deferred tile math must be done
  // with them (it touches only CB pages the compute kernel held when it issued the operation).
  e->fence(e->dev.l1_host(k.core) + grants->lo[slot], grants->hi[slot] - grants->lo[slot], true);
}

void l1_settle(uint32_t addr, uint32_t size) {
  Engine* e = tls_engine;
  if (!e || !e->current || static_cast<uint64_t>(addr) + size > e->dev.model.l1_size) return;
  e->fence(e->dev.l1_host(e->current->core) + addr, size, true);
}
}  // namespace rt
}  // namespace emu
