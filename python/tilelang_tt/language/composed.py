"""Tile operations written as loops over their operands (no IR node of their own):
  * `T.reduce(buffer, out, reduce_type, dim, clear)` — upstream's generic form of T.reduce_*: the kinds with an IR
    reduction ("sum", "max", "min", "abssum", "absmax") go to it; "bitand" / "bitor" / "bitxor" (also
    `T.reduce_bitand / reduce_bitor / reduce_bitxor`, integer or bool buffers) are a T.Parallel nest over `out` with a
    serial loop along `dim` that folds each element in;
  * `T.cummax(src, dst=None, dim=0, reverse=False)`: the inclusive running maximum along dim (in place without dst);
  * `T.transpose(src, dst)`: dst[..., j, i] = src[..., i, j] over the last two dims;
  * `T.any_of(x)` / `T.all_of(x)`: a bool expression, some / every element of a buffer or slice is non-zero;
  * `T.reducer_init(r, init=None)` / `T.reducer_update(r[idx], v)` on a T.alloc_reducer buffer.

Contract: operands are as for the other tile ops (ops.operand). The loops are T.Parallel nests, so in thread-level
code they are the block's and run once, like the tile ops. Shapes are checked here, at the user's line.
"""
from __future__ import annotations

import math

from .. import dtypes
from ..errors import fail
from ._op import flag, op
from .buffer import Buffer, LoadExpr
from .expr import as_expr, cast_to, const, const_int
from .loops import Parallel, serial
from .math import max as _max, max_value, min as _min, min_value
from .ops import _dims_equal, _Operand, _same_shape, _tile_op_context, operand, reduce_dim
from . import ops as _ops

_BIT = {"bitand": lambda a, b: a & b, "bitor": lambda a, b: a | b, "bitxor": lambda a, b: a ^ b}
_IR_KINDS = {"sum": _ops.reduce_sum, "max": _ops.reduce_max, "min": _ops.reduce_min, "absmax": _ops.reduce_absmax}


def _nest(extents):
    """A T.Parallel nest over extents (a single 1-extent loop for none); yields the index tuple."""
    for idx in Parallel(*(extents or [1])):
        yield (idx if isinstance(idx, tuple) else (idx,)) if extents else ()


def _at(o: _Operand, idx):
    """Indices of o's element idx (the loop index itself where o starts at 0: the form tile code recognizes)."""
    return [i if const_int(m) == 0 else as_expr(m) + i for m, i in zip(o.mins, idx)]


def _whole(x, opname, what):
    o = operand(x, opname, what)
    if o.extents is None:
        fail(opname, f"expected a buffer or a slice for {what}, not a single element")
    return o


def _dim(dim, rank, opname):
    dm = const_int(dim)
    if dm is None or not -rank <= dm < rank:
        fail(opname, f"dim must be an int in [{-rank}, {rank}), got {dim}")
    return dm % rank


def _reduce_bits(opname, kind, buffer, out, dim, clear):
    _tile_op_context(opname)
    clear = flag(opname, "clear", clear)
    s, d = _whole(buffer, opname, "buffer"), _whole(out, opname, "out")
    for o in (s, d):
        if dtypes.is_float(o.buffer.dtype):
            fail(opname, f"reduce_{kind} needs integer or bool buffers, got '{o.buffer.name}' of {o.buffer.dtype}")
    dm, keeps = reduce_dim(opname, s, d, dim)
    n = s.extents[dm]
    fold = _BIT[kind]
    dt = d.buffer.dtype
    if dt == "bool":
        identity = const(kind == "bitand", "bool")
    else:  # all ones for and, zero for or / xor
        identity = (max_value(dt) if dt.startswith("uint") else -1) if kind == "bitand" else 0
    for idx in _nest(d.extents):
        outer = list(idx[:dm] + idx[dm + 1:]) if keeps else list(idx)
        dst = _at(d, idx)
        if clear:
            d.buffer[tuple(dst)] = identity
        for k in serial(n):
            src = _at(s, outer[:dm] + [k] + outer[dm:])
            d.buffer[tuple(dst)] = fold(d.buffer[tuple(dst)], cast_to(s.buffer[tuple(src)], dt))


@op("reduce")
def reduce(buffer, out, reduce_type, dim=-1, clear=True, batch=1, nan_propagate=False, annotations=None):
    """out = the reduce_type ("sum", "max", "min", "abssum", "absmax", "bitand", "bitor", "bitxor") of buffer
    along dim."""
    if reduce_type in _BIT:
        return _reduce_bits("reduce", reduce_type, buffer, out, dim, clear)
    if reduce_type == "abssum":
        return _ops.reduce_abssum(buffer, out, dim)
    if reduce_type not in _IR_KINDS:
        fail("reduce", f"reduce_type must be one of 'sum', 'max', 'min', 'abssum', 'absmax', 'bitand', 'bitor', "
                       f"'bitxor', got {reduce_type!r}")
    return _IR_KINDS[reduce_type](buffer, out, dim, clear)


@op("reduce_bitand")
def reduce_bitand(buffer, out, dim=-1, clear=True, batch=1):
    """out = bitwise and of buffer along dim (integer or bool buffers)."""
    _reduce_bits("reduce_bitand", "bitand", buffer, out, dim, clear)


@op("reduce_bitor")
def reduce_bitor(buffer, out, dim=-1, clear=True, batch=1):
    """out = bitwise or of buffer along dim."""
    _reduce_bits("reduce_bitor", "bitor", buffer, out, dim, clear)


