// SFPU element functions (see sfpu.h). Each is the mathematical definition in fp32; where the SDK's op has
// parameters, their meaning follows the SDK's header documentation.
#include "sfpu.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sfpu_exp.h"
#include "tile_format.h"

namespace emu::compute {

namespace {
// The function `op` at one element. A template so that each instantiation is one straight-line expression.
template <SfpuUnary op>
__attribute__((always_inline)) inline float unary_value(float x, float p0, float p1, float p2) {
  switch (op) {
    case SfpuUnary::Exp: return exp_value(x);
    case SfpuUnary::ExpScaled: return exp_value(x * p0);
    case SfpuUnary::Exp2: return std::exp2(x);
    case SfpuUnary::Expm1: return std::expm1(x);
    case SfpuUnary::Log: return std::log(x);
    case SfpuUnary::LogWithBase: return std::log(x) * p0;  // p0 = 1/ln(base)
    case SfpuUnary::Recip: return 1.0f / x;
    case SfpuUnary::Sqrt: return std::sqrt(x);
    case SfpuUnary::Rsqrt: return 1.0f / std::sqrt(x);
    case SfpuUnary::Sigmoid: return 1.0f / (1.0f + std::exp(-x));
    case SfpuUnary::Tanh: return std::tanh(x);
    case SfpuUnary::Gelu: {
      const float k = 0.7978845608028654f;  // sqrt(2/pi)
      return 0.5f * x * (1.0f + std::tanh(k * (x + 0.044715f * x * x * x)));
    }
    case SfpuUnary::GeluExact: return 0.5f * x * (1.0f + std::erf(x * 0.7071067811865476f));
    case SfpuUnary::Relu: return x > 0.0f ? x : 0.0f;
    case SfpuUnary::ReluMax: return std::min(x > 0.0f ? x : 0.0f, p0);
    case SfpuUnary::ReluMin: return x < p0 ? p0 : x;
    case SfpuUnary::LeakyRelu: return x < 0.0f ? x * p0 : x;
    case SfpuUnary::Elu: return x < 0.0f ? p0 * std::expm1(x) : x;
    case SfpuUnary::Abs: return std::fabs(x);
    case SfpuUnary::Sign: return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
    case SfpuUnary::Square: return x * x;
    case SfpuUnary::Power: return std::pow(x, p0);
    case SfpuUnary::Silu: return x / (1.0f + std::exp(-x));
    case SfpuUnary::Negative: return -x;
    case SfpuUnary::Sin: return std::sin(x);
    case SfpuUnary::Cos: return std::cos(x);
    case SfpuUnary::Tan: return std::tan(x);
    case SfpuUnary::Softplus: {  // p0 = beta, p1 = 1/beta, p2 = threshold
      const float bx = p0 * x;
      return bx > p2 ? x : p1 * std::log1p(std::exp(bx));
    }
    case SfpuUnary::Fill: return p0;
    case SfpuUnary::AddScalar: return x + p0;
    case SfpuUnary::SubScalar: return x - p0;
    case SfpuUnary::MulScalar: return x * p0;
    case SfpuUnary::DivScalar: return x / p0;
    case SfpuUnary::RsubScalar: return p0 - x;
    case SfpuUnary::UnaryMax: return std::max(x, p0);
    case SfpuUnary::UnaryMin: return std::min(x, p0);
    case SfpuUnary::Identity: return x;
    case SfpuUnary::Heaviside: return x > 0.0f ? 1.0f : x < 0.0f ? 0.0f : p0;
    case SfpuUnary::Hardsigmoid: return std::clamp(x / 6.0f + 0.5f, 0.0f, 1.0f);
    case SfpuUnary::Softsign: return x / (1.0f + std::fabs(x));
    case SfpuUnary::Erf: return std::erf(x);
    case SfpuUnary::Erfc: return std::erfc(x);
    case SfpuUnary::Log1p: return std::log1p(x);
    case SfpuUnary::Asin: return std::asin(x);
    case SfpuUnary::Acos: return std::acos(x);
    case SfpuUnary::Atan: return std::atan(x);
    case SfpuUnary::Sinh: return std::sinh(x);
    case SfpuUnary::Cosh: return std::cosh(x);
    case SfpuUnary::Floor: return std::floor(x);
    case SfpuUnary::Ceil: return std::ceil(x);
    case SfpuUnary::Trunc: return std::trunc(x);
    case SfpuUnary::LogicalNot: return x == 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Ltz: return x < 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Gtz: return x > 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Lez: return x <= 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Gez: return x >= 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Eqz: return x == 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Nez: return x != 0.0f ? 1.0f : 0.0f;
    case SfpuUnary::Clamp: return std::min(std::max(x, p0), p1);
    case SfpuUnary::Threshold: return x > p0 ? x : p1;
    case SfpuUnary::Selu: return x > 0.0f ? p0 * x : p0 * p1 * std::expm1(x);  // p0 = scale, p1 = alpha
    case SfpuUnary::Rpow: return std::pow(p0, x);
    case SfpuUnary::Rdiv: return p0 / x;
    case SfpuUnary::Cbrt: return std::cbrt(x);
    case SfpuUnary::IsInf: return std::isinf(x) ? 1.0f : 0.0f;
    case SfpuUnary::IsPosInf: return std::isinf(x) && x > 0 ? 1.0f : 0.0f;
    case SfpuUnary::IsNegInf: return std::isinf(x) && x < 0 ? 1.0f : 0.0f;
    case SfpuUnary::IsNan: return std::isnan(x) ? 1.0f : 0.0f;
    case SfpuUnary::IsFinite: return std::isfinite(x) ? 1.0f : 0.0f;
    case SfpuUnary::PowerIterative: {  // the SDK's square-and-multiply in fp32, exponent truncated to an integer
      uint32_t e = p0 > 0.0f ? static_cast<uint32_t>(p0) : 0u;
      float result = 1.0f, in = x;
      for (; e > 0; e >>= 1) {
        if (e & 1u) result *= in;
        in *= in;
      }
      return result;
    }
  }
  return x;
}

}  // namespace

float sfpu_binary_value(SfpuBinary op, float a, float b) {
  switch (op) {
    case SfpuBinary::Add: return a + b;
    case SfpuBinary::Sub: return a - b;
    case SfpuBinary::Mul: return a * b;
    case SfpuBinary::Div: return a / b;
    case SfpuBinary::Rsub: return b - a;
    case SfpuBinary::Power: return std::pow(a, b);
    case SfpuBinary::Max: return std::max(a, b);
    case SfpuBinary::Min: return std::min(a, b);
  }
  return a;
}

namespace {
template <SfpuUnary op>
void apply_unary(float* tile, float p0, float p1, float p2, int vector_mode, bool dst_bf16) {
  const int rows = vector_mode == 1 ? 16 : 32, cols = vector_mode == 2 ? 16 : 32;  // see in_vector_mode
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const float v = unary_value<op>(tile[r * 32 + c], p0, p1, p2);
      tile[r * 32 + c] = dst_bf16 ? round_bf16(v) : v;
    }
}
}  // namespace

