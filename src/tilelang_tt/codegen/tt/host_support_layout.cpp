// The tensor layout part of the host support source (host_support.cpp): tilizing and untilizing between host
// row-major arrays and device tile images (faces, slices, Bfp8_b), raw file I/O and the self-check's comparison.
// Emitted inside the support source's anonymous namespace in tl_host.
#include "tilelang_tt/codegen/tt/emit.h"

namespace tl::tt {

namespace {

const char* const kLayout = R"TLHOST(inline bool is_f8(Elem e) { return e == Elem::F8E4M3 || e == Elem::F8E5M2; }
inline uint32_t elem_bytes(Elem e) { return is_f8(e) ? 1 : e == Elem::BF16 || e == Elem::F16 ? 2 : 4; }
inline uint32_t slice_rows(const TensorSpec& t) { return t.slice_rows ? t.slice_rows : t.rows; }
inline uint32_t slice_tile_rows(const TensorSpec& t) { return (slice_rows(t) + 31) / 32; }
inline uint32_t tile_rows(const TensorSpec& t) { return slice_rows(t) ? t.rows / slice_rows(t) * slice_tile_rows(t) : 0; }
inline uint32_t tile_cols(const TensorSpec& t) { return (t.cols + 31) / 32; }
inline size_t host_bytes(const TensorSpec& t) { return size_t(t.rows) * t.cols * elem_bytes(t.elem); }
inline size_t device_bytes(const TensorSpec& t) {
  return t.row_major ? host_bytes(t) : size_t(tile_rows(t)) * tile_cols(t) * t.tile_bytes;
}

// Byte offset, in the device image, of element (r, c) of the host's 2-D view (its row moved first when the
// tensor's slice dimension is not dn-2, see inner): row rs of slice s (r = s·slice_rows + rs) is in tile
// row s·slice_tile_rows + rs/32; tile (that row, c/32), face (rs%32/16, c%32/16).
inline size_t tiled_offset(const TensorSpec& t, uint32_t r, uint32_t c) {
  if (t.inner > 1) {  // host row (p, s, k) of [.., slice_rows, inner] is device row (p, k, s)
    const uint32_t block = slice_rows(t) * t.inner, p = r / block, s = r % block / t.inner, k = r % t.inner;
    r = (p * t.inner + k) * slice_rows(t) + s;
  }
  const uint32_t s = r / slice_rows(t);
  r %= slice_rows(t);
  size_t tile = (size_t(s) * slice_tile_rows(t) + r / 32) * tile_cols(t) + c / 32;
  uint32_t face = (r % 32) / 16 * 2 + (c % 32) / 16;
  return (tile * 1024 + face * 256 + (r % 16) * 16 + (c % 16)) * elem_bytes(t.elem);
}

// Byte offset, in the device image, of host element e of a tensor of row lines along a dimension before the last
// (line_inner > 1): e = (p, s, k) of [.., cols, line_inner] is view element (p·line_inner + k, s).
inline size_t line_offset(const TensorSpec& t, size_t e) {
  const size_t k = e % t.line_inner, s = e / t.line_inner % t.cols, p = e / t.line_inner / t.cols;
  return tiled_offset(t, uint32_t(p * t.line_inner + k), uint32_t(s));
}

// float8 (e4m3fn: bias 7, max 448, S.1111.111 NaN, no infinities; e5m2: bias 15, max 57344, IEEE-like) and float.
// The device holds float8 tensors as bfloat16 tiles of exactly float8 values (the compiler rounds every value it
// stores into float8), so both directions are exact; f8_bits rounds to nearest even, saturating finite values as
// the compiler does, only for a value that is not one.
inline float f8_value(uint8_t b, bool e5m2) {
  const int mbits = e5m2 ? 2 : 3, bias = e5m2 ? 15 : 7, emax = e5m2 ? 31 : 15;
  const int exp = (b >> mbits) & emax, man = b & ((1 << mbits) - 1);
  float v;
  if (exp == emax && (e5m2 || man == 7))
    v = man ? NAN : INFINITY;
  else
    v = exp == 0 ? std::ldexp(float(man), 1 - bias - mbits) : std::ldexp(float(man + (1 << mbits)), exp - bias - mbits);
  return (b & 0x80) ? -v : v;
}

inline uint8_t f8_bits(float v, bool e5m2) {
  const int mbits = e5m2 ? 2 : 3, bias = e5m2 ? 15 : 7;
  const double max = e5m2 ? 57344.0 : 448.0, a = std::fabs(double(v));
  const uint8_t sign = std::signbit(v) ? 0x80 : 0;
  if (std::isnan(v)) return sign | (e5m2 ? 0x7e : 0x7f);
  if (std::isinf(v)) return sign | (e5m2 ? 0x7c : 0x7e);  // e5m2 has infinities; e4m3fn saturates
  int e;
  std::frexp(a, &e);
  const double quantum = std::ldexp(1.0, std::max(e - 1, 1 - bias) - mbits);
  const double r = std::min(std::nearbyint(a / quantum) * quantum, max);
  if (r < std::ldexp(1.0, 1 - bias)) return sign | uint8_t(r / std::ldexp(1.0, 1 - bias - mbits));
  std::frexp(r, &e);
  return sign | uint8_t((e - 1 + bias) << mbits) | uint8_t(r / std::ldexp(1.0, e - 1 - mbits) - (1 << mbits));
}

inline double value_at(const std::vector<uint8_t>& d, Elem e, size_t i) {
  switch (e) {
    case Elem::F8E4M3: return f8_value(d[i], false);
    case Elem::F8E5M2: return f8_value(d[i], true);
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

// A float8 tensor as the bfloat16 tensor of its values (exact), and back.
inline TensorSpec as_bf16(const TensorSpec& t) {
  TensorSpec b = t;
  b.elem = Elem::BF16;
  return b;
}

inline std::vector<uint32_t> to_device(const std::vector<uint8_t>& host, const TensorSpec& t);

inline std::vector<uint32_t> to_device_f8(const std::vector<uint8_t>& host, const TensorSpec& t) {
  std::vector<uint8_t> bf16(host.size() * 2);
  for (size_t i = 0; i < host.size(); ++i) {
    const float v = f8_value(host[i], t.elem == Elem::F8E5M2);
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    bf16[2 * i] = uint8_t(bits >> 16), bf16[2 * i + 1] = uint8_t(bits >> 24);
  }
  return to_device(bf16, as_bf16(t));
}

inline std::vector<uint32_t> to_device(const std::vector<uint8_t>& host, const TensorSpec& t) {
  if (t.bfp8_b) return to_device_bfp8(host, t);
  if (is_f8(t.elem)) return to_device_f8(host, t);
  std::vector<uint32_t> dev((device_bytes(t) + 3) / 4, 0);
  auto* out = reinterpret_cast<uint8_t*>(dev.data());
  if (t.row_major) {
    std::memcpy(out, host.data(), host.size());
    return dev;
  }
  const uint32_t eb = elem_bytes(t.elem);
  if (t.line_inner > 1) {  // row lines along a dimension before the last: element by element
    for (size_t e = 0; e < size_t(t.rows) * t.cols; ++e)
      std::memcpy(out + line_offset(t, e), host.data() + e * eb, eb);
    return dev;
  }
  for (uint32_t r = 0; r < t.rows; ++r)
    for (uint32_t c = 0; c < t.cols; c += 16)  // a face row: 16 elements, contiguous on both sides
      std::memcpy(out + tiled_offset(t, r, c), host.data() + (size_t(r) * t.cols + c) * eb, std::min(16u, t.cols - c) * eb);
  return dev;
}

inline std::vector<uint8_t> from_device(const std::vector<uint32_t>& dev, const TensorSpec& t) {
  if (t.bfp8_b) return from_device_bfp8(dev, t);
  if (is_f8(t.elem)) {
    const std::vector<uint8_t> bf16 = from_device(dev, as_bf16(t));
    std::vector<uint8_t> host(bf16.size() / 2);
    for (size_t i = 0; i < host.size(); ++i) host[i] = f8_bits(float(value_at(bf16, Elem::BF16, i)), t.elem == Elem::F8E5M2);
    return host;
  }
  std::vector<uint8_t> host(host_bytes(t));
  const auto* in = reinterpret_cast<const uint8_t*>(dev.data());
  if (t.row_major) {
    std::memcpy(host.data(), in, host.size());
    return host;
  }
  const uint32_t eb = elem_bytes(t.elem);
  if (t.line_inner > 1) {
    for (size_t e = 0; e < size_t(t.rows) * t.cols; ++e)
      std::memcpy(host.data() + e * eb, in + line_offset(t, e), eb);
    return host;
  }
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

)TLHOST";

}  // namespace

const char* host_support_layout() { return kLayout; }

}  // namespace tl::tt
