// The host support every emitted host program is built with: tl_host_support.hpp (what host.cpp uses: tensor
// specs, the programs' signature, tl_host::run) and tl_host_support.cpp (padding and tilizing between host
// row-major arrays and device tile images, file I/O, the self-check, the device session, --serve, run()).
// Both are emitted verbatim next to host.cpp, so exported projects are self-contained (their CMakeLists.txt
// compiles both) and build against the real SDK as well as against the emulator; they use only the public
// TT-Metalium host API. Nothing in them depends on the kernel: the runtime compiles the source once into an
// object of its own cache entry that every host program links (runtime/jit_build.cpp). The source's include
// block is also available alone (host_support_includes): the runtime precompiles it as host.cpp's precompiled
// header, which only makes those includes cheaper.
#include "tilelang_tt/codegen/tt/emit.h"

namespace tl::tt {

namespace {

// The support source's includes: everything it takes from the standard library and TT-Metalium
// (host_support_includes).
const char* const kIncludes = R"TLHOST(#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

#ifdef TT_METALIUM_EMULATOR
#include <cstdlib>

#include "emu/emulator.h"
#endif
)TLHOST";

const char* const kHeader = R"TLHOST(#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>

namespace tl_host {

using Buffers = std::vector<std::shared_ptr<tt::tt_metal::distributed::MeshBuffer>>;
using RunFn = std::function<void(tt::tt_metal::distributed::MeshDevice&,
                                 tt::tt_metal::distributed::MeshCommandQueue&, const Buffers&)>;

enum class Elem { F32, BF16, F16, I32, F8E4M3, F8E5M2 };  // float8: bfloat16 tiles on the device

struct TensorSpec {
  const char* name;
  Elem elem;
  uint32_t rows, cols;      // the 2-D view of the tensor
  uint32_t tile_bytes;      // device page size: a tile, or one row when row_major
  bool row_major;           // one page per row, not tilized (images read by T.im2col)
  bool l1;                  // interleaved over L1 instead of DRAM
  bool input, output;
  double atol, rtol;        // self-check tolerance
  uint32_t slice_rows = 0;  // rows of one slice padded to whole tiles on its own (0: one slice of all rows)
  bool bfp8_b = false;      // stored on the device as Bfp8_b tiles (tile_bytes 1088), converted here; 2-D only
  uint32_t inner = 0;       // > 1: the slice dimension is stored after the `inner` rows that follow it (plan.h)
  uint32_t line_inner = 0;  // > 1: row lines along a dimension before the last: host element (p, s, k) of
                            // [.., cols, line_inner] is element (p·line_inner + k, s) of the view (plan.h)
};

// host                    self-check: inputs from DATA_DIR/<name>.bin, outputs compared with <name>.expected.bin
// host IN... OUT...       inputs read from, outputs written to raw row-major files (input tensors, then outputs)
// host --serve            many runs on one open device, requests on stdin (see serve)
// `function` names the programs in the emulator's traces and statistics: "<function> kernel<index>".
int run(int argc, char** argv, const std::vector<TensorSpec>& tensors, const std::vector<RunFn>& programs,
        const std::string& data_dir, const std::string& function);

}  // namespace tl_host
)TLHOST";

