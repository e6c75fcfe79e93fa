// The support header every emitted host program includes (tl_host_support.hpp): tensor specs, padding and
// tilizing between host row-major arrays and device tile images, file I/O, the self-check, and main().
// It is emitted verbatim next to host.cpp, so exported projects are self-contained and build against
// the real SDK as well as against the emulator. It uses only the public TT-Metalium host API.
// Its include block is also available alone (host_support_includes): the runtime precompiles it as the
// host build's precompiled header (runtime/jit_build.cpp), which only makes those includes cheaper.
#include "tilelang_tt/codegen/tt/emit.h"

namespace tl::tt {

namespace {

// The header's includes: everything it takes from the standard library and TT-Metalium (host_support_includes).
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

#include "emu/stats.h"
#endif
)TLHOST";

const char* const kBody = R"TLHOST(
namespace tl_host {

#ifdef TT_METALIUM_EMULATOR
// Appends one JSON line with the emulator's counters and modeled time of the program just run to $TL_TT_STATS.
inline void append_stats(const std::string& program) {
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
  f << "{\"program\": \"" << program << "\", \"device\": \"" << s.device << "\", \"modeled_cycles\": "
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
  f << "}}\n";
}
#endif

using Buffers = std::vector<std::shared_ptr<tt::tt_metal::distributed::MeshBuffer>>;
using RunFn = std::function<void(tt::tt_metal::distributed::MeshDevice&,
                                 tt::tt_metal::distributed::MeshCommandQueue&, const Buffers&)>;

enum class Elem { F32, BF16, F16, I32 };

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
};

inline uint32_t elem_bytes(Elem e) { return e == Elem::BF16 || e == Elem::F16 ? 2 : 4; }
inline uint32_t slice_rows(const TensorSpec& t) { return t.slice_rows ? t.slice_rows : t.rows; }
inline uint32_t slice_tile_rows(const TensorSpec& t) { return (slice_rows(t) + 31) / 32; }
inline uint32_t tile_rows(const TensorSpec& t) { return slice_rows(t) ? t.rows / slice_rows(t) * slice_tile_rows(t) : 0; }
inline uint32_t tile_cols(const TensorSpec& t) { return (t.cols + 31) / 32; }
inline size_t host_bytes(const TensorSpec& t) { return size_t(t.rows) * t.cols * elem_bytes(t.elem); }
inline size_t device_bytes(const TensorSpec& t) {
  return t.row_major ? host_bytes(t) : size_t(tile_rows(t)) * tile_cols(t) * t.tile_bytes;
}

// Byte offset, in the device image, of element (r, c): row rs of slice s (r = s·slice_rows + rs) is in tile
// row s·slice_tile_rows + rs/32; tile (that row, c/32), face (rs%32/16, c%32/16).
inline size_t tiled_offset(const TensorSpec& t, uint32_t r, uint32_t c) {
  const uint32_t s = r / slice_rows(t);
  r %= slice_rows(t);
  size_t tile = (size_t(s) * slice_tile_rows(t) + r / 32) * tile_cols(t) + c / 32;
  uint32_t face = (r % 32) / 16 * 2 + (c % 32) / 16;
  return (tile * 1024 + face * 256 + (r % 16) * 16 + (c % 16)) * elem_bytes(t.elem);
}

inline double value_at(const std::vector<uint8_t>& d, Elem e, size_t i) {
  switch (e) {
    case Elem::F32: { float v; std::memcpy(&v, &d[i * 4], 4); return v; }
    case Elem::I32: { int32_t v; std::memcpy(&v, &d[i * 4], 4); return v; }
    case Elem::BF16: { uint32_t bits = uint32_t(d[i * 2] | (d[i * 2 + 1] << 8)) << 16; float v; std::memcpy(&v, &bits, 4); return v; }
    case Elem::F16: {
      uint16_t h = uint16_t(d[i * 2] | (d[i * 2 + 1] << 8));
      int exp = (h >> 10) & 31, man = h & 1023;
      double v = exp == 0 ? std::ldexp(man, -24) : exp == 31 ? (man ? NAN : INFINITY) : std::ldexp(man + 1024, exp - 25);
      return (h & 0x8000) ? -v : v;
    }
  }
  return 0;
}

// Bfp8_b (tt-metalium's block float): per 16 values of a face row one shared exponent (the largest biased fp32
// exponent among them) and per value a sign bit and a 7-bit magnitude with an explicit leading one, shifted right
// by (shared - own exponent) and rounded to nearest, ties to even; a rounding overflow saturates at 127; zeros
// and denormals become 0. A tile is 64 exponent bytes (16 per face), then the four faces' 256 magnitude bytes.
inline void pack_bfp8_row(const float* in, uint8_t* exp_out, uint8_t* mant_out) {
  uint32_t bits[16], shared = 0;
  for (int c = 0; c < 16; ++c) {
    std::memcpy(&bits[c], &in[c], 4);
    shared = std::max(shared, (bits[c] >> 23) & 0xffu);
  }
  *exp_out = uint8_t(shared);
  for (int c = 0; c < 16; ++c) {
    const uint32_t e = (bits[c] >> 23) & 0xffu, shift = 17 + (shared - e);
    uint64_t q = 0;
    if (e != 0 && shift < 40) {
      const uint64_t m = (bits[c] & 0x7fffffu) | 0x800000u, rem = m & ((uint64_t{1} << shift) - 1);
      const uint64_t half = uint64_t{1} << (shift - 1);
      q = m >> shift;
      if (rem > half || (rem == half && (q & 1))) ++q;
      q = std::min<uint64_t>(q, 127);
    }
    mant_out[c] = q == 0 ? 0 : uint8_t(((bits[c] >> 24) & 0x80u) | q);
  }
}

inline float unpack_bfp8(uint8_t exp, uint8_t mant) {
  const float v = std::ldexp(float(mant & 0x7f), int(exp) - 133);
  return (mant & 0x80) ? -v : v;
}

// Face row (tile, face, row) of a Bfp8_b image ↔ element (r, c): the same face layout as the other formats.
inline std::vector<uint32_t> to_device_bfp8(const std::vector<uint8_t>& host, const TensorSpec& t) {
  std::vector<uint32_t> dev(device_bytes(t) / 4, 0);
  auto* out = reinterpret_cast<uint8_t*>(dev.data());
  float row[16];
  for (uint32_t tr = 0; tr < tile_rows(t); ++tr)
    for (uint32_t tc = 0; tc < tile_cols(t); ++tc) {
      uint8_t* tile = out + (size_t(tr) * tile_cols(t) + tc) * t.tile_bytes;
      for (uint32_t f = 0; f < 4; ++f)
        for (uint32_t fr = 0; fr < 16; ++fr) {
          const uint32_t r = tr * 32 + f / 2 * 16 + fr;
          for (uint32_t fc = 0; fc < 16; ++fc) {
            const uint32_t c = tc * 32 + f % 2 * 16 + fc;
            row[fc] = r < t.rows && c < t.cols ? float(value_at(host, t.elem, size_t(r) * t.cols + c)) : 0.0f;
          }
          pack_bfp8_row(row, tile + f * 16 + fr, tile + 64 + f * 256 + fr * 16);
        }
    }
  return dev;
}

inline std::vector<uint8_t> from_device_bfp8(const std::vector<uint32_t>& dev, const TensorSpec& t) {
  std::vector<uint8_t> host(host_bytes(t));
  const auto* in = reinterpret_cast<const uint8_t*>(dev.data());
  for (uint32_t r = 0; r < t.rows; ++r)
    for (uint32_t c = 0; c < t.cols; ++c) {
      const uint8_t* tile = in + (size_t(r / 32) * tile_cols(t) + c / 32) * t.tile_bytes;
      const uint32_t f = (r % 32) / 16 * 2 + (c % 32) / 16, fr = r % 16, fc = c % 16;
      const float v = unpack_bfp8(tile[f * 16 + fr], tile[64 + f * 256 + fr * 16 + fc]);
      uint8_t* dst = host.data() + (size_t(r) * t.cols + c) * elem_bytes(t.elem);
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      if (t.elem == Elem::BF16) {  // exact: a Bfp8_b value has at most 7 significant bits
        const uint16_t hi = uint16_t(bits >> 16);
        std::memcpy(dst, &hi, 2);
      } else {
        std::memcpy(dst, &v, 4);
      }
    }
  return host;
}

inline std::vector<uint32_t> to_device(const std::vector<uint8_t>& host, const TensorSpec& t) {
  if (t.bfp8_b) return to_device_bfp8(host, t);
  std::vector<uint32_t> dev((device_bytes(t) + 3) / 4, 0);
  auto* out = reinterpret_cast<uint8_t*>(dev.data());
  if (t.row_major) {
    std::memcpy(out, host.data(), host.size());
    return dev;
  }
  const uint32_t eb = elem_bytes(t.elem);
  for (uint32_t r = 0; r < t.rows; ++r)
    for (uint32_t c = 0; c < t.cols; c += 16)  // a face row: 16 elements, contiguous on both sides
      std::memcpy(out + tiled_offset(t, r, c), host.data() + (size_t(r) * t.cols + c) * eb, std::min(16u, t.cols - c) * eb);
  return dev;
}

inline std::vector<uint8_t> from_device(const std::vector<uint32_t>& dev, const TensorSpec& t) {
  if (t.bfp8_b) return from_device_bfp8(dev, t);
  std::vector<uint8_t> host(host_bytes(t));
  const auto* in = reinterpret_cast<const uint8_t*>(dev.data());
  if (t.row_major) {
    std::memcpy(host.data(), in, host.size());
    return host;
  }
  const uint32_t eb = elem_bytes(t.elem);
  for (uint32_t r = 0; r < t.rows; ++r)
    for (uint32_t c = 0; c < t.cols; c += 16)
      std::memcpy(host.data() + (size_t(r) * t.cols + c) * eb, in + tiled_offset(t, r, c), std::min(16u, t.cols - c) * eb);
  return host;
}

inline std::vector<uint8_t> read_file(const std::string& path, size_t bytes) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<uint8_t> data(bytes);
  f.read(reinterpret_cast<char*>(data.data()), bytes);
  if (size_t(f.gcount()) != bytes) throw std::runtime_error(path + ": expected " + std::to_string(bytes) + " bytes");
  return data;
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& data) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data.data()), data.size());
  if (!f) throw std::runtime_error("cannot write " + path);
}