@op("reduce_bitxor")
def reduce_bitxor(buffer, out, dim=-1, clear=True, batch=1):
    """out = bitwise xor of buffer along dim."""
    _reduce_bits("reduce_bitxor", "bitxor", buffer, out, dim, clear)


@op("cummax")
def cummax(src, dst=None, dim=0, reverse=False, annotations=None):
    """Inclusive running maximum along dim, into dst (in place when dst is None); from the end if reverse."""
    _tile_op_context("cummax")
    reverse = flag("cummax", "reverse", reverse)
    s = _whole(src, "cummax", "src")
    d = s if dst is None else _whole(dst, "cummax", "dst")
    rank = len(s.extents)
    dm = _dim(dim, rank, "cummax")
    if len(d.extents) != rank or not _same_shape(s.extents, d.extents):
        fail("cummax", f"expected dst of shape {s.describe()}, got {d.describe()}")
    n = s.extents[dm]
    if const_int(n) is None:
        fail("cummax", "the scanned extent must be constant")
    n = const_int(n)
    first, step = (n - 1, -1) if reverse else (0, 1)
    for outer in _nest(s.extents[:dm] + s.extents[dm + 1:]):
        outer = list(outer)
        at = lambda o, j: tuple(_at(o, outer[:dm] + [j] + outer[dm:]))
        d.buffer[at(d, first)] = cast_to(s.buffer[at(s, first)], d.buffer.dtype)
        for k in (serial(1, n) if n > 1 else []):
            j = first + step * k
            d.buffer[at(d, j)] = _max(d.buffer[at(d, j - step)], cast_to(s.buffer[at(s, j)], d.buffer.dtype))


@op("transpose")
def transpose(src, dst, annotations=None):
    """dst[..., j, i] = src[..., i, j]: the last two dims swapped (leading dims equal)."""
    _tile_op_context("transpose")
    s, d = _whole(src, "transpose", "src"), _whole(dst, "transpose", "dst")
    if len(s.extents) < 2 or len(d.extents) != len(s.extents):
        fail("transpose", f"expected src and dst of the same rank >= 2, got {s.describe()} and {d.describe()}")
    want = s.extents[:-2] + [s.extents[-1], s.extents[-2]]
    if not all(_dims_equal(x, y) for x, y in zip(d.extents, want)):
        fail("transpose", f"expected dst of shape {_Operand(None, [], want).describe()}, got {d.describe()}")
    for idx in _nest(d.extents):  # each dst element at the loop's own indices (the form tile code transposes)
        frm = list(idx[:-2]) + [idx[-1], idx[-2]]
        d.buffer[tuple(_at(d, idx))] = cast_to(s.buffer[tuple(_at(s, frm))], d.buffer.dtype)


_MAX_VOTE = 4096


def _elements(x, opname):
    o = operand(x, opname, "buffer")
    ext = [1] * len(o.mins) if o.extents is None else [const_int(e) for e in o.extents]
    if any(e is None for e in ext):
        fail(opname, "expected a buffer or slice of constant extents")
    if math.prod(ext) > _MAX_VOTE:
        fail(opname, f"expected at most {_MAX_VOTE} elements, got {math.prod(ext)} (reduce the buffer with "
                     "T.reduce_max into a vector first)")
    loads = []
    for flat in range(math.prod(ext)):
        idx, r = [], flat
        for e in reversed(ext):
            idx.append(r % e)
            r //= e
        loads.append(o.buffer[tuple(_at(o, idx[::-1]))])
    return [v if v.dtype == "bool" else v != 0 for v in loads]


def _tree(op_, values):
    while len(values) > 1:
        values = [op_(values[i], values[i + 1]) if i + 1 < len(values) else values[i]
                  for i in range(0, len(values), 2)]
    return values[0]


@op("any_of")
def any_of(buffer):
    """True when some element of the buffer (or slice) is non-zero."""
    return _tree(lambda a, b: a | b, _elements(buffer, "any_of"))


@op("all_of")
def all_of(buffer):
    """True when every element of the buffer (or slice) is non-zero."""
    return _tree(lambda a, b: a & b, _elements(buffer, "all_of"))


def _reducer(r, opname):
    if not isinstance(r, Buffer) or getattr(r, "reducer_op", None) is None:
        fail(opname, f"expected a buffer from T.alloc_reducer, got {getattr(r, 'name', type(r).__name__)!r}")
    return r.reducer_op


@op("reducer_init")
def reducer_init(reducer, init=None):
    """Starts a reduction into reducer: every element becomes init, or the identity of its op (sum 0, max the
    lowest value, min the highest)."""
    kind = _reducer(reducer, "reducer_init")
    if init is None:
        dt = reducer.dtype
        init = {"sum": 0, "max": (-math.inf if dtypes.is_float(dt) else min_value(dt)),
                "min": (math.inf if dtypes.is_float(dt) else max_value(dt))}[kind]
    _ops.fill(reducer, init)


@op("reducer_update")
def reducer_update(target, value):
    """Combines value into the reducer element target (written `r[idx]`) with the reducer's op."""
    if not isinstance(target, LoadExpr):
        fail("reducer_update", "expected the reducer element being updated, written r[indices]")
    kind = _reducer(target.buffer, "reducer_update")
    key = tuple(target.indices)
    combine = {"sum": lambda a, b: a + b, "max": _max, "min": _min}[kind]
    target.buffer[key] = combine(target.buffer[key], cast_to(value, target.buffer.dtype))


__all__ = ["reduce", "reduce_bitand", "reduce_bitor", "reduce_bitxor", "cummax", "transpose", "any_of", "all_of",
           "reducer_init", "reducer_update"]
