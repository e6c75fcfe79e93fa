"""Upstream's remaining scalar names, built from the IR's existing expressions (no new IR):
  * fast math `T.__exp / __exp10 / __log / __log2 / __log10 / __sin / __cos / __tan` and `T.fast_rcp`: CUDA's
    approximations; here the accurate functions (the same intrinsics as T.exp, …, and 1 / x);
  * `T.ieee_add / ieee_sub / ieee_mul / ieee_fdiv / ieee_frcp / ieee_fsqrt / ieee_frsqrt / ieee_fmaf` with upstream's
    rounding_mode: "rn" (round to nearest even, what every operation here does) is provided; "rz" / "ru" / "rd" are
    a TileLangError (no directed rounding); frsqrt and fmaf compute in float64 and round once to the dtype;
  * integer bit counts `T.popcount`, `T.clz` (TVM's, in the operand's dtype), `T.__ffs` (CUDA's, int32: one-based
    position of the lowest set bit, 0 for 0), written with shifts, masks and let-bound temporaries;
  * `T.ldexp(x, e)` = x · 2^e, `T.align_up(x, y)`, `T.index_to_coordinates(index, shape)`, `T.IntImm(dtype, v)`,
    `T.assume(cond)` (a compiler hint: accepted, not checked).

Contract: arguments are PrimExprs or Python numbers; results are PrimExprs (Python numbers for Python inputs where
upstream computes at trace time: align_up, index_to_coordinates). Integer helpers accept every integer dtype.
"""
from __future__ import annotations

from .. import dtypes
from ..errors import fail, user_span
from ..frontend import builder as _b
from .. import _core
from ._op import op
from .expr import PrimExpr, Var, as_expr, call, cast_to, const, const_int, is_symbolic
from .math import ceildiv, if_then_else


def _fast(name):
    def f(x):
        return call(name, x)
    f.__name__ = "__" + name
    f.__doc__ = f"CUDA's fast {name}(x); here the accurate {name} (T.{name})."
    return op("__" + name)(f)


__exp, __exp10, __log, __log2 = _fast("exp"), _fast("exp10"), _fast("log"), _fast("log2")
__sin, __cos, __tan = _fast("sin"), _fast("cos"), _fast("tan")


@op("__log10")
def __log10(x):
    """CUDA's fast log10(x); here log2(x) / log2(10) as T.log10."""
    return call("log2", x) * (1.0 / 3.321928094887362)


@op("fast_rcp")
def fast_rcp(x):
    """CUDA's approximate reciprocal; here 1 / x rounded to x's dtype."""
    x = _float(x, "fast_rcp")
    return const(1.0, x.dtype) / x


def _float(x, opname):
    x = as_expr(x, opname)
    if not dtypes.is_float(x.dtype):
        x = cast_to(x, "float32")
    return x


def _rn(opname, rounding_mode):
    if rounding_mode != "rn":
        if rounding_mode not in ("rz", "ru", "rd"):
            fail(opname, f"rounding_mode must be 'rn', 'rz', 'ru' or 'rd', got {rounding_mode!r}")
        fail(opname, f"rounding_mode {rounding_mode!r} is not provided: TileLang-TT rounds every operation to "
                     "nearest even ('rn'); directed rounding has no form on interpret or tenstorrent")


def _ieee2(name, fn):
    def f(x, y, rounding_mode="rn"):
        _rn(name, rounding_mode)
        return fn(as_expr(x, name), y)
    f.__name__ = name
    f.__doc__ = f"IEEE {name[5:]} rounded to nearest even (rounding_mode 'rn'; others are errors)."
    return op(name)(f)


ieee_add = _ieee2("ieee_add", lambda x, y: x + y)
ieee_sub = _ieee2("ieee_sub", lambda x, y: x - y)
ieee_mul = _ieee2("ieee_mul", lambda x, y: x * y)
ieee_fdiv = _ieee2("ieee_fdiv", lambda x, y: _float(x, "ieee_fdiv") / y)