// Compares an output with its expected values; prints the worst element. True when all are within tolerance.
inline bool check(const TensorSpec& t, const std::vector<uint8_t>& got, const std::vector<uint8_t>& want) {
  size_t n = size_t(t.rows) * t.cols, bad = 0, worst_i = 0;
  double worst = 0;
  for (size_t i = 0; i < n; ++i) {
    double g = value_at(got, t.elem, i), w = value_at(want, t.elem, i);
    double ratio = std::fabs(g - w) / (t.atol + t.rtol * std::fabs(w));
    if (std::isnan(g) != std::isnan(w) || ratio > 1.0 || std::isnan(ratio)) ++bad;
    if (ratio > worst || std::isnan(ratio)) worst = ratio, worst_i = i;
  }
  std::printf("%s: %zu of %zu elements outside tolerance (atol %g, rtol %g); worst at [%zu, %zu]: got %g, expected %g\n",
              t.name, bad, n, t.atol, t.rtol, worst_i / t.cols, worst_i % t.cols, value_at(got, t.elem, worst_i),
              value_at(want, t.elem, worst_i));
  return bad == 0;
}

// The device, the tensors' buffers on it, and one run of the programs on given files.
struct Session {
  const std::vector<TensorSpec>& tensors;
  const std::vector<RunFn>& programs;
  std::shared_ptr<tt::tt_metal::distributed::MeshDevice> mesh = tt::tt_metal::distributed::MeshDevice::create_unit_mesh(0);
  Buffers bufs;
  size_t n_in = 0, n_out = 0;

