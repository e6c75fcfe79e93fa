// Kernel-side circular-buffer calls: the device's counter protocol (pages_received / pages_acked, private
// rd/wr pointers wrapping at fifo_limit), protocol checks, blocking, and CB-blocked time.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "engine.h"
#include "faults.h"
#include "timing.h"
#include "trace.h"

namespace emu {
namespace {
CbState& cb_checked(KernelRun& k, uint32_t cb, const char* api) {
  CoreRun& cr = tls_engine->core_of(k);
  if (cb >= cr.cbs.size())
    kernel_fault("cb_protocol", api, fmt::format("CB index {} is out of range (the device has {} CBs)", cb, cr.cbs.size()));
  CbState& s = cr.cbs[cb];
  if (!s.configured)
    kernel_fault("cb_protocol", api, fmt::format("cb {} is not configured on this core (no CreateCircularBuffer covers it)", cb));
  return s;
}

void block_on(KernelRun& k, Wait::Kind kind, uint32_t cb, uint32_t n, const char* api) {
  k.wait = Wait{kind, cb, n, 0, 0, false, api};
  k.state = KernelRun::kBlocked;
  tls_engine->yield(k);
  k.state = KernelRun::kReady;
}

void warn_once(KernelRun& k, const char* what, uint32_t cb) {
  if (k.warned) return;
  k.warned = true;
  std::fprintf(stderr, "emulator warning: %s on cb %u by kernel %s (works only while the pages are free)\n", what,
               cb, k.label().c_str());
}

// The device wraps a CB pointer only when it lands exactly on the CB's end, so a request whose pages run past
// the end would touch memory beyond the CB (the documented rule: the CB size is a multiple of every request).
void check_no_wrap(const CbState& s, uint32_t ptr, uint32_t n, uint32_t cb, const char* api) {
  if (ptr + n * s.page_size > s.fifo_limit)
    kernel_fault("cb_protocol", api,
                 fmt::format("cb {}: {} pages from slot {} run past the end of the CB ({} pages): its size must be a "
                             "multiple of every request, or the pages after the end are not the CB's",
                             cb, n, (ptr - s.fifo_addr) / s.page_size, s.num_pages));
}

uint32_t slot_of(const CbState& s, uint32_t ptr) { return (ptr - s.fifo_addr) / s.page_size; }

void check_pending_reads(KernelRun& k, const CbState& s, uint32_t n, uint32_t cb) {
  // Pages being pushed must not still be the destination of an unfinished noc_async_read on this core.
  const uint32_t lo = s.wr_ptr, hi = s.wr_ptr + n * s.page_size;
  for (KernelRun* o : tls_engine->core_of(k).kernels)
    for (const PendingXfer& r : o->reads)
      if (r.dst_core == static_cast<int>(k.core) && r.dst_addr < hi && r.dst_addr + r.size > lo)
        kernel_fault("read_before_barrier", "cb_push_back",
                     fmt::format("cb {}: pushing pages [0x{:x}, 0x{:x}) while a noc_async_read of {} B into 0x{:x} "
                                 "(issued by {}) has not completed: call noc_async_read_barrier() before cb_push_back",
                                 cb, lo, hi, r.size, r.dst_addr, o->label()));
}

void check_pending_writes(KernelRun& k, const CbState& s, uint32_t n, uint32_t cb) {
  const uint32_t lo = s.rd_ptr, hi = s.rd_ptr + n * s.page_size;
  for (KernelRun* o : tls_engine->core_of(k).kernels)
    for (const PendingXfer& w : o->writes)
      if (w.src_addr < hi && w.src_addr + w.size > lo)
        kernel_fault("read_before_barrier", "cb_pop_front",
                     fmt::format("cb {}: popping pages [0x{:x}, 0x{:x}) that a noc_async_write of {} B from 0x{:x} "
                                 "(issued by {}) may still be reading: call noc_async_write_barrier() or "
                                 "noc_async_writes_flushed() before cb_pop_front",
                                 cb, lo, hi, w.size, w.src_addr, o->label()));
}
}  // namespace

namespace rt {
void cb_reserve_back(uint32_t cb, uint32_t n) {
  KernelRun& k = api_call("cb_reserve_back");
  if (!k.reads.empty()) check_pending_reads_intact(k, "cb_reserve_back");
  CbState& s = cb_checked(k, cb, "cb_reserve_back");
  if (n > s.num_pages)
    kernel_fault("cb_protocol", "cb_reserve_back",
                 fmt::format("cb {}: requested {} pages but the CB holds only {} pages of {} B: this would never "
                             "complete", cb, n, s.num_pages, s.page_size));
  uint64_t& clock = k.producer_clock();  // PACK's, in a compute kernel
  clock += timing::kCbCall;
  if (s.num_pages - s.filled() < n) block_on(k, Wait::kCbBack, cb, n, "cb_reserve_back");
  // The slots to be written were freed when the consumer popped them.
  uint64_t t = 0;
  const uint32_t first = slot_of(s, s.wr_ptr);
  for (uint32_t i = 0; i < n; ++i) t = std::max(t, s.pop_time[(first + i) % s.num_pages]);
  if (t > clock) {
    k.stats.cb_blocked_cycles[cb] += t - clock;
    trace_span(k, k.index, k.risc == Risc::kCompute ? Track::kPack : Track::kMain, fmt::format("cb_reserve_back cb{}", cb),
               clock, t);
    clock = t;
  }
  s.reserved = std::max(s.reserved, n);
  s.producer = static_cast<int>(k.index);
  check_no_wrap(s, s.wr_ptr, n, cb, "cb_reserve_back");
}

void cb_push_back(uint32_t cb, uint32_t n) {
  KernelRun& k = api_call("cb_push_back");
  if (!k.reads.empty()) check_pending_reads_intact(k, "cb_push_back");
  CbState& s = cb_checked(k, cb, "cb_push_back");
  if (n > s.reserved) {
    // Pushing pages that were not reserved corrupts data when they are not free (the consumer still owns
    // them); when they happen to be free it works on the device, so it is only warned about once.
    if (s.filled() + n > s.num_pages)
      kernel_fault("cb_protocol", "cb_push_back",
                   fmt::format("cb {}: pushing {} pages but only {} reserved (cb_reserve_back) and not yet pushed, and "
                               "only {} of its {} pages are free: the push overwrites pages the consumer has not popped",
                               cb, n, s.reserved, s.num_pages - s.filled(), s.num_pages));
    warn_once(k, "cb_push_back without cb_reserve_back", cb);
    s.reserved = n;
  }
  if (!k.reads.empty() || tls_engine->core_of(k).kernels.size() > 1) check_pending_reads(k, s, n, cb);
  uint64_t& clock = k.producer_clock();
  clock += timing::kCbCall;
  const uint32_t first = slot_of(s, s.wr_ptr);
  for (uint32_t i = 0; i < n; ++i) s.push_time[(first + i) % s.num_pages] = clock;
  trace_cb(k.core, cb, clock, n);
  s.reserved -= n;
  s.received += n;
  s.wr_ptr += n * s.page_size;
  if (s.wr_ptr >= s.fifo_limit) s.wr_ptr -= s.fifo_size;
  s.producer = static_cast<int>(k.index);
  ++tls_engine->progress;
}

void cb_wait_front(uint32_t cb, uint32_t n) {
  KernelRun& k = api_call("cb_wait_front");
  if (!k.reads.empty()) check_pending_reads_intact(k, "cb_wait_front");
  CbState& s = cb_checked(k, cb, "cb_wait_front");
  if (n > s.num_pages)
    kernel_fault("cb_protocol", "cb_wait_front",
                 fmt::format("cb {}: waiting for {} pages but the CB holds only {} pages of {} B: this would never "
                             "complete", cb, n, s.num_pages, s.page_size));
  k.clock += timing::kCbCall;
  s.consumer = static_cast<int>(k.index);
  if (s.filled() < n) block_on(k, Wait::kCbFront, cb, n, "cb_wait_front");
  const uint64_t t = s.push_time[(slot_of(s, s.rd_ptr) + n - 1) % s.num_pages];
  if (t > k.clock) {
    k.stats.cb_blocked_cycles[cb] += t - k.clock;
    trace_span(k, k.index, Track::kMain, fmt::format("cb_wait_front cb{}", cb), k.clock, t);
    k.clock = t;
  }
  s.waited = std::max(s.waited, n);
  check_no_wrap(s, s.rd_ptr, n, cb, "cb_wait_front");
}

void cb_pop_front(uint32_t cb, uint32_t n) {
  KernelRun& k = api_call("cb_pop_front");
  if (!k.reads.empty()) check_pending_reads_intact(k, "cb_pop_front");
  CbState& s = cb_checked(k, cb, "cb_pop_front");
  if (n > s.waited)
    kernel_fault("cb_protocol", "cb_pop_front",
                 fmt::format("cb {}: popping {} pages but only {} were waited for (cb_wait_front) and not yet popped; "
                             "the CB holds {} filled page(s)", cb, n, s.waited, s.filled()));
  if (!k.writes.empty() || tls_engine->core_of(k).kernels.size() > 1) check_pending_writes(k, s, n, cb);
  k.clock += timing::kCbCall;
  const uint32_t first = slot_of(s, s.rd_ptr);
  uint64_t& peak = k.stats.cb_peak_pages[cb];
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t slot = (first + i) % s.num_pages;
    s.pop_time[slot] = k.clock;
    // Modeled occupancy just after this page was pushed: pages pushed no later (every earlier page, as a CB is
    // a FIFO with one producer clock) and popped after it. Pages older than num_pages were popped before this
    // one's slot could be reserved, so the last num_pages pop times decide: the pop_time ring holds exactly
    // those (slots never popped hold 0, which no push time precedes).
    const uint64_t pushed = s.push_time[slot];
    uint64_t held = 0;
    for (uint64_t t : s.pop_time) held += t > pushed;
    peak = std::max(peak, held);
  }
  trace_cb(k.core, cb, k.clock, -static_cast<int64_t>(n));
  s.waited -= n;
  s.acked += n;
  s.rd_ptr += n * s.page_size;
  if (s.rd_ptr >= s.fifo_limit) s.rd_ptr -= s.fifo_size;
  s.consumer = static_cast<int>(k.index);
  ++tls_engine->progress;
}

bool cb_pages_reservable_at_back(uint32_t cb, uint32_t n) {
  KernelRun& k = api_call("cb_pages_reservable_at_back");
  CbState& s = cb_checked(k, cb, "cb_pages_reservable_at_back");
  if (s.num_pages - s.filled() >= n) return true;
  poll("cb_pages_reservable_at_back");
  return s.num_pages - s.filled() >= n;
}

bool cb_pages_available_at_front(uint32_t cb, uint32_t n) {
  KernelRun& k = api_call("cb_pages_available_at_front");
  CbState& s = cb_checked(k, cb, "cb_pages_available_at_front");
  if (s.filled() >= n) return true;
  poll("cb_pages_available_at_front");
  return s.filled() >= n;
}

uint32_t cb_write_ptr(uint32_t cb) { return cb_checked(cur_run(), cb, "get_write_ptr").wr_ptr; }
uint32_t cb_read_ptr(uint32_t cb) { return cb_checked(cur_run(), cb, "get_read_ptr").rd_ptr; }
uint32_t cb_tile_size(uint32_t cb) { return cb_checked(cur_run(), cb, "get_tile_size").tile_size; }
uint32_t cb_data_format(uint32_t cb) { return cb_checked(cur_run(), cb, "get_dataformat").data_format; }
uint32_t cb_page_size(uint32_t cb) { return cb_checked(cur_run(), cb, "cb_page_size").page_size; }
uint32_t cb_num_pages(uint32_t cb) { return cb_checked(cur_run(), cb, "cb_num_pages").num_pages; }

void poll(const char* api) {
  KernelRun& k = cur_run();
  k.clock += timing::kCbCall;
  if (++k.polls % 64 == 0) {
    k.wait = Wait{Wait::kNone, 0, 0, 0, 0, false, api};
    k.state = KernelRun::kPolling;
    tls_engine->yield(k);
    k.state = KernelRun::kReady;
  }
}

[[noreturn]] void fault(const char* api, const char* message) { kernel_fault("kernel", api, message); }
[[noreturn]] void arg_fault(const char* api, uint32_t index, uint32_t count) {
  kernel_fault("runtime_args", api,
               fmt::format("argument index {} is out of range: {} runtime argument(s) were set for this core", index,
                           count));
}

// Each line starts with the SDK print server's default prefix (TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC):
// "<device>:(x=<logical x>,y=<logical y>):<RISC>: ", the RISC named BR, NC or TR0 (the one thread that plays a
// compute kernel's UNPACK, MATH and PACK). A line a kernel has not ended yet continues in its next print.
void dprint(const char* text, uint32_t len) {
  KernelRun& k = cur_run();
  const uint32_t gx = tls_engine->dev.model.grid_x;
  const char* risc = k.risc == Risc::kBrisc ? "BR" : k.risc == Risc::kNcrisc ? "NC" : "TR0";
  std::string out;
  for (uint32_t i = 0; i < len; ++i) {
    if (!k.dprint_midline) out += fmt::format("0:(x={},y={}):{}: ", k.core % gx, k.core / gx, risc);
    out += text[i];
    k.dprint_midline = text[i] != '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stderr);
}
}  // namespace rt
}  // namespace emu