float sfpu_unary_value(SfpuUnary op, float x, float p0, float p1, float p2) {
  switch (op) {
#define EMU_SFPU_VALUE_CASE(name) \
  case SfpuUnary::name: return unary_value<SfpuUnary::name>(x, p0, p1, p2);
    EMU_SFPU_UNARY_OPS(EMU_SFPU_VALUE_CASE)
#undef EMU_SFPU_VALUE_CASE
  }
  return x;
}

void sfpu_unary(SfpuUnary op, float* tile, float p0, float p1, float p2, int vector_mode, bool dst_bf16) {
  if (op == SfpuUnary::Exp || op == SfpuUnary::ExpScaled)  // the vectorised path (same values as exp_value)
    return exp_rows(tile, vector_mode == 1 ? 16 : 32, vector_mode == 2 ? 16 : 32, op == SfpuUnary::Exp ? 1.0f : p0,
                    dst_bf16);
  switch (op) {
#define EMU_SFPU_APPLY_CASE(name) \
  case SfpuUnary::name: return apply_unary<SfpuUnary::name>(tile, p0, p1, p2, vector_mode, dst_bf16);
    EMU_SFPU_UNARY_OPS(EMU_SFPU_APPLY_CASE)
#undef EMU_SFPU_APPLY_CASE
  }
}

void sfpu_binary(SfpuBinary op, const float* a, const float* b, float* out, int vector_mode, bool dst_bf16) {
  for (int r = 0; r < 32; ++r)
    for (int c = 0; c < 32; ++c) {
      if (!in_vector_mode(vector_mode, r, c)) continue;
      const int i = r * 32 + c;
      float v = sfpu_binary_value(op, a[i], b[i]);
      out[i] = dst_bf16 ? round_bf16(v) : v;
    }
}