  Session(const std::vector<TensorSpec>& t, const std::vector<RunFn>& p) : tensors(t), programs(p) {
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
    for (size_t p = 0; p < programs.size(); ++p) {
      programs[p](*mesh, cq, bufs);
      distributed::Finish(cq);
#ifdef TT_METALIUM_EMULATOR
      append_stats("kernel" + std::to_string(p));
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

// host                    self-check: inputs from DATA_DIR/<name>.bin, outputs compared with <name>.expected.bin
// host IN... OUT...       inputs read from, outputs written to raw row-major files (input tensors, then outputs)
// host --serve            many runs on one open device, requests on stdin (see serve)
inline int run(int argc, char** argv, const std::vector<TensorSpec>& tensors, const std::vector<RunFn>& programs,
               const std::string& data_dir) {
  try {
    if (argc == 2 && std::string(argv[1]) == "--serve") {
      Session s(tensors, programs);
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
    Session s(tensors, programs);
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

const char* host_support_source() {
  static const std::string text = std::string(
      "// Generated by TileLang-TT: host-side support for the emitted host.cpp (do not edit).\n"
      "// Tensors cross the host/device boundary as dense row-major arrays of their element type; on the device\n"
      "// they are DRAM-interleaved 32x32 tiles (16x16 faces), padded with zeros to whole tiles.\n"
      "#pragma once\n\n") + kIncludes + kBody;
  return text.c_str();
}

}  // namespace tl::tt
