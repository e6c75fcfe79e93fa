// Chrome Trace Event Format (JSON) timeline that Perfetto and chrome://tracing load. Input: the spans, CB
// pushes/pops and DRAM transfers the runtime records while g_trace is set. Output, rewritten after every run: one
// process per program run since the trace file was started (emu::trace_restart, emu::set_trace_path, or process
// start with TT_EMU_TRACE), named by emu::set_run_label; in each, one thread per kernel and core — a compute
// kernel gets three, UNPACK, MATH and PACK, one per modeled clock — with a span for the kernel's lifetime and a
// span for every blocked wait inside it (so spans nest per thread, never partially overlap); counter tracks of
// each CB's occupancy per core and of the chip's DRAM bandwidth. Timestamps are modeled time in µs (cycles / clock).
// Costs nothing when off.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emu {
class Engine;
struct KernelRun;
// The thread a span belongs to: a data-movement kernel has only kMain; a compute kernel's UNPACK is kMain (it
// waits on CBs on the kernel's first clock), MATH kMath (same clock, DST hand-over) and PACK kPack (its own clock).
enum class Track : uint8_t { kMain = 0, kMath = 1, kPack = 2 };
struct Trace {
  struct Span {
    uint32_t run;
    Track track;
    std::string name;
    uint64_t begin, end;
  };
  struct CbEdge {  // pages pushed (delta > 0) or popped (delta < 0) at modeled cycle `at`
    uint32_t core, cb;
    uint64_t at;
    int64_t delta;
  };
  struct Transfer {  // DRAM bytes that completed at modeled cycle `at`
    uint64_t at, bytes;
  };
  std::vector<Span> spans;
  std::vector<CbEdge> cb_edges;
  std::vector<Transfer> dram;
};
extern Trace* g_trace;
Trace* trace_begin(Engine& e);
void trace_end(Trace* t, Engine& e);
inline void trace_span(const KernelRun& k, uint32_t run_index, Track track, std::string name, uint64_t b, uint64_t e) {
  (void)k;
  if (g_trace && e > b) g_trace->spans.push_back({run_index, track, std::move(name), b, e});
}
inline void trace_cb(uint32_t core, uint32_t cb, uint64_t at, int64_t delta) {
  if (g_trace) g_trace->cb_edges.push_back({core, cb, at, delta});
}
inline void trace_dram(uint64_t at, uint64_t bytes) {
  if (g_trace) g_trace->dram.push_back({at, bytes});
}
}  // namespace emu