@op("ieee_frcp")
def ieee_frcp(x, rounding_mode="rn"):
    """1 / x rounded to nearest even."""
    _rn("ieee_frcp", rounding_mode)
    x = _float(x, "ieee_frcp")
    return const(1.0, x.dtype) / x


@op("ieee_fsqrt")
def ieee_fsqrt(x, rounding_mode="rn"):
    """sqrt(x) rounded to nearest even."""
    _rn("ieee_fsqrt", rounding_mode)
    return call("sqrt", _float(x, "ieee_fsqrt"))


@op("ieee_frsqrt")
def ieee_frsqrt(x):
    """1 / sqrt(x), computed in float64 and rounded once to x's dtype."""
    x = _float(x, "ieee_frsqrt")
    return cast_to(const(1.0, "float64") / call("sqrt", cast_to(x, "float64")), x.dtype)


@op("ieee_fmaf")
def ieee_fmaf(x, y, z, rounding_mode="rn"):
    """x * y + z with one rounding to x's dtype: computed in float64 (the product of two float32 values is exact
    there) and rounded to the dtype."""
    _rn("ieee_fmaf", rounding_mode)
    x = _float(x, "ieee_fmaf")
    wide = lambda v: cast_to(as_expr(v, "ieee_fmaf") if is_symbolic(v) else const(float(v), x.dtype), "float64")
    return cast_to(wide(x) * wide(y) + wide(z), x.dtype)


def tmp(value, name):
    """value bound to a let (a Var evaluated once) when tracing a kernel body, so a helper can use it several
    times without repeating its expression tree; value itself outside a body or when it is already a Var."""
    b = _b.current()
    if b is None or b.depth == 0 or isinstance(value, Var):
        return value
    var = Var(_core.make_var(b.unique(name), value.node.dtype), name)
    b.let(var, value, user_span(name))
    return var


_UNSIGNED = {"int8": "uint8", "uint8": "uint8", "int16": "uint16", "uint16": "uint16", "int32": "uint32",
             "uint32": "uint32"}


def _int_operand(x, opname):
    if const_int(x) is not None and not isinstance(x, PrimExpr):
        fail(opname, f"expected an integer expression, got the Python number {x!r} (compute it in Python: "
                     "int.bit_count, int.bit_length)")
    x = as_expr(x, opname)
    if not dtypes.is_int(x.dtype) or x.dtype == "bool":
        fail(opname, f"expected an integer value, got {x.dtype}")
    return x


def _popcount_u(u):
    """Set bits of an unsigned 8/16/32-bit value (the classic SWAR sum of bit fields)."""
    bits = dtypes.DataType(u.dtype).bits
    mask = (1 << bits) - 1
    m1, m2, m4 = 0x55555555 & mask, 0x33333333 & mask, 0x0F0F0F0F & mask
    u = tmp(u - ((u >> 1) & m1), "popc")
    u = tmp((u & m2) + ((u >> 2) & m2), "popc")
    u = tmp((u + (u >> 4)) & m4, "popc")
    total = u
    for s in range(8, bits, 8):
        total = total + (u >> s)
    return total & 0xFF


@op("popcount")
def popcount(x):
    """The number of set bits of x's two's-complement representation, in x's dtype."""
    x = _int_operand(x, "popcount")
    if x.dtype == "int64":
        lo = cast_to(x, "uint32")
        hi = cast_to(x >> 32, "uint32")
        return cast_to(_popcount_u(tmp(lo, "popc_lo")) + _popcount_u(tmp(hi, "popc_hi")), "int64")
    u = tmp(cast_to(x, _UNSIGNED[x.dtype]), "popc")
    return cast_to(_popcount_u(u), x.dtype)


