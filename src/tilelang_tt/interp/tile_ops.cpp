// Tile ops as bulk operations over regions: each gathers its operands into dense row-major scratch arrays
// (region.h), computes there, and scatters the result. Arithmetic is in the destination's dtype:
//  * Copy: element k of dst = cast(element k of src) in row-major region order.
//  * Gemm: C's dtype. float32: products and sums in float (f16/bf16/f8 inputs make exact products);
//    float64 in double; narrower floats round the product and every partial sum; integers wrap.
//    Each C element sums over k in increasing order.
//  * Reduce / CumSum: src elements are first cast to dst's dtype; each step rounds to it (ints wrap).
//    max/min ignore NaN (like fmax/fmin). CumSum reads all of src before writing, so in-place is fine.
//  * Im2Col: the definition in ir.h, gathered one run of channels (one image pixel) at a time; pixels outside
//    the image read 0 by the global bounds rule, columns past kernel²·C are set to 0 explicitly.
#include <algorithm>
#include <limits>

#include "tilelang_tt/interp/region.h"
#include "tilelang_tt/support/error.h"

namespace tl::interp {

namespace {

template <class T>
std::vector<T>& scratch(int which, size_t n) {
  thread_local std::vector<T> bufs[4];
  bufs[which].resize(n);
  return bufs[which];
}

int64_t uadd(int64_t x, int64_t y) { return static_cast<int64_t>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y)); }
int64_t umul(int64_t x, int64_t y) { return static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y)); }

std::string num(int64_t x) { return std::to_string(x); }

// ---------------------------------------------------------------- copy, fill
StmtFn copy_op(Compiler& c, const CopyNode& n) {
  CRegion src = compile_region(c, n.src, n.span), dst = compile_region(c, n.dst, n.span);
  Span span = n.span;
  return [src, dst, span](Env& e) {
    RtRegion s = eval_region(src, e), d = eval_region(dst, e);
    if (s.count() != d.count())
      throw UserError("interpret", "copy: source " + region_text(s) + " has " + num(s.count()) +
                                       " elements, destination " + region_text(d) + " has " + num(d.count()),
                      span);
    if (copy_raw(s, d)) return;
    size_t n = static_cast<size_t>(s.count());
    if (dtype_is_float(s.buf->dtype)) {
      auto& tmp = scratch<double>(0, n);
      gather(s, tmp.data());
      scatter(tmp.data(), d);
    } else {
      auto& tmp = scratch<int64_t>(0, n);
      gather(s, tmp.data());
      scatter(tmp.data(), d);
    }
  };
}

StmtFn fill_op(Compiler& c, const FillNode& n) {
  CRegion dst = compile_region(c, n.dst, n.span);
  CExpr v = c.expr(n.value, n.span);
  return [dst, v](Env& e) {
    RtRegion d = eval_region(dst, e);
    size_t n = static_cast<size_t>(d.count());
    if (v.is_float()) {
      auto& tmp = scratch<double>(0, n);
      std::fill(tmp.begin(), tmp.end(), v.f(e));
      scatter(tmp.data(), d);
    } else {
      auto& tmp = scratch<int64_t>(0, n);
      std::fill(tmp.begin(), tmp.end(), v.i(e));
      scatter(tmp.data(), d);
    }
  };
}

// ---------------------------------------------------------------- gemm
struct GemmDims {
  int64_t batch_a, batch_b, batch, m, n, k;
};

int64_t lead(const RtRegion& r) {
  int64_t b = 1;
  for (size_t d = 0; d + 2 < r.ext.size(); ++d) b *= r.ext[d];
  return b;
}

GemmDims gemm_dims(const RtRegion& a, const RtRegion& b, const RtRegion& c, bool ta, bool tb, const Span& span) {
  auto last = [](const RtRegion& r, int i) { return r.ext[r.ext.size() - 2 + i]; };
  int64_t m = ta ? last(a, 1) : last(a, 0), ka = ta ? last(a, 0) : last(a, 1);
  int64_t kb = tb ? last(b, 1) : last(b, 0), n = tb ? last(b, 0) : last(b, 1);
  GemmDims g{lead(a), lead(b), lead(c), m, n, ka};
  if (m != last(c, 0) || n != last(c, 1) || ka != kb || (g.batch_a != g.batch && g.batch_a != 1) ||
      (g.batch_b != g.batch && g.batch_b != 1))
    throw UserError("interpret", "gemm: operand shapes do not agree: A " + region_text(a) + (ta ? " (transposed)" : "") +
                                     ", B " + region_text(b) + (tb ? " (transposed)" : "") + ", C " + region_text(c),
                    span);
  return g;
}

