// Chrome-trace (Perfetto) JSON timeline: one process per core, one thread per kernel, spans for kernel
// lifetime and for every blocked wait (CB or semaphore), in modeled cycles (1 cycle = 1 µs on the trace's
// axis scaled by the clock: timestamps are modeled nanoseconds). Enabled by TT_EMU_TRACE=path or
// emu::set_trace_path; costs nothing when off.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emu {
class Engine;
struct KernelRun;
struct Trace {
  struct Span {
    uint32_t run;
    std::string name;
    uint64_t begin, end;
  };
  std::string path;
  std::vector<Span> spans;
};
extern Trace* g_trace;
Trace* trace_begin(Engine& e);
void trace_end(Trace* t, Engine& e);
inline void trace_span(const KernelRun& k, uint32_t run_index, std::string name, uint64_t b, uint64_t e) {
  (void)k;
  if (g_trace && e > b) g_trace->spans.push_back({run_index, std::move(name), b, e});
}
}  // namespace emu
