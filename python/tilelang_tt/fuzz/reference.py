"""Float64 references with error bounds for fuzzed kernels (what a generated case's `reference` computes).

Contract: a V holds a float64 value array, an absolute error bound array (|what a correct kernel may compute −
val| <= err, elementwise) and the dtype the kernel computes it in. Operators and the functions below follow
the language's arithmetic (docs/language.md: an operation happens in its operands' dtype, bfloat16 with float16
promotes to float32, a Python number adopts the other side's dtype) and add, for each operation, the error its
result may carry:
  * propagated input error: exact for + − × ÷ (interval arithmetic, first order plus the cross term), and for
    a monotone function f, max |f(val ± err) − f(val)|; max/min/abs are 1-Lipschitz;
  * one rounding into the operation's dtype: u·(|result| + its error) (u = half an ulp, relative: a target's
    result anywhere in the interval rounds) plus the format's smallest normal (a subnormal or flushed result);
  * SFPU functions: a few fp32 ulps more (the emulator's exp is within 1.5 ulp, others ~1 ulp; docs/
    emulator-compute.md); float32 and float16 operands read through the FPU's source registers (matmul,
    reduce_tile, broadcasts of vectors) keep at least 9 mantissa bits (SrcA: TF32 without its 10th bit;
    docs/emulator-compute.md §5), a relative error below 2^-9; bfloat16 operands are exact.
A V may also carry `lb`, a lower bound of the exact value known from its operations (abs, exp, sqrt, … are
≥ 0; a sum of bounded values is bounded): a monotone function is evaluated only down to it, so that log(|x| +
0.5) stays in its domain however large x's error. These are upper bounds for both targets: both round after every
operation into its dtype (tenstorrent rounds float16 and bfloat16 intermediates in its fp32 DST, docs/
tenstorrent.md), and a result past the format's range is ±inf (an interval only partly past it is unbounded: either
may happen); NaN matches NaN. Comparisons choose a branch; where the two
sides are within their errors of each other either branch may be taken, and select() covers both.
"""
from __future__ import annotations

import numpy as np

U = {"float32": 2.0**-24, "bfloat16": 2.0**-8, "float16": 2.0**-11, "int32": 0.0}
TINY = {"float32": 2.0**-126, "bfloat16": 2.0**-126, "float16": 2.0**-14, "int32": 0.0}
# The smallest magnitude that rounds to infinity in each float format: its largest finite value plus half an ulp
# there (IEEE round to nearest).
OVERFLOW = {"float32": (2 - 2.0**-23) * 2.0**127 + 2.0**103, "bfloat16": (2 - 2.0**-7) * 2.0**127 + 2.0**119,
            "float16": 65504.0 + 16.0}
FPU = 2.0**-9        # a float32/float16 operand in the FPU's source registers (9 mantissa bits kept)
SFPU = 4 * 2.0**-24  # an SFPU function's own error, relative (a few fp32 ulps)


def promote(a: str, b: str) -> str:
    if a == b:
        return a
    if "int32" in (a, b):
        return b if a == "int32" else a
    return "float32"


def _round(val, err, dtype, lb=None):
    """The result of an operation rounded into dtype (rounding is monotone: a lower bound lb of the exact value
    becomes lb rounded down)."""
    if dtype == "int32":
        return V(val, err, dtype, lb)
    if lb is not None:
        lb = lb - U[dtype] * np.abs(lb) - TINY[dtype]
    val = np.asarray(val, np.float64)
    fin = np.isfinite(val)  # an infinity (an earlier overflow) stays itself
    with np.errstate(invalid="ignore"):
        # the rounding of what a target computed, anywhere in val ± err (not of val alone: campaign seed 10's
        # g01845, floor(0.99…) + 0.8086 in bfloat16 was 1.8125 on both targets, 1 + 0.0039 from 0.8086)
        err = np.where(fin, err + U[dtype] * (np.abs(val) + err) + TINY[dtype], err)
        # Past the format's range the result is ±inf (every float16 operation rounds on both targets): certainly
        # when the whole interval is past it (then exactly ±inf), possibly when only its end is (unbounded).
        surely = fin & (np.abs(val) - err >= OVERFLOW[dtype])
        maybe = fin & ~surely & (np.abs(val) + err >= OVERFLOW[dtype])
    if surely.any() or maybe.any():
        val = np.where(surely, np.sign(val) * np.inf, val)
        err = np.where(surely, 0.0, np.where(maybe, np.inf, err))
    return V(val, err, dtype, lb)