// The support source after its includes; the tensor layout code between its two parts is host_support_layout.cpp's.
const char* const kBodyHead = R"TLHOST(
namespace tl_host {
namespace {

#ifdef TT_METALIUM_EMULATOR
// Appends one JSON line with the emulator's counters and modeled time of the program just run to $TL_TT_STATS.
inline void append_stats(const std::string& function, const std::string& program) {
  const char* path = std::getenv("TL_TT_STATS");
  if (!path) return;
  const emu::RunStats& s = emu::last_run_stats();
  uint64_t dram_read = 0, dram_write = 0, l1_read = 0, l1_write = 0, mcast = 0;
  std::map<std::string, uint64_t> ops;
  std::map<uint32_t, uint64_t> peak;  // CB index → the most pages it held at once on any core (modeled time)
  for (const auto& k : s.kernels) {
    for (const auto& [cb, n] : k.cb_peak_pages) peak[cb] = std::max(peak[cb], n);
    dram_read += k.noc_read_bytes_dram, dram_write += k.noc_write_bytes_dram;
    l1_read += k.noc_read_bytes_l1, l1_write += k.noc_write_bytes_l1, mcast += k.noc_write_bytes_mcast;
    for (const auto& [kind, n] : k.tile_ops) ops[kind] += n;
  }
  std::ofstream f(path, std::ios::app);
  f << "{\"program\": \"" << program << "\", \"function\": \"" << function << "\", \"device\": \"" << s.device << "\", \"modeled_cycles\": "
    << s.modeled_cycles << ", \"modeled_seconds\": " << s.modeled_seconds << ", \"wall_seconds\": " << s.wall_seconds
    << ", \"dram_bytes\": " << s.dram_bytes << ", \"noc_read_bytes_dram\": " << dram_read
    << ", \"noc_write_bytes_dram\": " << dram_write << ", \"noc_read_bytes_l1\": " << l1_read
    << ", \"noc_write_bytes_l1\": " << l1_write << ", \"noc_write_bytes_mcast\": " << mcast
    << ", \"kernels\": " << s.kernels.size() << ", \"tile_ops\": {";
  bool first = true;
  for (const auto& [kind, n] : ops) f << (first ? "" : ", ") << "\"" << kind << "\": " << n, first = false;
  f << "}, \"cb_peak_pages\": {";
  first = true;
  for (const auto& [cb, n] : peak) f << (first ? "" : ", ") << "\"" << cb << "\": " << n, first = false;
  f << "}, \"detail\": " << emu::run_stats_json(s) << "}\n";  // per kernel and core, per DRAM bank
}
#endif

)TLHOST";

const char* const kBodyTail = R"TLHOST(// The device, the tensors' buffers on it, and one run of the programs on given files.
struct Session {
  const std::vector<TensorSpec>& tensors;
  const std::vector<RunFn>& programs;
  const std::string function;
  std::shared_ptr<tt::tt_metal::distributed::MeshDevice> mesh = tt::tt_metal::distributed::MeshDevice::create_unit_mesh(0);
  Buffers bufs;
  size_t n_in = 0, n_out = 0;

  Session(const std::vector<TensorSpec>& t, const std::vector<RunFn>& p, const std::string& f)
      : tensors(t), programs(p), function(f) {
    using namespace tt::tt_metal;
    for (auto& x : tensors) {
      n_in += x.input, n_out += x.output;
      distributed::DeviceLocalBufferConfig local{.page_size = x.tile_bytes,
                                                 .buffer_type = x.l1 ? BufferType::L1 : BufferType::DRAM};
      distributed::ReplicatedBufferConfig whole{.size = device_bytes(x)};
      bufs.push_back(distributed::MeshBuffer::create(whole, local, mesh.get()));
    }
  }
  ~Session() { mesh->close(); }

