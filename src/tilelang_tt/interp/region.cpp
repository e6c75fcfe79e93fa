// Region evaluation and bulk element movement. The in-bounds path walks innermost rows with an odometer
// over the outer dims and converts a whole row per dtype switch; the out-of-bounds path (global buffers
// only) checks every element.
#include "tilelang_tt/interp/region.h"

#include <algorithm>
#include <sstream>

#include "tilelang_tt/support/error.h"

namespace tl::interp {

int64_t RtRegion::count() const {
  int64_t n = 1;
  for (auto x : ext) n *= x;
  return n;
}

bool RtRegion::in_bounds() const {
  for (size_t d = 0; d < ext.size(); ++d)
    if (min[d] < 0 || min[d] + ext[d] > buf->shape[d]) return false;
  return true;
}

std::string region_text(const RtRegion& r) {
  std::ostringstream os;
  os << (r.buf->node ? r.buf->node->name : "?") << "[";
  for (size_t d = 0; d < r.ext.size(); ++d) os << (d ? ", " : "") << r.min[d] << ":" << r.min[d] + r.ext[d];
  os << "]";
  return os.str();
}

CRegion compile_region(Compiler& c, const BufferRegion& r, const Span& span) {
  CRegion out{c.buf_slot(r.buffer.get()), {}, span, r.buffer->name};
  for (auto& rg : r.ranges) out.ranges.push_back({c.int_expr(rg.min, span), c.int_expr(rg.extent, span)});
  return out;
}

RtRegion eval_region(const CRegion& cr, Env& e) {
  RtRegion r;
  r.buf = &e.bufs[cr.slot];
  if (!r.buf->node) throw_unbound(cr.name, cr.span);
  r.span = cr.span;
  for (auto& rg : cr.ranges) {
    r.min.push_back(rg.min(e));
    r.ext.push_back(rg.extent(e));
  }
  for (auto x : r.ext)
    if (x < 0) throw UserError("interpret", "region " + region_text(r) + " has a negative extent", cr.span);
  if (r.buf->scope != Scope::Global && r.count() > 0 && !r.in_bounds()) {
    std::vector<int64_t> idx(r.ext.size());
    for (size_t d = 0; d < r.ext.size(); ++d) {  // the first element of the region outside the buffer
      idx[d] = r.min[d] < 0 ? r.min[d] : (r.min[d] + r.ext[d] > r.buf->shape[d] ? r.buf->shape[d] : r.min[d]);
      if (r.min[d] >= r.buf->shape[d]) idx[d] = r.min[d];
    }
    std::ostringstream os;
    os << "region " << region_text(r) << " is out of bounds: index " << format_index(idx.data(), idx.size())
       << " is outside " << scope_name(r.buf->scope) << " buffer " << (r.buf->node ? r.buf->node->name : "?")
       << " of shape " << format_index(r.buf->shape.data(), r.buf->shape.size());
    throw UserError("interpret", os.str(), cr.span);
  }
  return r;
}

namespace {

// Calls row(offset_of_row_start, row_length, position_in_region) for each innermost row of an in-bounds
// region; the row's elements are consecutive in memory.
template <class F>
void for_each_row(const RtRegion& r, F row) {
  size_t rank = r.ext.size();
  int64_t n = r.count();
  if (n == 0) return;
  if (rank == 0) {
    row(0, 1, 0);
    return;
  }
  const auto& st = r.buf->strides;
  int64_t len = r.ext[rank - 1];
  std::vector<int64_t> idx(rank, 0);
  int64_t base = 0;
  for (size_t d = 0; d < rank; ++d) base += r.min[d] * st[d];
  for (int64_t pos = 0; pos < n; pos += len) {
    int64_t off = base;
    for (size_t d = 0; d + 1 < rank; ++d) off += idx[d] * st[d];
    row(off, len, pos);
    for (size_t d = rank - 1; d-- > 0;) {  // advance the odometer over the outer dims
      if (++idx[d] < r.ext[d]) break;
      idx[d] = 0;
    }
  }
}

// Calls elem(offset or -1 when outside the buffer, position) for every element.
template <class F>
void for_each_elem(const RtRegion& r, F elem) {
  size_t rank = r.ext.size();
  int64_t n = r.count();
  std::vector<int64_t> idx(rank, 0);
  for (int64_t pos = 0; pos < n; ++pos) {
    int64_t off = 0;
    bool oob = false;
    for (size_t d = 0; d < rank; ++d) {
      int64_t i = r.min[d] + idx[d];
      oob |= i < 0 || i >= r.buf->shape[d];
      off += i * r.buf->strides[d];
    }
    elem(oob ? -1 : off, pos);
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < r.ext[d]) break;
      idx[d] = 0;
    }
  }
}

template <class S, class T>
void widen_row(const uint8_t* p, int64_t n, T* out) {
  for (int64_t k = 0; k < n; ++k) {
    S x;
    std::memcpy(&x, p + k * sizeof(S), sizeof(S));
    out[k] = static_cast<T>(x);
  }
}

