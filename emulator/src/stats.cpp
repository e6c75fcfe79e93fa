// Collecting RunStats after a run: per-kernel counters plus the modeled program time, which is the latest
// kernel end, but at least the time the DRAM banks need for the traffic the kernels sent them: each bank serves
// its share of the chip's DRAM bandwidth as a queue over time windows (dram_queue_end).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>

#include "emu/sanitizer.h"
#include "engine.h"
#include "json_text.h"
#include "timing.h"

namespace emu {
void set_last_run_stats(RunStats s);
namespace {
std::string g_function, g_program;  // set_run_label

// DRAM contention between kernels: each bank is a queue served at its share of the chip's measured DRAM
// bandwidth (the banks share it evenly). The kernels' bytes arrive per time window (when the bank started them
// in the kernel's own, uncontended timing, noc_timing.cpp); bytes a window cannot serve wait for the next. The
// program cannot end before every bank has served its queue: the latest over banks and windows w of
// w·W + (bytes waiting at w + bytes arriving in w) / rate. Sums per window do not depend on the order the
// engine ran the kernels in. Uncontended traffic never binds (one kernel streams a bank at most at the bank's
// single-kernel rate, below its share); traffic that oversubscribes a bank in any stretch of the run delays the
// end, so a hot bank costs up to 12× the same bytes interleaved (Engine.ModeledTimeSeesAHotDramBank).
uint64_t dram_queue_end(const Engine& e) {
  std::map<std::pair<uint32_t, uint64_t>, uint64_t> arrivals;  // (bank, window) → bytes, in order
  for (const auto& r : e.runs)
    for (const KernelRun::DramUse& u : r->dram_use) arrivals[{u.bank, u.window}] += u.bytes;
  const double rate = e.dev.model.dram_bytes_per_cycle / e.dev.model.num_dram_banks;
  const double served = rate * timing::kDramWindow;  // bytes one bank serves per window
  double end = 0, waiting = 0;
  uint32_t bank = ~0u;
  uint64_t last = 0;
  for (const auto& [key, bytes] : arrivals) {
    if (key.first != bank) bank = key.first, waiting = 0;
    else waiting = std::max(0.0, waiting - served * static_cast<double>(key.second - last - 1));
    const double queued = waiting + static_cast<double>(bytes);
    end = std::max(end, static_cast<double>(key.second * timing::kDramWindow) + queued / rate);
    waiting = std::max(0.0, queued - served);
    last = key.second;
  }
  return static_cast<uint64_t>(std::ceil(end));
}
}  // namespace

void set_run_label(const std::string& function, const std::string& program) {
  g_function = function;
  g_program = program;
}

void KernelRun::merge_op_counts() {
  for (auto& c : op_counts) {
    stats.tile_ops[c.kind] += c.count;
    stats.tile_op_cycles[c.kind] += c.cycles;
  }
  op_counts.clear();
}

void Engine::collect_stats(double wall, const std::exception_ptr& error) {
  RunStats s;
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const SanitizerError& e) {
      s.error_kind = e.kind;
      s.error_core = e.core;
      s.error_kernel = e.kernel;
      s.error_api = e.api;
      s.error_message = e.what();
    } catch (const std::exception& e) {
      s.error_kind = "exception";
      s.error_message = e.what();
    } catch (...) {
      s.error_kind = "exception";
    }
  }
  s.function = g_function;
  s.program = g_program;
  s.device = dev.model.name;
  s.grid_x = dev.model.grid_x;
  s.grid_y = dev.model.grid_y;
  s.clock_ghz = dev.model.clock_ghz;
  s.dram_bytes_per_cycle = dev.model.dram_bytes_per_cycle;
  s.noc_bytes_per_cycle = dev.model.noc_bytes_per_cycle;
  uint64_t end = 0;
  for (auto& r : runs) {
    r->merge_op_counts();
    s.kernels.push_back(r->stats);
    s.kernels.back().end_cycle = r->state == KernelRun::kDone ? r->stats.end_cycle : r->clock;
    end = std::max(end, s.kernels.back().end_cycle);
    s.dram_bytes += r->stats.noc_read_bytes_dram + r->stats.noc_write_bytes_dram;
  }
  s.modeled_cycles = std::max(end, dram_queue_end(*this));
  s.dram_bank_bytes = dram_bank_bytes;
  s.modeled_seconds = s.modeled_cycles / (dev.model.clock_ghz * 1e9);
  s.wall_seconds = wall;
  s.context_switches = switches;
  s.core_switches = core_switches;
  s.window_maps = dev.window_maps() - window_maps_at_start;
  s.host_threads = host_threads();
  for (const CoreRun& cr : cores) s.deferred_ops += cr.strand->issued();
  if (const char* path = std::getenv("TT_EMU_STATS")) {
    if (std::FILE* f = std::fopen(path, "a")) {
      const std::string line = run_stats_json(s) + "\n";
      std::fwrite(line.data(), 1, line.size(), f);
      std::fclose(f);
    }
  }
  set_last_run_stats(std::move(s));
}
namespace {
template <typename K, typename V>
std::string json_map(const std::map<K, V>& m) {
  std::string out = "{";
  for (auto& [k, v] : m) {
    if (out.size() > 1) out += ",";
    if constexpr (std::is_same_v<K, std::string>) out += json_str(k);
    else out += json_str(std::to_string(k));
    out += ":" + std::to_string(v);
  }
  return out + "}";
}
}  // namespace