namespace {
int32_t as_int(float v) { return static_cast<int32_t>(float_bits(v)); }
float from_int(int64_t v) { return bits_float(static_cast<uint32_t>(v)); }  // the low 32 bits
}  // namespace

void sfpu_int32(SfpuInt32 op, const float* a, const float* b, float* out) {
  for (int i = 0; i < 1024; ++i) {
    const int64_t x = as_int(a[i]), y = as_int(b[i]);
    int64_t r = 0;
    switch (op) {
      case SfpuInt32::Add: r = x + y; break;
      case SfpuInt32::Sub: r = x - y; break;
      case SfpuInt32::Mul: r = static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y)); break;
      case SfpuInt32::Max: r = std::max(x, y); break;
      case SfpuInt32::Min: r = std::min(x, y); break;
      case SfpuInt32::Lt: r = x < y; break;
      case SfpuInt32::Gt: r = x > y; break;
      case SfpuInt32::Le: r = x <= y; break;
      case SfpuInt32::Ge: r = x >= y; break;
      case SfpuInt32::Eq: r = x == y; break;
      case SfpuInt32::Ne: r = x != y; break;
    }
    out[i] = from_int(r);
  }
}

void sfpu_int32_unary(SfpuInt32Unary op, float* tile, uint32_t param) {
  for (int i = 0; i < 1024; ++i) {
    const int32_t x = as_int(tile[i]);
    int64_t r = 0;
    switch (op) {
      case SfpuInt32Unary::Fill: r = static_cast<int32_t>(param); break;
      case SfpuInt32Unary::Eqz: r = x == 0; break;
      case SfpuInt32Unary::Nez: r = x != 0; break;
      case SfpuInt32Unary::Ltz: r = x < 0; break;
      case SfpuInt32Unary::Gtz: r = x > 0; break;
      case SfpuInt32Unary::Lez: r = x <= 0; break;
      case SfpuInt32Unary::Gez: r = x >= 0; break;
    }
    tile[i] = from_int(r);
  }
}

namespace {
bool fmt_is_int(uint32_t f) { return is_integer(static_cast<DataFormat>(f)); }

double int_value(uint32_t f, uint32_t bits) {
  switch (static_cast<DataFormat>(f)) {
    case DataFormat::Int32:
    case DataFormat::Int8: return static_cast<double>(static_cast<int32_t>(bits));
    default: return static_cast<double>(bits);
  }
}

uint32_t to_int_bits(uint32_t f, double v) {
  if (static_cast<DataFormat>(f) == DataFormat::Int32) {  // the LLK's fp32 -> int32: truncation, INT_MIN past range
    if (!(std::fabs(v) < 2147483648.0)) return 0x80000000u;
    return static_cast<uint32_t>(static_cast<int32_t>(std::trunc(v)));
  }
  if (std::isnan(v)) return 0;
  v = std::nearbyint(v);
  auto sat = [&](double lo, double hi) { return std::clamp(v, lo, hi); };
  switch (static_cast<DataFormat>(f)) {
    case DataFormat::Int32: return static_cast<uint32_t>(static_cast<int32_t>(sat(-2147483648.0, 2147483647.0)));
    case DataFormat::Int8: return static_cast<uint32_t>(static_cast<int32_t>(sat(-128.0, 127.0)));
    case DataFormat::UInt32: return static_cast<uint32_t>(sat(0.0, 4294967295.0));
    case DataFormat::UInt16: return static_cast<uint32_t>(sat(0.0, 65535.0));
    case DataFormat::UInt8: return static_cast<uint32_t>(sat(0.0, 255.0));
    default: return 0;
  }
}
}  // namespace

void typecast_tile(uint32_t in, uint32_t out, float* tile, bool dst_bf16) {
  const bool in_int = fmt_is_int(in), out_int = fmt_is_int(out);
  const bool round = static_cast<DataFormat>(out) == DataFormat::Float16_b || dst_bf16;
  for (int i = 0; i < 1024; ++i) {
    const double v = in_int ? int_value(in, float_bits(tile[i])) : static_cast<double>(tile[i]);
    if (out_int) {
      tile[i] = bits_float(to_int_bits(out, v));
    } else {
      const float f = static_cast<float>(v);
      tile[i] = round ? round_bf16(f) : f;
    }
  }
}

}  // namespace emu::compute