// Dense (batch, rows, cols) → (batch, cols, rows) when `t`, into dst.
template <class T>
void maybe_transpose(const T* src, T* dst, int64_t batch, int64_t rows, int64_t cols, bool t) {
  if (!t) {
    std::copy(src, src + batch * rows * cols, dst);
    return;
  }
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) dst[b * rows * cols + c * rows + r] = src[b * rows * cols + r * cols + c];
}

// C[b] (M×N) = fma over k of A[b] (M×K) and B[b] (K×N), all dense row-major.
template <class T, class F>
void matmul(const T* a, const T* b, T* c, const GemmDims& g, F fma) {
  for (int64_t bi = 0; bi < g.batch; ++bi) {
    const T* ab = a + (g.batch_a == 1 ? 0 : bi * g.m * g.k);
    const T* bb = b + (g.batch_b == 1 ? 0 : bi * g.k * g.n);
    T* cb = c + bi * g.m * g.n;
    for (int64_t i = 0; i < g.m; ++i) {
      T* cr = cb + i * g.n;
      for (int64_t k = 0; k < g.k; ++k) {
        T x = ab[i * g.k + k];
        const T* br = bb + k * g.n;
        for (int64_t j = 0; j < g.n; ++j) cr[j] = fma(cr[j], x, br[j]);
      }
    }
  }
}

template <class T, class F>
void run_gemm(const RtRegion& a, const RtRegion& b, const RtRegion& c, const GemmDims& g, bool ta, bool tb, bool clear,
              F fma) {
  size_t na = g.batch_a * g.m * g.k, nb = g.batch_b * g.k * g.n, nc = g.batch * g.m * g.n;
  auto& raw = scratch<T>(0, std::max(na, nb));
  auto& am = scratch<T>(1, na);
  auto& bm = scratch<T>(2, nb);
  auto& cm = scratch<T>(3, nc);
  gather(a, raw.data());
  maybe_transpose(raw.data(), am.data(), g.batch_a, ta ? g.k : g.m, ta ? g.m : g.k, ta);
  gather(b, raw.data());
  maybe_transpose(raw.data(), bm.data(), g.batch_b, tb ? g.n : g.k, tb ? g.k : g.n, tb);
  if (clear) std::fill(cm.begin(), cm.end(), T(0));
  else gather(c, cm.data());
  matmul(am.data(), bm.data(), cm.data(), g, fma);
  scatter(cm.data(), c);
}

StmtFn gemm_op(Compiler& c, const GemmNode& n) {
  CRegion ra = compile_region(c, n.a, n.span), rb = compile_region(c, n.b, n.span), rc = compile_region(c, n.c, n.span);
  bool ta = n.transpose_a, tb = n.transpose_b, clear = n.clear_accum;
  Span span = n.span;
  return [=](Env& e) {
    RtRegion a = eval_region(ra, e), b = eval_region(rb, e), cc = eval_region(rc, e);
    GemmDims g = gemm_dims(a, b, cc, ta, tb, span);
    DType t = cc.buf->dtype;
    switch (t) {
      case DType::Float32:
        return run_gemm<float>(a, b, cc, g, ta, tb, clear, [](float acc, float x, float y) { return acc + x * y; });
      case DType::Float64:
        return run_gemm<double>(a, b, cc, g, ta, tb, clear, [](double acc, double x, double y) { return acc + x * y; });
      default:
        if (dtype_is_float(t))
          return run_gemm<double>(a, b, cc, g, ta, tb, clear, [t](double acc, double x, double y) {
            return round_float(t, acc + round_float(t, x * y));
          });
        // Integers: wrapping is a ring homomorphism, so summing in 64 bits and wrapping on store is exact.
        return run_gemm<int64_t>(a, b, cc, g, ta, tb, clear,
                                 [](int64_t acc, int64_t x, int64_t y) { return uadd(acc, umul(x, y)); });
    }
  };
}