template <class T>
void decode_row(const uint8_t* base, DType t, int64_t off, int64_t n, T* out) {
  switch (t) {
    case DType::Float32: return widen_row<float>(base + off * 4, n, out);
    case DType::Float64: return widen_row<double>(base + off * 8, n, out);
    case DType::Int32: return widen_row<int32_t>(base + off * 4, n, out);
    case DType::Int64: return widen_row<int64_t>(base + off * 8, n, out);
    case DType::Int8: return widen_row<int8_t>(base + off, n, out);
    case DType::UInt8: return widen_row<uint8_t>(base + off, n, out);
    case DType::Int16: return widen_row<int16_t>(base + off * 2, n, out);
    case DType::UInt16: return widen_row<uint16_t>(base + off * 2, n, out);
    case DType::UInt32: return widen_row<uint32_t>(base + off * 4, n, out);
    case DType::BFloat16: {
      const uint8_t* p = base + off * 2;
      for (int64_t k = 0; k < n; ++k) {
        uint16_t b;
        std::memcpy(&b, p + k * 2, 2);
        out[k] = static_cast<T>(bf16_bits_to_float(b));
      }
      return;
    }
    case DType::Float16: {
      const uint8_t* p = base + off * 2;
      for (int64_t k = 0; k < n; ++k) {
        uint16_t b;
        std::memcpy(&b, p + k * 2, 2);
        out[k] = static_cast<T>(f16_bits_to_float(b));
      }
      return;
    }
    default:
      if (dtype_is_float(t))
        for (int64_t k = 0; k < n; ++k) out[k] = static_cast<T>(read_float(base, t, off + k));
      else
        for (int64_t k = 0; k < n; ++k) out[k] = static_cast<T>(read_int(base, t, off + k));
  }
}

template <class T>
void encode_one(uint8_t* base, DType t, int64_t off, T v) {
  if constexpr (std::is_floating_point_v<T>) {
    if (dtype_is_float(t)) write_float(base, t, off, static_cast<double>(v));
    else write_int(base, t, off, float_to_int(t, static_cast<double>(v)));
  } else {
    if (dtype_is_float(t)) write_float(base, t, off, static_cast<double>(v));
    else write_int(base, t, off, v);
  }
}

template <class T>
void encode_row(const T* in, int64_t n, uint8_t* base, DType t, int64_t off) {
  if constexpr (std::is_floating_point_v<T>) {
    if (t == DType::Float32) {
      for (int64_t k = 0; k < n; ++k) {
        float x = static_cast<float>(in[k]);
        std::memcpy(base + (off + k) * 4, &x, 4);
      }
      return;
    }
    if (t == DType::BFloat16 || t == DType::Float16) {
      bool bf = t == DType::BFloat16;
      for (int64_t k = 0; k < n; ++k) {
        uint16_t b = bf ? double_to_bf16_bits(in[k]) : double_to_f16_bits(in[k]);
        std::memcpy(base + (off + k) * 2, &b, 2);
      }
      return;
    }
  }
  for (int64_t k = 0; k < n; ++k) encode_one(base, t, off + k, in[k]);
}

}  // namespace

template <class T>
void gather(const RtRegion& r, T* out) {
  const RtBuffer& b = *r.buf;
  if (r.in_bounds()) {
    for_each_row(r, [&](int64_t off, int64_t len, int64_t pos) { decode_row(b.data, b.dtype, off, len, out + pos); });
    return;
  }
  for_each_elem(r, [&](int64_t off, int64_t pos) {
    if (off < 0) out[pos] = T(0);
    else decode_row(b.data, b.dtype, off, 1, out + pos);
  });
}

template <class T>
void scatter(const T* in, const RtRegion& r) {
  RtBuffer& b = *r.buf;
  if (r.in_bounds()) {
    for_each_row(r, [&](int64_t off, int64_t len, int64_t pos) { encode_row(in + pos, len, b.data, b.dtype, off); });
    return;
  }
  for_each_elem(r, [&](int64_t off, int64_t pos) {
    if (off >= 0) encode_one(b.data, b.dtype, off, in[pos]);
  });
}

bool copy_raw(const RtRegion& s, const RtRegion& d) {
  if (s.buf->dtype != d.buf->dtype || s.buf == d.buf || !s.in_bounds() || !d.in_bounds() || s.count() != d.count())
    return false;
  std::vector<std::pair<int64_t, int64_t>> rows;  // source rows: (offset, length)
  for_each_row(s, [&](int64_t off, int64_t len, int64_t) { rows.push_back({off, len}); });
  const int64_t bytes = dtype_bytes(s.buf->dtype);
  const uint8_t* src = s.buf->data;
  uint8_t* dst = d.buf->data;
  size_t si = 0;
  int64_t used = 0;  // elements of rows[si] already copied
  for_each_row(d, [&](int64_t off, int64_t len, int64_t) {
    for (int64_t done = 0; done < len;) {
      int64_t take = std::min(len - done, rows[si].second - used);
      std::memcpy(dst + (off + done) * bytes, src + (rows[si].first + used) * bytes, static_cast<size_t>(take * bytes));
      done += take;
      used += take;
      if (used == rows[si].second) ++si, used = 0;
    }
  });
  return true;
}

template void gather<double>(const RtRegion&, double*);
template void gather<float>(const RtRegion&, float*);
template void gather<int64_t>(const RtRegion&, int64_t*);
template void scatter<double>(const double*, const RtRegion&);
template void scatter<float>(const float*, const RtRegion&);
template void scatter<int64_t>(const int64_t*, const RtRegion&);

}  // namespace tl::interp