class V:
    __slots__ = ("val", "err", "dtype", "lb")

    def __init__(self, val, err, dtype, lb=None):
        self.val, self.dtype, self.lb = np.asarray(val, np.float64), dtype, lb
        self.err = np.broadcast_to(np.asarray(err, np.float64), self.val.shape)

    def _other(self, x):
        if isinstance(x, V):
            return x
        return const(x, self.dtype)

    def __add__(self, o):
        o = self._other(o)
        lb = None if self.lb is None or o.lb is None else self.lb + o.lb
        return _round(self.val + o.val, self.err + o.err, promote(self.dtype, o.dtype), lb)

    __radd__ = __add__

    def __sub__(self, o):
        o = self._other(o)
        return _round(self.val - o.val, self.err + o.err, promote(self.dtype, o.dtype))

    def __rsub__(self, o):
        return self._other(o) - self

    def __mul__(self, o):
        o = self._other(o)
        err = np.abs(self.val) * o.err + np.abs(o.val) * self.err + self.err * o.err
        return _round(self.val * o.val, err, promote(self.dtype, o.dtype))

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = self._other(o)
        den = np.abs(o.val) - o.err  # the least |divisor| either target may compute
        if o.lb is not None:  # a known lower bound holds whatever the error (|x| + 1 >= 1 however wrong x is)
            den = np.maximum(den, o.lb)
        if np.any(den <= 0):
            raise ValueError("reference: a divisor's interval contains 0")
        val = self.val / o.val
        err = (self.err + np.abs(val) * o.err) / den
        return _round(val, err, promote(self.dtype, o.dtype))

    def __rtruediv__(self, o):
        return self._other(o) / self

    def __neg__(self):
        return V(-self.val, self.err, self.dtype)

    def __gt__(self, o):
        return Cmp(self, self._other(o), np.greater)

    def __lt__(self, o):
        return Cmp(self, self._other(o), np.less)


class Cmp:
    """a <op> b: the exact outcome and where rounding could flip it."""

    def __init__(self, a, b, op):
        self.val = op(a.val, b.val)
        self.ambiguous = np.abs(a.val - b.val) <= a.err + b.err


def const(c, dtype):
    """A Python number adopting `dtype` (rounded into it)."""
    if dtype == "int32":
        return V(float(int(c)), 0.0, dtype, float(int(c)))
    return _round(np.float64(c), 0.0, dtype, np.float64(c))


def tensor(a, dtype):
    """A kernel argument: exact."""
    return V(np.asarray(a).astype(np.float64), 0.0, dtype)


def _monotone(f, v, sfpu=True, positive=False):
    """f(v) for a monotone f (positive: its results are >= 0)."""
    y = f(v.val)
    low = v.val - v.err if v.lb is None else np.maximum(v.val - v.err, v.lb)
    lo, hi = f(low), f(v.val + v.err)
    err = np.maximum(np.abs(hi - y), np.abs(y - lo))
    if sfpu:
        err = err + SFPU * np.abs(y)
    return _round(y, err, v.dtype, 0.0 if positive else None)


def exp(v):
    return _monotone(np.exp, v, positive=True)


def exp2(v):
    return _monotone(np.exp2, v, positive=True)


def log(v):
    return _monotone(np.log, v)


def sqrt(v):
    return _monotone(np.sqrt, v, positive=True)


def rsqrt(v):
    return _monotone(lambda x: 1.0 / np.sqrt(x), v, positive=True)


def tanh(v):
    return _monotone(np.tanh, v)


def sigmoid(v):
    return _monotone(lambda x: 1.0 / (1.0 + np.exp(-x)), v, positive=True)


def floor(v):
    return _monotone(np.floor, v, sfpu=False)


def abs(v):  # noqa: A001 - the language's name
    return V(np.abs(v.val), v.err, v.dtype, 0.0)


def _operands(a, b):
    """Both operands as values: a Python number on either side takes the other's dtype (T.max(-1.5, x))."""
    a = a if isinstance(a, V) else const(a, b.dtype)
    return a, a._other(b)


def maximum(a, b):
    a, b = _operands(a, b)
    return V(np.maximum(a.val, b.val), np.maximum(a.err, b.err), promote(a.dtype, b.dtype))


def minimum(a, b):
    a, b = _operands(a, b)
    return V(np.minimum(a.val, b.val), np.maximum(a.err, b.err), promote(a.dtype, b.dtype))


def cast(v, dtype):
    """T.cast(v, dtype): float→float rounds to nearest even, float→int32 truncates."""
    if dtype != "int32":
        return _round(v.val, v.err, dtype)
    y = np.trunc(v.val)
    err = np.maximum(np.abs(np.trunc(v.val + v.err) - y), np.abs(y - np.trunc(v.val - v.err)))
    return V(y, err, "int32")


def select(c, a, b):
    """T.if_then_else(c, a, b): where c is ambiguous, either branch."""
    a = a if isinstance(a, V) else const(a, b.dtype)
    b = b if isinstance(b, V) else const(b, a.dtype)
    dt = promote(a.dtype, b.dtype)
    val = np.where(c.val, a.val, b.val)
    err = np.where(c.val, a.err, b.err)
    both = np.maximum(a.err, b.err) + np.abs(a.val - b.val)
    return V(val, np.where(c.ambiguous, np.maximum(err, both), err), dt)


def where(mask, a, b):
    """Per-element choice by an exact mask (block conditions)."""
    b = a._other(b)
    return V(np.where(mask, a.val, b.val), np.where(mask, a.err, b.err), a.dtype)


def assign(v, dtype):
    """A store of v into a buffer of dtype (a conversion when the dtypes differ)."""
    return v if v.dtype == dtype else cast(v, dtype)