// ---------------------------------------------------------------- reduce, cumsum
// Gathers r into tmp as values of dtype t (cast from r's dtype); T is double for float t, int64 otherwise.
template <class T>
void gather_as(const RtRegion& r, DType t, std::vector<T>& tmp) {
  DType from = r.buf->dtype;
  if constexpr (std::is_floating_point_v<T>) {
    gather(r, tmp.data());  // exact for float sources; ints widen exactly up to 2^53
    if (from != t)
      for (auto& x : tmp) x = round_float(t, x);
  } else if (dtype_is_float(from)) {
    auto& f = scratch<double>(3, tmp.size());
    gather(r, f.data());
    for (size_t k = 0; k < tmp.size(); ++k) tmp[k] = float_to_int(t, f[k]);
  } else {
    gather(r, tmp.data());
    if (from != t)
      for (auto& x : tmp) x = wrap_int(t, x);
  }
}

// Extents with the extent-1 dims dropped (and `skip`, if given).
std::vector<int64_t> squeezed(const RtRegion& r, int skip = -1) {
  std::vector<int64_t> out;
  for (size_t d = 0; d < r.ext.size(); ++d)
    if (static_cast<int>(d) != skip && r.ext[d] != 1) out.push_back(r.ext[d]);
  return out;
}

struct Split {
  int64_t outer, len, inner;
};
Split split(const RtRegion& r, int dim) {
  Split s{1, r.ext[dim], 1};
  for (int d = 0; d < dim; ++d) s.outer *= r.ext[d];
  for (size_t d = dim + 1; d < r.ext.size(); ++d) s.inner *= r.ext[d];
  return s;
}

