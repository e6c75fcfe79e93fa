"""Scalar math: intrinsics (exp, exp2, log, ...), T.max/T.min, T.cast, T.if_then_else, T.infinity, T.clamp,
T.ceildiv and friends.

Contract: on Python numbers these compute Python values at trace time where that is exact (max, min,
ceildiv, if_then_else with a Python condition); otherwise they build IR expressions. Float intrinsics on
ints compute in float32 (ir.h make_call).
"""
from __future__ import annotations

import math as _m

from .. import _core
from .. import dtypes
from ..errors import fail
from ._op import op
from .expr import B, PrimExpr, as_expr, binary, call, cast_to, const, const_int, is_symbolic


def _unary(name):
    def f(x):
        return call(name, x)
    f.__name__ = name
    f.__doc__ = f"Elementwise {name}(x)."
    return op(name)(f)


exp = _unary("exp")
exp2 = _unary("exp2")
log = _unary("log")
log2 = _unary("log2")
sqrt = _unary("sqrt")
rsqrt = _unary("rsqrt")
tanh = _unary("tanh")
sigmoid = _unary("sigmoid")
floor = _unary("floor")
ceil = _unary("ceil")
round = _unary("round")
sin = _unary("sin")
cos = _unary("cos")
erf = _unary("erf")
log1p = _unary("log1p")
expm1 = _unary("expm1")
trunc = _unary("trunc")
tan = _unary("tan")
asin = _unary("asin")
acos = _unary("acos")
atan = _unary("atan")
sinh = _unary("sinh")
cosh = _unary("cosh")
asinh = _unary("asinh")
acosh = _unary("acosh")
atanh = _unary("atanh")
exp10 = _unary("exp10")
nearbyint = _unary("nearbyint")


def _binary(name):
    def f(x, y):
        return call(name, x, y)
    f.__name__ = name
    f.__doc__ = f"Elementwise {name}(x, y) (C's {name})."
    return op(name)(f)


atan2 = _binary("atan2")
fmod = _binary("fmod")
hypot = _binary("hypot")
copysign = _binary("copysign")
nextafter = _binary("nextafter")


@op("isnan")
def isnan(x):
    """x is NaN (a bool expression; false for integers)."""
    x = as_expr(x, "isnan")
    return x != x


@op("isinf")
def isinf(x):
    """x is +inf or -inf (a bool expression; false for integers)."""
    x = as_expr(x, "isinf")
    if not dtypes.is_float(x.dtype):
        return x != x
    return call("abs", x) == infinity(x.dtype)


@op("isfinite")
def isfinite(x):
    """x is neither NaN nor infinite (a bool expression; true for integers)."""
    x = as_expr(x, "isfinite")
    if not dtypes.is_float(x.dtype):
        return x == x
    return call("abs", x) < infinity(x.dtype)


@op("likely")
def likely(cond):
    """A branch hint on GPUs; here the condition itself."""
    return cond


@op("abs")
def abs(x):
    """|x| (ints and floats)."""
    return call("abs", x)


@op("pow")
def pow(x, y):
    """x ** y."""
    return call("pow", x, y)


@op("log10")
def log10(x):
    """log10(x) = log2(x) / log2(10)."""
    return call("log2", x) * (1.0 / _m.log2(10.0))


@op("max")
def max(a, b):
    """max(a, b); Python numbers give a Python number."""
    if not is_symbolic(a) and not is_symbolic(b):
        return a if a >= b else b
    return binary(B.Max, a, b)


@op("min")
def min(a, b):
    """min(a, b); Python numbers give a Python number."""
    if not is_symbolic(a) and not is_symbolic(b):
        return a if a <= b else b
    return binary(B.Min, a, b)


@op("clamp")
def clamp(x, lo, hi):
    """min(max(x, lo), hi)."""
    return min(max(x, lo), hi)


@op("cast")
def cast(value, dtype, round="", sat=True, rbits=None):
    """value converted to dtype (float→int truncates; to narrower floats rounds to nearest even)."""
    return cast_to(value, dtype)


# TVM's function spellings of the bit operations (PrimExpr's & | ^ ~ << >>)
def bitwise_and(a, b): return as_expr(a, "bitwise_and") & b
def bitwise_or(a, b): return as_expr(a, "bitwise_or") | b
def bitwise_xor(a, b): return as_expr(a, "bitwise_xor") ^ b
def bitwise_not(a): return ~as_expr(a, "bitwise_not")
def shift_left(a, b): return as_expr(a, "shift_left") << b
def shift_right(a, b): return as_expr(a, "shift_right") >> b