std::string run_stats_json(const RunStats& s) {
  std::string out = fmt::format(
      R"j({{"function":{},"program":{},"device":{},"grid":[{},{}],"clock_ghz":{:.9g},"dram_bytes_per_cycle":{:.9g},)j"
      R"j("modeled_cycles":{},"modeled_seconds":{:.9g},"timing_model":{},"wall_seconds":{:.6g},"dram_bytes":{},)j"
      R"j("context_switches":{},"core_switches":{},"window_maps":{},"noc_bytes_per_cycle":{},"host_threads":{},)j"
      R"j("deferred_ops":{},"dram_bank_bytes":[)j",
      json_str(s.function), json_str(s.program), json_str(s.device), s.grid_x, s.grid_y, s.clock_ghz,
      s.dram_bytes_per_cycle, s.modeled_cycles, s.modeled_seconds, json_str(timing::kModelVersion), s.wall_seconds,
      s.dram_bytes, s.context_switches, s.core_switches, s.window_maps, s.noc_bytes_per_cycle, s.host_threads,
      s.deferred_ops);
  for (size_t i = 0; i < s.dram_bank_bytes.size(); ++i) out += (i ? "," : "") + std::to_string(s.dram_bank_bytes[i]);
  out += "],\"error\":";
  if (s.error_kind.empty()) {
    out += "null";
  } else {
    out += fmt::format(R"j({{"kind":{},"core":{},"kernel":{},"api":{},"message":{}}})j", json_str(s.error_kind),
                       json_str(s.error_core), json_str(s.error_kernel), json_str(s.error_api),
                       json_str(s.error_message));
  }
  out += ",\"kernels\":[";
  for (size_t i = 0; i < s.kernels.size(); ++i) {
    const KernelStats& k = s.kernels[i];
    out += fmt::format(
        R"j({}{{"kernel":{},"risc":{},"core":[{},{}],"noc_read_bytes_dram":{},"noc_read_bytes_l1":{},)j"
        R"j("noc_write_bytes_dram":{},"noc_write_bytes_l1":{},"noc_write_bytes_mcast":{},"noc_transactions":{},)j"
        R"j("tile_ops":{},"tile_op_cycles":{},"cb_blocked_cycles":{},"cb_peak_pages":{},"sem_blocked_cycles":{},)j"
        R"j("end_cycle":{}}})j",
        i ? "," : "", json_str(k.kernel), json_str(k.risc), k.core_x, k.core_y, k.noc_read_bytes_dram,
        k.noc_read_bytes_l1, k.noc_write_bytes_dram, k.noc_write_bytes_l1, k.noc_write_bytes_mcast,
        k.noc_transactions, json_map(k.tile_ops), json_map(k.tile_op_cycles), json_map(k.cb_blocked_cycles),
        json_map(k.cb_peak_pages), k.sem_blocked_cycles, k.end_cycle);
  }
  return out + "]}";
}
}  // namespace emu