std::pair<int64_t, int64_t> int_limits(DType t) {
  switch (t) {
    case DType::Bool: return {0, 1};
    case DType::Int8: return {-128, 127};
    case DType::UInt8: return {0, 255};
    case DType::Int16: return {-32768, 32767};
    case DType::UInt16: return {0, 65535};
    case DType::Int32: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
    case DType::UInt32: return {0, std::numeric_limits<uint32_t>::max()};
    default: return {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
  }
}

template <class T>
void reduce_into(ReduceKind kind, DType t, const std::vector<T>& src, std::vector<T>& dst, Split s, bool clear) {
  constexpr bool fl = std::is_floating_point_v<T>;
  T lo, hi;
  if constexpr (fl) lo = -INFINITY, hi = INFINITY;
  else lo = int_limits(t).first, hi = int_limits(t).second;
  auto absv = [t](T x) -> T {
    if constexpr (fl) return std::fabs(x);
    else return wrap_int(t, x < 0 ? static_cast<int64_t>(0 - static_cast<uint64_t>(x)) : x);
  };
  auto add = [t](T acc, T x) -> T {
    if constexpr (fl) return round_float(t, acc + x);
    else return uadd(acc, x);
  };
  auto mx = [](T a, T b) -> T { if constexpr (fl) return std::fmax(a, b); else return std::max(a, b); };
  auto mn = [](T a, T b) -> T { if constexpr (fl) return std::fmin(a, b); else return std::min(a, b); };
  for (int64_t o = 0; o < s.outer * s.inner; ++o) {
    const T* p = src.data() + (o / s.inner) * s.len * s.inner + o % s.inner;
    T acc;
    if (!clear) acc = dst[o];
    else if (kind == ReduceKind::Max) acc = lo;
    else if (kind == ReduceKind::Min) acc = hi;
    else acc = T(0);
    for (int64_t j = 0; j < s.len; ++j) {
      T x = p[j * s.inner];
      switch (kind) {
        case ReduceKind::Sum: acc = add(acc, x); break;
        case ReduceKind::AbsSum: acc = add(acc, absv(x)); break;
        case ReduceKind::Max: acc = mx(acc, x); break;
        case ReduceKind::Min: acc = mn(acc, x); break;
        case ReduceKind::AbsMax: acc = mx(acc, absv(x)); break;
      }
    }
    dst[o] = acc;
  }
}

StmtFn reduce_op(Compiler& c, const ReduceNode& n) {
  CRegion src = compile_region(c, n.src, n.span), dst = compile_region(c, n.dst, n.span);
  ReduceKind kind = n.reduce_kind;
  int dim = n.dim;
  bool clear = n.clear;
  Span span = n.span;
  return [=](Env& e) {
    RtRegion s = eval_region(src, e), d = eval_region(dst, e);
    Split sp = split(s, dim);
    if (squeezed(d) != squeezed(s, dim))
      throw UserError("interpret", std::string("reduce_") + reduce_kind_name(kind) + ": destination " + region_text(d) +
                                       " does not have the shape of source " + region_text(s) + " without dim " +
                                       num(dim),
                      span);
    DType t = d.buf->dtype;
    auto go = [&](auto zero) {
      using T = decltype(zero);
      auto& a = scratch<T>(0, s.count());
      auto& b = scratch<T>(1, d.count());
      gather_as(s, t, a);
      if (!clear) gather(d, b.data());
      reduce_into(kind, t, a, b, sp, clear);
      scatter(b.data(), d);
    };
    if (dtype_is_float(t)) go(0.0);
    else go(int64_t{0});
  };
}

StmtFn cumsum_op(Compiler& c, const CumSumNode& n) {
  CRegion src = compile_region(c, n.src, n.span), dst = compile_region(c, n.dst, n.span);
  int dim = n.dim;
  bool rev = n.reverse;
  Span span = n.span;
  return [=](Env& e) {
    RtRegion s = eval_region(src, e), d = eval_region(dst, e);
    if (squeezed(d) != squeezed(s))
      throw UserError("interpret", "cumsum: destination " + region_text(d) + " does not have the shape of source " +
                                       region_text(s),
                      span);
    Split sp = split(s, dim);
    DType t = d.buf->dtype;
    auto go = [&](auto zero) {
      using T = decltype(zero);
      auto& a = scratch<T>(0, s.count());
      gather_as(s, t, a);
      for (int64_t o = 0; o < sp.outer * sp.inner; ++o) {
        T* p = a.data() + (o / sp.inner) * sp.len * sp.inner + o % sp.inner;
        T acc = 0;
        for (int64_t jj = 0; jj < sp.len; ++jj) {
          int64_t j = rev ? sp.len - 1 - jj : jj;
          if constexpr (std::is_floating_point_v<T>) acc = round_float(t, acc + p[j * sp.inner]);
          else acc = wrap_int(t, uadd(acc, p[j * sp.inner]));
          p[j * sp.inner] = acc;
        }
      }
      scatter(a.data(), d);
    };
    if (dtype_is_float(t)) go(0.0);
    else go(int64_t{0});
  };
}

// ---------------------------------------------------------------- im2col
StmtFn im2col_op(Compiler& c, const Im2ColNode& n) {
  CRegion src = compile_region(c, n.src, n.span), dst = compile_region(c, n.dst, n.span);
  IntFn nhw = c.int_expr(n.nhw_step, n.span), cst = c.int_expr(n.c_step, n.span);
  const int64_t kernel = n.kernel, stride = n.stride, dil = n.dilation, pad = n.pad;
  return [=](Env& e) {
    RtRegion img = eval_region(src, e), col = eval_region(dst, e);
    const auto& shape = img.buf->shape;  // N, H, W, C
    const int64_t H = shape[1], W = shape[2], C = shape[3];
    const int64_t OH = im2col_out_extent(H, kernel, stride, dil, pad), OW = im2col_out_extent(W, kernel, stride, dil, pad);
    const int64_t M = col.ext[0], K = col.ext[1], m0 = nhw(e) * M, k0 = cst(e) * K;
    auto& out = scratch<double>(1, static_cast<size_t>(M * K));
    RtRegion stick = img;
    stick.ext = {1, 1, 1, 0};
    for (int64_t i = 0; i < M; ++i) {
      const int64_t m = m0 + i, nn = m / (OH * OW), oh = m / OW % OH, ow = m % OW;
      for (int64_t j = 0; j < K;) {
        const int64_t k = k0 + j, ch = k % C, kw = k / C % kernel, kh = k / (C * kernel);
        const int64_t run = std::min(C - ch, K - j);
        double* row = out.data() + i * K + j;
        if (kh >= kernel) {
          std::fill(row, row + run, 0.0);
        } else {
          stick.min = {nn, oh * stride + kh * dil - pad, ow * stride + kw * dil - pad, ch};
          stick.ext[3] = run;
          gather(stick, row);
        }
        j += run;
      }
    }
    scatter(out.data(), col);
  };
}

}  // namespace

StmtFn compile_tile_op(Compiler& c, const Stmt& s) {
  switch (s->kind) {
    case StmtKind::Copy: return copy_op(c, *s->as<CopyNode>());
    case StmtKind::Fill: return fill_op(c, *s->as<FillNode>());
    case StmtKind::Gemm: return gemm_op(c, *s->as<GemmNode>());
    case StmtKind::Reduce: return reduce_op(c, *s->as<ReduceNode>());
    case StmtKind::CumSum: return cumsum_op(c, *s->as<CumSumNode>());
    case StmtKind::Im2Col: return im2col_op(c, *s->as<Im2ColNode>());
    default: TL_ASSERT(false, "not a tile op");
  }
  return {};
}

}  // namespace tl::interp
