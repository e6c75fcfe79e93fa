// Run-time values of the reference interpreter and the dtype arithmetic every part of it shares.
//
//  * A scalar is a Value: integers (and bool, 0/1) as int64 already wrapped to their dtype's width (unsigned
//    types zero-extended), floats as a double holding a value exactly representable in the node's dtype.
//  * Buffers hold their dtype's natural encoding (bf16/f16/f8 as bit patterns, bool as one byte), dense
//    row-major, so host arguments are used in place. An RtBuffer is one buffer's run-time view; the Env
//    holds every variable (indexed by slot) and every buffer (indexed by slot) of the running function.
//  * round_float(t, v): the nearest value of float dtype t (ties to even; see support/numeric.h).
//    Computing an operation in double and then rounding to t gives exactly t's own arithmetic for
//    + - * / sqrt (double has more than 2p+2 bits for every p here), which is how all float ops are done.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "tilelang_tt/ir/ir.h"
#include "tilelang_tt/support/numeric.h"

namespace tl::interp {

union Value {
  int64_t i;
  double f;
};

struct RtBuffer {
  uint8_t* data = nullptr;
  DType dtype = DType::Float32;
  Scope scope = Scope::Global;
  const BufferNode* node = nullptr;
  std::vector<int64_t> shape, strides;  // strides in elements
  int64_t size = 0;                     // number of elements
};

struct Env {
  std::vector<Value> vars;
  std::vector<RtBuffer> bufs;
};

// Wraps v to dtype t's width (bool: v != 0). Defined for every non-float dtype.
inline int64_t wrap_int(DType t, int64_t v) {
  switch (t) {
    case DType::Bool: return v != 0;
    case DType::Int8: return static_cast<int8_t>(static_cast<uint8_t>(v));
    case DType::UInt8: return static_cast<uint8_t>(v);
    case DType::Int16: return static_cast<int16_t>(static_cast<uint16_t>(v));
    case DType::UInt16: return static_cast<uint16_t>(v);
    case DType::Int32: return static_cast<int32_t>(static_cast<uint32_t>(v));
    case DType::UInt32: return static_cast<uint32_t>(v);
    default: return v;
  }
}

inline double round_float(DType t, double v) {
  switch (t) {
    case DType::Float32: return static_cast<float>(v);
    case DType::BFloat16: return bf16_bits_to_float(double_to_bf16_bits(v));
    case DType::Float16: return f16_bits_to_float(double_to_f16_bits(v));
    case DType::Float8E4M3: return f8e4m3_bits_to_float(float_to_f8e4m3_bits(v));
    case DType::Float8E5M2: return f8e5m2_bits_to_float(float_to_f8e5m2_bits(v));
    default: return v;
  }
}

// Float → integer dtype: truncates toward zero; NaN → 0; beyond int64 saturates; then wraps to t.
inline int64_t float_to_int(DType t, double v) {
  if (t == DType::Bool) return v != 0;
  if (std::isnan(v)) return 0;
  double tr = std::trunc(v);
  int64_t i;
  if (tr >= 9.2233720368547758e18) i = std::numeric_limits<int64_t>::max();
  else if (tr < -9.2233720368547758e18) i = std::numeric_limits<int64_t>::min();
  else i = static_cast<int64_t>(tr);
  return wrap_int(t, i);
}

// Converts a value of dtype `from` to dtype `to` (Cast and Copy semantics).
inline Value convert(DType from, DType to, Value v) {
  bool ff = dtype_is_float(from), tf = dtype_is_float(to);
  Value r;
  if (ff && tf) r.f = round_float(to, v.f);
  else if (ff) r.i = float_to_int(to, v.f);
  else if (tf) r.f = round_float(to, static_cast<double>(v.i));
  else r.i = wrap_int(to, v.i);
  return r;
}

inline double read_float(const uint8_t* base, DType t, int64_t idx) {
  switch (t) {
    case DType::Float32: { float x; std::memcpy(&x, base + idx * 4, 4); return x; }
    case DType::Float64: { double x; std::memcpy(&x, base + idx * 8, 8); return x; }
    case DType::BFloat16: { uint16_t b; std::memcpy(&b, base + idx * 2, 2); return bf16_bits_to_float(b); }
    case DType::Float16: { uint16_t b; std::memcpy(&b, base + idx * 2, 2); return f16_bits_to_float(b); }
    case DType::Float8E4M3: return f8e4m3_bits_to_float(base[idx]);
    case DType::Float8E5M2: return f8e5m2_bits_to_float(base[idx]);
    default: return 0;
  }
}

inline int64_t read_int(const uint8_t* base, DType t, int64_t idx) {
  switch (t) {
    case DType::Bool: return base[idx] != 0;
    case DType::Int8: return static_cast<int8_t>(base[idx]);
    case DType::UInt8: return base[idx];
    case DType::Int16: { int16_t x; std::memcpy(&x, base + idx * 2, 2); return x; }
    case DType::UInt16: { uint16_t x; std::memcpy(&x, base + idx * 2, 2); return x; }
    case DType::Int32: { int32_t x; std::memcpy(&x, base + idx * 4, 4); return x; }
    case DType::UInt32: { uint32_t x; std::memcpy(&x, base + idx * 4, 4); return x; }
    case DType::Int64: { int64_t x; std::memcpy(&x, base + idx * 8, 8); return x; }
    default: return 0;
  }
}

// Encodes v (any double) into float dtype t, rounding.
inline void write_float(uint8_t* base, DType t, int64_t idx, double v) {
  switch (t) {
    case DType::Float32: { float x = static_cast<float>(v); std::memcpy(base + idx * 4, &x, 4); return; }
    case DType::Float64: std::memcpy(base + idx * 8, &v, 8); return;
    case DType::BFloat16: { uint16_t b = double_to_bf16_bits(v); std::memcpy(base + idx * 2, &b, 2); return; }
    case DType::Float16: { uint16_t b = double_to_f16_bits(v); std::memcpy(base + idx * 2, &b, 2); return; }
    case DType::Float8E4M3: base[idx] = float_to_f8e4m3_bits(v); return;
    case DType::Float8E5M2: base[idx] = float_to_f8e5m2_bits(v); return;
    default: return;
  }
}

// Encodes integer v into integer dtype t, wrapping.
inline void write_int(uint8_t* base, DType t, int64_t idx, int64_t v) {
  switch (t) {
    case DType::Bool: base[idx] = v != 0; return;
    case DType::Int8: case DType::UInt8: base[idx] = static_cast<uint8_t>(v); return;
    case DType::Int16: case DType::UInt16: { uint16_t x = static_cast<uint16_t>(v); std::memcpy(base + idx * 2, &x, 2); return; }
    case DType::Int32: case DType::UInt32: { uint32_t x = static_cast<uint32_t>(v); std::memcpy(base + idx * 4, &x, 4); return; }
    case DType::Int64: std::memcpy(base + idx * 8, &v, 8); return;
    default: return;
  }
}

inline Value read_value(const uint8_t* base, DType t, int64_t idx) {
  Value v;
  if (dtype_is_float(t)) v.f = read_float(base, t, idx);
  else v.i = read_int(base, t, idx);
  return v;
}

// Writes a value of dtype `from` into a buffer of dtype `to`, converting as Cast does.
inline void write_value(uint8_t* base, DType to, int64_t idx, DType from, Value v) {
  bool ff = dtype_is_float(from), tf = dtype_is_float(to);
  if (tf) write_float(base, to, idx, ff ? v.f : static_cast<double>(v.i));
  else write_int(base, to, idx, ff ? float_to_int(to, v.f) : v.i);
}

// The bits of v (of dtype `from`) read as dtype `to` of the same width (UnaryOp::Reinterpret): through the
// buffer encodings above, so bf16/f16/f8 values map to their bit patterns (a NaN's payload is not kept: the
// Value holds it as a double).
inline Value reinterpret_value(DType from, DType to, Value v) {
  uint8_t bytes[8] = {};
  write_value(bytes, from, 0, from, v);
  return read_value(bytes, to, 0);
}

// UserError for an access to a buffer that has no storage here (not a parameter, or used outside the kernel
// that allocates it).
[[noreturn]] void throw_unbound(const std::string& name, const Span& span);
// "(3, 64)" — for messages.
std::string format_index(const int64_t* idx, size_t n);
// UserError("interpret", "index (i, j) out of bounds for <scope> buffer B of shape (m, n)", span).
[[noreturn]] void throw_oob(const RtBuffer& b, const int64_t* idx, size_t n, const Span& span);

}  // namespace tl::interp