class Handle:
    """The opaque value of T.reinterpret(..., dtype="handle"): only the reduce_scope attribute of
    T.tvm_thread_allreduce (threads.py) takes it."""


@op("reinterpret")
def reinterpret(a, b=None, dtype=None):
    """The bits of a value read as another dtype: T.reinterpret(value, dtype=...) or TVM's
    reinterpret(dtype, value), between two dtypes of one width other than bool. Between integer dtypes (int8 <->
    uint8, int32 <-> uint32) it is the two's-complement wrap a cast does; between a float and an integer dtype
    (uint16 <-> float16/bfloat16, int32 <-> float32, ...) the same bits read in the other format; dtype="handle"
    gives an opaque handle."""
    if isinstance(a, str) and b is not None and dtype is None:
        dtype, value = a, b
    else:
        value, dtype = a, (b if dtype is None else dtype)
    if dtype == "handle":
        return Handle()
    dtype = dtypes.normalize(dtype, "reinterpret")
    v = as_expr(value, "reinterpret")
    if "bool" in (dtype, v.dtype) or dtypes.DataType(dtype).bits != dtypes.DataType(v.dtype).bits:
        fail("reinterpret", f"cannot reinterpret {v.dtype} as {dtype}: the two dtypes must have the same width "
                            "(e.g. uint16 and float16, int32 and float32) and not be bool")
    if dtypes.is_int(dtype) and dtypes.is_int(v.dtype):
        return cast_to(v, dtype)
    return PrimExpr(_core.make_reinterpret(dtypes.to_core(dtype), v.node))


@op("if_then_else")
def if_then_else(cond, then_value, else_value):
    """then_value if cond else else_value; only the chosen side is evaluated (safe for out-of-bounds loads)."""
    if not is_symbolic(cond):
        return then_value if cond else else_value
    c, t, f = as_expr(cond), as_expr(then_value), as_expr(else_value)
    return PrimExpr(_core.make_select(c.node, t.node, f.node))


Select = if_then_else


@op("infinity")
def infinity(dtype):
    """+inf of a float dtype."""
    dt = dtypes.normalize(dtype, "infinity")
    if not dtypes.is_float(dt):
        fail("infinity", f"expected a float dtype, got {dt}")
    return const(_m.inf, dt)


_LIMITS = {"int8": (-128, 127), "uint8": (0, 255), "int16": (-2**15, 2**15 - 1), "uint16": (0, 2**16 - 1), "int32": (-2**31, 2**31 - 1), "uint32": (0, 2**32 - 1),
           "int64": (-2**63, 2**63 - 1), "bool": (0, 1), "float16": (-65504.0, 65504.0),
           "bfloat16": (-3.3895313892515355e38, 3.3895313892515355e38),
           "float32": (-3.4028234663852886e38, 3.4028234663852886e38),
           "float64": (-1.7976931348623157e308, 1.7976931348623157e308),
           "float8_e4m3": (-448.0, 448.0), "float8_e5m2": (-57344.0, 57344.0)}


@op("max_value")
def max_value(dtype):
    """The largest finite value of dtype."""
    dt = dtypes.normalize(dtype, "max_value")
    return const(_LIMITS[dt][1], dt)


@op("min_value")
def min_value(dtype):
    """The lowest finite value of dtype."""
    dt = dtypes.normalize(dtype, "min_value")
    return const(_LIMITS[dt][0], dt)


@op("ceildiv")
def ceildiv(a, b):
    """ceil(a / b) for integers."""
    ca, cb = const_int(a), const_int(b)
    if ca is not None and cb is not None and not isinstance(a, PrimExpr) and not isinstance(b, PrimExpr):
        if cb == 0:
            fail("ceildiv", "division by zero")
        return -(-ca // cb)
    return (as_expr(a) + as_expr(b) - 1) // as_expr(b)


cdiv = ceildiv


@op("floordiv")
def floordiv(a, b):
    """a // b rounded toward -inf."""
    return binary(B.FloorDiv, a, b)


@op("floormod")
def floormod(a, b):
    """a % b with the sign of b."""
    return binary(B.FloorMod, a, b)


@op("truncmod")
def truncmod(a, b):
    """a % b with the sign of a (C's remainder; integers): a - truncdiv(a, b) * b."""
    return as_expr(a, "truncmod") - binary(B.Div, a, b) * b


@op("truncdiv")
def truncdiv(a, b):
    """a / b rounded toward zero (integers)."""
    return binary(B.Div, a, b)
