// Writing the trace file (trace.h): each run's events are formatted at its end and kept, and the whole file is
// rewritten, so that it is valid JSON after every run and holds every run since it was started.
#include "trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "emu/emulator.h"
#include "engine.h"
#include "json_text.h"

namespace emu {
Trace* g_trace = nullptr;
namespace {
std::string g_trace_path_override;
bool g_trace_path_set = false;
struct TraceFile {
  std::string path;                 // the file the kept events were written to
  std::vector<std::string> events;  // of every run since the file was started
  uint32_t runs = 0;                // = the last run's process id
};
TraceFile g_file;

const char* const kComputeTracks[] = {"TRISC0 UNPACK", "TRISC1 MATH", "TRISC2 PACK"};

// Modeled cycles as a trace timestamp: µs, exact to the ns (cycles rounded to whole ns first, so that a span
// inside another one stays inside after rounding).
struct Clock {
  double ghz;
  uint64_t ns(uint64_t cycles) const { return static_cast<uint64_t>(std::llround(cycles / ghz)); }
  std::string us(uint64_t cycles) const { return fmt::format("{}.{:03}", ns(cycles) / 1000, ns(cycles) % 1000); }
  std::string dur(uint64_t b, uint64_t e) const {
    const uint64_t d = ns(e) - ns(b);
    return fmt::format("{}.{:03}", d / 1000, d % 1000);
  }
};

// Metadata, lifetime spans and waits of one run (process `pid`).
void emit_threads(const Trace& t, const Engine& e, uint32_t pid, const Clock& c, std::vector<std::string>& out) {
  const uint32_t gx = e.dev.model.grid_x;
  uint32_t sort = 0;
  for (const CoreRun& cr : e.cores) {
    const std::string core = fmt::format("core (x={},y={})", cr.core % gx, cr.core / gx);
    for (const KernelRun* k : cr.kernels) {
      const bool compute = k->risc == Risc::kCompute;
      const uint64_t end = k->state == KernelRun::kDone ? k->stats.end_cycle : std::max(k->clock, k->pack_clock);
      for (uint32_t track = 0; track < (compute ? 3u : 1u); ++track) {
        const uint32_t tid = k->index * 3 + track;
        const std::string name = compute ? fmt::format("{} {} [{}]", core, k->spec->name, kComputeTracks[track])
                                         : core + " " + k->label();
        out.push_back(fmt::format(R"j({{"ph":"M","name":"thread_name","pid":{},"tid":{},"args":{{"name":{}}}}})j", pid,
                                  tid, json_str(name)));
        out.push_back(fmt::format(R"j({{"ph":"M","name":"thread_sort_index","pid":{},"tid":{},"args":{{"sort_index":{}}}}})j",
                                  pid, tid, sort++));
        out.push_back(fmt::format(R"j({{"ph":"X","name":{},"pid":{},"tid":{},"ts":0,"dur":{}}})j",
                                  json_str(k->spec->name), pid, tid, c.us(end)));
      }
    }
  }
  for (const Trace::Span& s : t.spans)
    out.push_back(fmt::format(R"j({{"ph":"X","name":{},"pid":{},"tid":{},"ts":{},"dur":{}}})j", json_str(s.name),
                              pid, s.run * 3 + static_cast<uint32_t>(s.track), c.us(s.begin), c.dur(s.begin, s.end)));
}

// Counter tracks: pages held by each CB of each core (in modeled time: pushes at the producer's clock, pops at the
// consumer's), and the chip's DRAM bandwidth in 100 bins of the run (a transfer's bytes counted in the bin it
// completes in).
void emit_counters(Trace& t, const Engine& e, uint32_t pid, const Clock& clk, uint64_t end, std::vector<std::string>& out) {
  const uint32_t gx = e.dev.model.grid_x;
  std::stable_sort(t.cb_edges.begin(), t.cb_edges.end(), [](const Trace::CbEdge& a, const Trace::CbEdge& b) {
    return a.core != b.core ? a.core < b.core : a.cb != b.cb ? a.cb < b.cb : a.at < b.at;
  });
  int64_t held = 0;
  for (size_t i = 0; i < t.cb_edges.size(); ++i) {
    const Trace::CbEdge& c = t.cb_edges[i];
    if (i == 0 || c.core != t.cb_edges[i - 1].core || c.cb != t.cb_edges[i - 1].cb) held = 0;
    held += c.delta;
    const bool last_at_time = i + 1 == t.cb_edges.size() || t.cb_edges[i + 1].core != c.core ||
                              t.cb_edges[i + 1].cb != c.cb || t.cb_edges[i + 1].at != c.at;
    if (last_at_time)
      out.push_back(fmt::format(R"j({{"ph":"C","name":"core (x={},y={}) cb{}","pid":{},"ts":{},"args":{{"pages":{}}}}})j",
                                c.core % gx, c.core / gx, c.cb, pid, clk.us(c.at), held));
  }
  if (t.dram.empty() || end == 0) return;
  const uint64_t bin = std::max<uint64_t>(1, (end + 99) / 100);
  std::vector<uint64_t> bytes((end + bin - 1) / bin + 1, 0);
  for (const Trace::Transfer& d : t.dram) bytes[std::min<size_t>(d.at / bin, bytes.size() - 1)] += d.bytes;
  const double bin_ns = bin / clk.ghz;
  for (size_t i = 0; i < bytes.size(); ++i)
    out.push_back(fmt::format(R"j({{"ph":"C","name":"DRAM bandwidth","pid":{},"ts":{},"args":{{"GB/s":{:.6g}}}}})j",
                              pid, clk.us(i * bin), bytes[i] / bin_ns));
}
}  // namespace

void set_trace_path(const std::string& path) {
  g_trace_path_override = path;
  g_trace_path_set = true;
  trace_restart();
}

void trace_restart() {
  g_file.events.clear();
  g_file.runs = 0;
}

Trace* trace_begin(Engine&) {
  std::string path;
  if (g_trace_path_set) {
    path = g_trace_path_override;
  } else if (const char* p = std::getenv("TT_EMU_TRACE")) {
    path = p;
  }
  if (path.empty()) return nullptr;
  if (path != g_file.path) {
    trace_restart();
    g_file.path = path;
  }
  g_trace = new Trace{};
  return g_trace;
}

void trace_end(Trace* t, Engine& e) {
  if (!t) return;
  g_trace = nullptr;
  const Clock clock{e.dev.model.clock_ghz};
  const RunStats& s = last_run_stats();                   // collected before the trace is written
  const uint32_t pid = ++g_file.runs;
  const std::string name = s.function.empty() && s.program.empty() ? fmt::format("program {}", pid)
                                                                   : s.function + (s.function.empty() ? "" : " ") + s.program;
  g_file.events.push_back(fmt::format(R"j({{"ph":"M","name":"process_name","pid":{},"args":{{"name":{}}}}})j", pid,
                                      json_str(name)));
  g_file.events.push_back(
      fmt::format(R"j({{"ph":"M","name":"process_sort_index","pid":{},"args":{{"sort_index":{}}}}})j", pid, pid));
  emit_threads(*t, e, pid, clock, g_file.events);
  emit_counters(*t, e, pid, clock, s.modeled_cycles, g_file.events);
  if (std::FILE* f = std::fopen(g_file.path.c_str(), "w")) {
    std::string out = "{\"traceEvents\":[\n";
    for (size_t i = 0; i < g_file.events.size(); ++i) out += (i ? ",\n" : "") + g_file.events[i];
    out += "\n],\"displayTimeUnit\":\"ns\"}\n";
    std::fwrite(out.data(), 1, out.size(), f);
    std::fclose(f);
  }
  delete t;
}
}  // namespace emu