def window(t, start, extent, dtype):
    """A T.copy of t's region at `start` with `extent` into a buffer of dtype, for all blocks at once: elements
    outside t read as 0."""
    out_v, out_e = np.zeros(extent), np.zeros(extent)
    src = tuple(slice(min(s, n), min(s + e, n)) for s, e, n in zip(start, extent, t.val.shape))
    dst = tuple(slice(0, sl.stop - sl.start) for sl in src)
    out_v[dst], out_e[dst] = t.val[src], t.err[src]
    return assign(V(out_v, out_e, t.dtype), dtype)


def row(v):
    """A vector v[j] broadcast along rows (through the FPU when float32)."""
    return _fpu(V(v.val[None, :], v.err[None, :], v.dtype))


def col(v):
    """A vector v[i] broadcast along columns."""
    return _fpu(V(v.val[:, None], v.err[:, None], v.dtype))


def _fpu(v):
    """v as the FPU reads it."""
    if v.dtype not in ("float32", "float16"):
        return v
    return V(v.val, v.err + FPU * np.abs(v.val), v.dtype)


def store(v, shape, dtype):
    """The written part of a result (out-of-tensor elements are dropped), converted to the tensor's dtype."""
    v = assign(v, dtype)
    sl = tuple(slice(0, n) for n in shape)
    return V(v.val[sl], v.err[sl], dtype)


def block_mask(shape, blocks, pred):
    """Elements of the blocks (bx, by) whose pred(bx, by) holds; blocks = (bM, bN) of a 2-D grid (by rows, bx
    columns) or (b,) of a 1-D grid (bx)."""
    idx = np.indices(shape)
    if len(blocks) == 1:
        return np.vectorize(lambda x: bool(pred(x, 0)))(idx[0] // blocks[0])
    return np.vectorize(lambda y, x: bool(pred(x, y)))(idx[0] // blocks[0], idx[1] // blocks[1])


def reduce(v, kind, axis, dtype, init=None):
    """T.reduce_<kind> of v along axis into a dtype vector (folded into `init` when given: clear=False)."""
    x = _fpu(v)
    n = x.val.shape[axis]
    if kind in ("sum", "abssum"):
        a = np.abs(x.val) if kind == "abssum" else x.val
        val = a.sum(axis=axis)
        err = x.err.sum(axis=axis) + n * U[dtype] * np.abs(x.val).sum(axis=axis) + n * TINY[dtype]
        out = V(val, err, dtype)
        return out if init is None else init + out
    a = np.abs(x.val) if kind == "absmax" else x.val
    val = {"max": a.max, "absmax": a.max, "min": a.min}[kind](axis=axis)
    out = _round(val, x.err.max(axis=axis), dtype)
    if init is None:
        return out
    return (maximum if kind in ("max", "absmax") else minimum)(init, out)


def gemm(a, b, c, transpose_a=False, transpose_b=False):
    """c + op(a) @ op(b), accumulated in c's dtype (operands as the FPU reads them)."""
    a, b = _fpu(a), _fpu(b)
    av, ae = (a.val.T, a.err.T) if transpose_a else (a.val, a.err)
    bv, be = (b.val.T, b.err.T) if transpose_b else (b.val, b.err)
    aa, ba = np.abs(av), np.abs(bv)
    k = av.shape[1]
    val = c.val + av @ bv
    err = (c.err + ae @ ba + aa @ be + ae @ be + (k + 1) * U[c.dtype] * (np.abs(c.val) + aa @ ba)
           + (k + 1) * TINY[c.dtype])
    return V(val, err, c.dtype)


def fill(shape, value, dtype):
    """T.fill(buf, value) (T.clear: value 0)."""
    c = V(np.float64(value), 0.0, dtype) if not np.isfinite(value) else const(value, dtype)
    return V(np.full(shape, c.val), np.full(shape, c.err), dtype)


def compare(got, ref):
    """None when got (an array) is within ref's bound everywhere, else a message naming the worst element."""
    g = np.asarray(got).astype(np.float64)
    if g.shape != ref.val.shape:
        return f"shape {g.shape}, expected {ref.val.shape}"
    with np.errstate(invalid="ignore"):
        err = np.abs(g - ref.val)
        bound = ref.err * (1 + 1e-9) + 1e-300
        bad = ~(err <= bound) & ~(g == ref.val) & ~(np.isnan(g) & np.isnan(ref.val))
    if ref.dtype in OVERFLOW:  # a value whose bound reaches past the format's range may have rounded to ±inf
        bad &= ~(np.isinf(g) & (np.sign(g) == np.sign(ref.val)) & (np.abs(ref.val) + ref.err >= OVERFLOW[ref.dtype]))
    if not bad.any():
        return None
    idx = np.unravel_index(np.argmax(np.where(bad, np.nan_to_num(err - bound, nan=np.inf), -np.inf)), g.shape)
    return (f"{int(bad.sum())} of {g.size} elements out of bounds; worst at {tuple(int(i) for i in idx)}: got "
            f"{g[idx]!r}, expected {ref.val[idx]!r} ± {ref.err[idx]:.3g}")