  // Writes the inputs (zeros into every other tensor), runs the programs, then writes each output to its file,
  // or with `expected`, compares it with that file. True unless a comparison failed.
  bool run(const std::vector<std::string>& in_paths, const std::vector<std::string>& out_paths, bool expected) {
    using namespace tt::tt_metal;
    auto& cq = mesh->mesh_command_queue();
    size_t i_in = 0;
    for (size_t k = 0; k < tensors.size(); ++k) {
      const TensorSpec& t = tensors[k];
      std::vector<uint8_t> host = t.input ? read_file(in_paths[i_in++], host_bytes(t)) : std::vector<uint8_t>(host_bytes(t), 0);
      distributed::EnqueueWriteMeshBuffer(cq, bufs[k], to_device(host, t), false);
    }
#ifdef TT_METALIUM_EMULATOR
    emu::trace_restart();  // the trace file ($TT_EMU_TRACE) shows this call's programs
#endif
    for (size_t p = 0; p < programs.size(); ++p) {
#ifdef TT_METALIUM_EMULATOR
      emu::set_run_label(function, "kernel" + std::to_string(p));
#endif
      programs[p](*mesh, cq, bufs);
      distributed::Finish(cq);
#ifdef TT_METALIUM_EMULATOR
      append_stats(function, "kernel" + std::to_string(p));
#endif
    }
    bool ok = true;
    size_t i_out = 0;
    for (size_t k = 0; k < tensors.size(); ++k) {
      const TensorSpec& t = tensors[k];
      if (!t.output) continue;
      std::vector<uint32_t> dev;
      distributed::EnqueueReadMeshBuffer(cq, dev, bufs[k], true);
      std::vector<uint8_t> host = from_device(dev, t);
      if (expected)
        ok = check(t, host, read_file(out_paths[i_out++], host_bytes(t))) && ok;
      else
        write_file(out_paths[i_out++], host);
    }
    return ok;
  }
};

// The line `host --serve` ends each answer with; what precedes it on stdout is the run's own output.
constexpr const char* kServeDone = "@@tl_tt_done";

// host --serve: one device for many runs. Each stdin line is a request, tab-separated: the path of the
// statistics file ($TL_TT_STATS for this run; empty for none), the input files, then the output files, as for
// `host IN... OUT...`. Each is answered on stdout by a line "@@tl_tt_done ok", or "@@tl_tt_done error <message>"
// (newlines in the message sent as \x1f), after which the program exits: a failed run may leave the device in
// any state. Runs start from what the previous run left in L1, as on a device that stays open.
inline int serve(Session& s) {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> f;
    for (size_t a = 0;;) {
      const size_t b = line.find('\t', a);
      f.push_back(line.substr(a, b == std::string::npos ? b : b - a));
      if (b == std::string::npos) break;
      a = b + 1;
    }
    std::string error;
    if (f.size() != 1 + s.n_in + s.n_out) error = "bad request: expected " + std::to_string(1 + s.n_in + s.n_out) + " fields";
#ifdef TT_METALIUM_EMULATOR
    if (f[0].empty()) unsetenv("TL_TT_STATS");
    else setenv("TL_TT_STATS", f[0].c_str(), 1);
#endif
    if (error.empty()) try {
      s.run({f.begin() + 1, f.begin() + 1 + s.n_in}, {f.begin() + 1 + s.n_in, f.end()}, false);
    } catch (const std::exception& e) {
      error = e.what();
    }
    std::fflush(stdout);
    std::replace(error.begin(), error.end(), '\n', '\x1f');
    std::printf("\n%s %s\n", kServeDone, error.empty() ? "ok" : ("error " + error).c_str());
    std::fflush(stdout);
    if (!error.empty()) return 3;
  }
  return 0;
}

}  // namespace

// host                    self-check: inputs from DATA_DIR/<name>.bin, outputs compared with <name>.expected.bin
// host IN... OUT...       inputs read from, outputs written to raw row-major files (input tensors, then outputs)
// host --serve            many runs on one open device, requests on stdin (see serve)
int run(int argc, char** argv, const std::vector<TensorSpec>& tensors, const std::vector<RunFn>& programs,
               const std::string& data_dir, const std::string& function) {
  try {
    if (argc == 2 && std::string(argv[1]) == "--serve") {
      Session s(tensors, programs, function);
      return serve(s);
    }
    std::vector<std::string> in_paths, out_paths;
    size_t n_in = 0, n_out = 0;
    for (auto& t : tensors) n_in += t.input, n_out += t.output;
    const bool self_check = argc == 1;
    if (!self_check && size_t(argc - 1) != n_in + n_out) {
      std::fprintf(stderr, "usage: %s [%zu input files then %zu output files | --serve]\n", argv[0], n_in, n_out);
      return 2;
    }
    int a = 1;
    for (auto& t : tensors)
      if (t.input) in_paths.push_back(self_check ? data_dir + t.name + ".bin" : argv[a++]);
    for (auto& t : tensors)
      if (t.output) out_paths.push_back(self_check ? data_dir + t.name + ".expected.bin" : argv[a++]);
    Session s(tensors, programs, function);
    const bool ok = s.run(in_paths, out_paths, self_check);
    if (self_check) std::printf("%s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 3;
  }
}

}  // namespace tl_host
)TLHOST";

}  // namespace

const char* host_support_includes() { return kIncludes; }

std::map<std::string, std::string> host_support_files() {
  const std::string banner =
      "// Generated by TileLang-TT: host-side support for the emitted host.cpp (do not edit).\n"
      "// Tensors cross the host/device boundary as dense row-major arrays of their element type; on the device\n"
      "// they are DRAM-interleaved 32x32 tiles (16x16 faces), padded with zeros to whole tiles.\n";
  return {{kHostSupportHeader, banner + kHeader},
          {kHostSupportSource, banner + "#include \"" + kHostSupportHeader + "\"\n\n" + kIncludes + kBodyHead +
                                   host_support_layout() + kBodyTail}};
}

}  // namespace tl::tt
