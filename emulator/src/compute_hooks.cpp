// The runtime side of emu/compute_hooks.h: CB tile pointers with protocol checks, settings, faults and
// tile-op counting for the running compute kernel.
#include "emu/compute_hooks.h"

#include <fmt/format.h>

#include "engine.h"
#include "faults.h"
#include "trace.h"

namespace emu {
namespace {
CbState& cb_of(uint32_t cb, const char* api) {
  KernelRun& k = cur_run();
  CoreRun& cr = tls_engine->core_of(k);
  if (cb >= cr.cbs.size() || !cr.cbs[cb].configured)
    kernel_fault("cb_protocol", api, fmt::format("cb {} is not configured on this core", cb));
  return cr.cbs[cb];
}
// Through the all-cores mapping rather than the L1 window: same bytes, and no page faults after a remap.
uint8_t* tile_ptr(const CbState& s, uint32_t ptr, uint32_t idx) {
  uint32_t a = ptr + idx * s.page_size;
  if (a >= s.fifo_limit) a -= s.fifo_size;
  return tls_engine->dev.l1_host(cur_run().core) + a;
}
}  // namespace

const ComputeSettings& compute_settings() { return cur_run().spec->compute; }

uint8_t* cb_front_tile(uint32_t cb, uint32_t tile_idx, const char* api) {
  CbState& s = cb_of(cb, api);
  if (tile_idx >= s.waited)
    kernel_fault("cb_protocol", api,
                 fmt::format("cb {}: reading tile {} from the front but only {} page(s) were waited for "
                             "(cb_wait_front); the CB holds {} filled page(s)", cb, tile_idx, s.waited, s.filled()));
  return tile_ptr(s, s.rd_ptr, tile_idx);
}

uint8_t* cb_back_tile(uint32_t cb, uint32_t tile_idx, const char* api) {
  CbState& s = cb_of(cb, api);
  if (tile_idx >= s.reserved && tile_idx >= s.num_pages - s.filled())
    kernel_fault("cb_protocol", api,
                 fmt::format("cb {}: writing tile {} at the back but only {} page(s) are reserved (cb_reserve_back) "
                             "and {} are free", cb, tile_idx, s.reserved, s.num_pages - s.filled()));
  return tile_ptr(s, s.wr_ptr, tile_idx);
}

uint32_t cb_data_format(uint32_t cb) { return cb_of(cb, "get_dataformat").data_format; }
uint32_t cb_page_size(uint32_t cb) { return cb_of(cb, "cb_page_size").page_size; }
uint32_t cb_pages_pushed(uint32_t cb) { return cb_of(cb, "cb_pages_pushed").received; }

[[noreturn]] void compute_fault(const char* api, const std::string& message) { kernel_fault("dst", api, message); }

namespace {
void count_op(KernelRun& k, const char* kind, uint64_t cycles) {
  for (auto& c : k.op_counts)
    if (c.kind == kind) {  // std::string == const char*: compares contents
      ++c.count;
      c.cycles += cycles;
      return;
    }
  k.op_counts.push_back({kind, 1, cycles});
}
}  // namespace

void count_tile_op(const char* kind, uint64_t cycles) {
  KernelRun& k = api_call(kind);
  k.clock += cycles;
  count_op(k, kind, cycles);
}

void count_pack_op(const char* kind, uint64_t cycles) {
  KernelRun& k = api_call(kind);
  k.pack_clock += cycles;
  count_op(k, kind, cycles);
}

namespace {
// Advances `clock` to `to`, a wait on the trace's `track` when it is later.
void wait_until(KernelRun& k, uint64_t& clock, uint64_t to, Track track, const char* what) {
  if (to <= clock) return;
  trace_span(k, k.index, track, what, clock, to);
  clock = to;
}
}  // namespace

void dst_event(DstEvent ev, int section) {
  KernelRun& k = cur_run();
  switch (ev) {
    case DstEvent::kAcquire: wait_until(k, k.clock, k.dst_released_at[section], Track::kMath, "tile_regs_acquire"); break;
    case DstEvent::kCommit: k.dst_committed_at[section] = k.clock; break;
    case DstEvent::kWait: wait_until(k, k.pack_clock, k.dst_committed_at[section], Track::kPack, "tile_regs_wait"); break;
    case DstEvent::kRelease: k.dst_released_at[section] = k.pack_clock; break;
    case DstEvent::kSync: wait_until(k, k.pack_clock, k.clock, Track::kPack, "wait for MATH"); break;
  }
}

void*& compute_state_slot() { return cur_run().compute_state; }

void defer_tile_math(std::function<void()> op, const std::vector<ByteRange>& reads,
                     const std::vector<ByteRange>& writes) {
  tls_engine->core_of(cur_run()).strand->submit(std::move(op), reads, writes);
}
void settle_tile_math() { tls_engine->core_of(cur_run()).strand->drain(); }
}  // namespace emu
