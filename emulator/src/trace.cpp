// Writes the Chrome-trace JSON at the end of a run.
#include "trace.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "engine.h"

namespace emu {
Trace* g_trace = nullptr;
std::string g_trace_path_override;
bool g_trace_path_set = false;

void set_trace_path(const std::string& path) {
  g_trace_path_override = path;
  g_trace_path_set = true;
}

Trace* trace_begin(Engine&) {
  std::string path;
  if (g_trace_path_set) {
    path = g_trace_path_override;
  } else if (const char* p = std::getenv("TT_EMU_TRACE")) {
    path = p;
  }
  if (path.empty()) return nullptr;
  g_trace = new Trace{path, {}};
  return g_trace;
}

void trace_end(Trace* t, Engine& e) {
  if (!t) return;
  g_trace = nullptr;
  const double ns_per_cycle = 1.0 / e.dev.model.clock_ghz;
  std::FILE* f = std::fopen(t->path.c_str(), "w");
  if (f) {
    std::string out = "{\"traceEvents\":[\n";
    bool first = true;
    auto emit = [&](const std::string& ev) {
      if (!first) out += ",\n";
      first = false;
      out += ev;
    };
    for (auto& cr : e.cores) {
      const uint32_t gx = e.dev.model.grid_x;
      emit(fmt::format(R"j({{"ph":"M","name":"process_name","pid":{},"args":{{"name":"core (x={},y={})"}}}})j", cr.core,
                       cr.core % gx, cr.core / gx));
      for (KernelRun* k : cr.kernels) {
        emit(fmt::format(R"j({{"ph":"M","name":"thread_name","pid":{},"tid":{},"args":{{"name":"{}"}}}})j", cr.core,
                         k->index, k->label()));
        emit(fmt::format(R"j({{"ph":"X","name":"{}","pid":{},"tid":{},"ts":0,"dur":{:.3f}}})j", k->spec->name, cr.core,
                         k->index, k->stats.end_cycle * ns_per_cycle / 1000.0));
      }
    }
    for (auto& s : t->spans) {
      const KernelRun& k = *e.runs[s.run];
      emit(fmt::format(R"j({{"ph":"X","name":"{}","pid":{},"tid":{},"ts":{:.3f},"dur":{:.3f}}})j", s.name, k.core,
                       s.run, s.begin * ns_per_cycle / 1000.0, (s.end - s.begin) * ns_per_cycle / 1000.0));
    }
    out += "\n]}\n";
    std::fwrite(out.data(), 1, out.size(), f);
    std::fclose(f);
  }
  delete t;
}
}  // namespace emu