@op("clz")
def clz(x):
    """The number of leading zero bits of x in its dtype's width (the width for 0), in x's dtype."""
    x = _int_operand(x, "clz")
    if x.dtype == "int64":
        hi, lo = tmp(cast_to(x >> 32, "uint32"), "clz_hi"), tmp(cast_to(x, "uint32"), "clz_lo")
        return cast_to(if_then_else(hi == 0, 32 + _clz_u(lo), _clz_u(hi)), "int64")
    return cast_to(_clz_u(tmp(cast_to(x, _UNSIGNED[x.dtype]), "clz")), x.dtype)


def _clz_u(u):
    """Leading zeros of an unsigned value: smear the highest set bit right, count the ones."""
    bits = dtypes.DataType(u.dtype).bits
    s = 1
    while s < bits:
        u = tmp(u | (u >> s), "clz")
        s *= 2
    return cast_to(bits - cast_to(_popcount_u(u), "int32"), "int32")


@op("__ffs")
def __ffs(value):
    """CUDA's __ffs: the one-based position of the least significant set bit of value, 0 when value is 0 (int32)."""
    x = _int_operand(value, "__ffs")
    if x.dtype == "int64":
        lo, hi = tmp(cast_to(x, "uint32"), "ffs_lo"), tmp(cast_to(x >> 32, "uint32"), "ffs_hi")
        return if_then_else(lo != 0, _ffs_u(lo), if_then_else(hi != 0, 32 + _ffs_u(hi), 0))
    u = tmp(cast_to(x, _UNSIGNED[x.dtype]), "ffs")
    return if_then_else(u != 0, _ffs_u(u), 0)


def _ffs_u(u):
    # u ^ (u - 1) sets the bits up to and including the lowest set one: their count is its one-based position
    return cast_to(_popcount_u(tmp(u ^ (u - 1), "ffs")), "int32")


@op("ldexp")
def ldexp(x, e):
    """x * 2**e (e an integer) in x's float dtype; 2**e is applied in two halves so that every result the dtype can
    hold is reached (subnormal results round twice)."""
    x = _float(x, "ldexp")
    e = as_expr(e, "ldexp")
    if not dtypes.is_int(e.dtype):
        fail("ldexp", f"expected an integer exponent, got {e.dtype}")
    half = tmp(e // 2, "ldexp_e")
    return x * call("exp2", cast_to(half, x.dtype)) * call("exp2", cast_to(e - half, x.dtype))


@op("align_up")
def align_up(x, y):
    """x rounded up to a multiple of y (ceildiv(x, y) * y)."""
    return ceildiv(x, y) * y


@op("index_to_coordinates")
def index_to_coordinates(index, shape):
    """The row-major coordinates of flat `index` in `shape`, one per dim."""
    if not isinstance(shape, (list, tuple)) or not shape:
        fail("index_to_coordinates", f"expected a non-empty shape list, got {shape!r}")
    coords = []
    for extent in reversed(list(shape)):
        coords.append(index % extent)
        index = index // extent
    return coords[::-1]


def IntImm(dtype, value):
    """TVM's integer immediate: T.IntImm("int32", 4) is the constant 4 of that dtype."""
    dt = dtypes.normalize(dtype, "IntImm")
    if not dtypes.is_int(dt):
        fail("IntImm", f"expected an integer dtype, got {dt}")
    return const(int(value), dt)


@op("assume")
def assume(cond=None):
    """A compiler hint that cond holds (upstream uses it for simplification); accepted and not checked."""
    return None


__all__ = ["__exp", "__exp10", "__log", "__log2", "__log10", "__sin", "__cos", "__tan", "fast_rcp", "ieee_add",
           "ieee_sub", "ieee_mul", "ieee_fdiv", "ieee_frcp", "ieee_fsqrt", "ieee_frsqrt", "ieee_fmaf", "popcount",
           "clz", "__ffs", "ldexp", "align_up", "index_to_coordinates", "IntImm", "assume"]
