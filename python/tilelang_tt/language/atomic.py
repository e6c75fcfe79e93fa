"""Atomics: T.atomic_add / atomic_max / atomic_min, atomic_addx2 / atomic_addx4, atomic_load / atomic_store.

Contract (upstream TileLang's semantics):
  * Scalar form — neither dst nor value has extents (dst is an element A[i, j] or a T.alloc_var): one Atomic
    statement, dst = op(dst, value) indivisibly. return_prev=True returns the element's old value (a fresh var
    buffer the atomic fills).
  * Tile-region form — dst and/or value is a buffer or a slice: extents of the other side are inferred as T.copy
    does (right-aligned, missing dims 1), and the op is one Atomic per element, an element-wise T.Parallel nest
    over the region. return_prev is an error there, as upstream.
  * atomic_addx2/x4: the scalar form on 2/4 consecutive elements of the last dim.
  * atomic_load / atomic_store: a load / a store (every access is indivisible on the targets that run them).
  * memory_order must be one of upstream's names (or None); it does not change the result on these targets.
On "tenstorrent" an Atomic is refused at the user's line by the check_tt_supported pass.
"""
from __future__ import annotations

from .. import _core
from .. import dtypes
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .alloc import _alloc
from .buffer import Buffer, LoadExpr, _index
from .expr import Var, as_expr, const_int
from .kernel import current_kernel
from .ops import _infer, _same_shape, operand

_ORDERS = ("relaxed", "consume", "acquire", "release", "acq_rel", "seq_cst")
_OPS = {"atomic_add": _core.AtomicOp.add, "atomic_max": _core.AtomicOp.max, "atomic_min": _core.AtomicOp.min,
        "atomic_or": _core.AtomicOp.or_}


def _check_order(opname, memory_order, allowed=_ORDERS):
    if memory_order is not None and memory_order not in allowed:
        fail(opname, f"memory_order must be None or one of {', '.join(repr(o) for o in allowed)}, "
                     f"got {memory_order!r}")


def _is_scalar(x):
    """No extents: an element load, an alloc_var, or a plain value."""
    if isinstance(x, Buffer):
        return x.scope == "var"
    return not hasattr(x, "extents")


def _element(x, opname):
    """(buffer, index PrimExprs) of a scalar dst."""
    if isinstance(x, Buffer):
        x.check_usable(opname)
        return x, [_index(0)]
    if isinstance(x, LoadExpr):
        x.buffer.check_usable(opname)
        return x.buffer, list(x.indices)
    fail(opname, f"expected a buffer element (e.g. C[i, j]), a buffer or a slice for dst, got {type(x).__name__}")


def _emit(opname, buf, indices, value, prev=None):
    b = _b.current()
    if b is None or b.depth == 0:
        fail(opname, f"T.{opname} is only allowed inside a kernel body")
    v = as_expr(value, opname)
    b.emit(_core.make_atomic(_OPS[opname], buf.core, [i.node for i in indices], v.node,
                             prev.core if prev is not None else None, _b.core_span(user_span(opname))))


def _scalar(opname, dst, value, return_prev):
    buf, idx = _element(dst, opname)
    prev = None
    if return_prev:
        prev = _alloc(opname, (1,), buf.dtype, "var", "prev")
    _emit(opname, buf, idx, value, prev)
    return prev[0] if prev is not None else None


def _region(opname, dst, value):
    """One Atomic per element of the region, in a T.Parallel nest over its non-1 extents."""
    current_kernel(opname)
    d = operand(dst, opname, "dst")
    s = None if _is_scalar(value) else operand(value, opname, "value")
    if s is not None:
        if d.extents is None:
            _infer(s, d, opname)
        elif s.extents is None:
            _infer(d, s, opname)
        elif not _same_shape(s.extents, d.extents):
            fail(opname, f"expected regions of the same shape, got destination '{d.buffer.name}' {d.describe()} "
                         f"and value '{s.buffer.name}' {s.describe()}")
    b = _b.current()
    loop_extents = [e for e in d.extents if const_int(e) != 1]
    loop_vars = [Var(_core.make_var(n), n) for n in (b.unique(c) for c in "ijklmn"[: len(loop_extents)])]

    def indices(o):
        it, out = iter(loop_vars), []
        for m, e in zip(o.mins, o.extents):
            out.append(_index(m) if const_int(e) == 1 else _index(m) + next(it))
        return out

    d.ranges(opname)  # bounds check of constant regions on kernel-local buffers
    val = as_expr(value, opname) if s is None else LoadExpr(s.buffer, indices(s))
    span = _b.core_span(user_span(opname))
    stmt = _core.make_atomic(_OPS[opname], d.buffer.core, [i.node for i in indices(d)], val.node, None, span)
    for v, e in reversed(list(zip(loop_vars, loop_extents))):
        stmt = _core.make_for(v.node, as_expr(0).node, as_expr(e).node, _core.ForKind.parallel, stmt, span)
    b.emit(stmt)


def _atomic(opname, dst, value, memory_order, return_prev):
    _check_order(opname, memory_order)
    if _is_scalar(dst) and _is_scalar(value):
        return _scalar(opname, dst, value, return_prev)
    if return_prev:
        fail(opname, "return_prev is not supported for the tile-region form (a buffer or slice operand)")
    _region(opname, dst, value)
    return None


@op("atomic_add")
def atomic_add(dst, value, memory_order=None, return_prev=False, use_tma=False, annotations=None):
    """dst += value indivisibly (an element, or element-wise over a buffer/slice); return_prev gives the old value."""
    return _atomic("atomic_add", dst, value, memory_order, return_prev)


@op("atomic_max")
def atomic_max(dst, value, memory_order=None, return_prev=False, annotations=None):
    """dst = max(dst, value) indivisibly."""
    return _atomic("atomic_max", dst, value, memory_order, return_prev)


@op("atomic_min")
def atomic_min(dst, value, memory_order=None, return_prev=False, annotations=None):
    """dst = min(dst, value) indivisibly."""
    return _atomic("atomic_min", dst, value, memory_order, return_prev)


@op("atomic_or")
def atomic_or(dst, value, memory_order=None):
    """dst |= value indivisibly, for an element of an integer or bool buffer (upstream: scalar addresses only)."""
    _check_order("atomic_or", memory_order)
    if not (_is_scalar(dst) and _is_scalar(value)):
        fail("atomic_or", "expected an element (e.g. flags[i]) and a scalar value: the tile-region form is not "
                          "provided (as upstream)")
    buf, _ = _element(dst, "atomic_or")
    if dtypes.is_float(buf.dtype):
        fail("atomic_or", f"expected an integer or bool buffer, got '{buf.name}' of {buf.dtype}")
    return _scalar("atomic_or", dst, value, False)


def _addxn(opname, lanes, dst, value, return_prev):
    if return_prev:
        fail(opname, "return_prev is not supported here: a vector of previous values has no scalar form")
    buf, idx = _element(dst, opname)
    if not isinstance(value, LoadExpr):
        fail(opname, f"expected a buffer element (the first of {lanes}) for value, got {type(value).__name__}")
    for lane in range(lanes):
        val = LoadExpr(value.buffer, value.indices[:-1] + [value.indices[-1] + lane])
        _emit("atomic_add", buf, idx[:-1] + [idx[-1] + lane], val)


@op("atomic_addx2")
def atomic_addx2(dst, value, return_prev=False):
    """Atomic add of 2 consecutive elements (last dim) starting at dst and value."""
    _addxn("atomic_addx2", 2, dst, value, return_prev)


@op("atomic_addx4")
def atomic_addx4(dst, value, return_prev=False):
    """Atomic add of 4 consecutive elements (last dim) starting at dst and value."""
    _addxn("atomic_addx4", 4, dst, value, return_prev)


@op("atomic_load")
def atomic_load(src, memory_order="seq_cst"):
    """The value of an element (a load)."""
    _check_order("atomic_load", memory_order, ("relaxed", "consume", "acquire", "seq_cst"))
    buf, idx = _element(src, "atomic_load")
    return LoadExpr(buf, idx)


@op("atomic_store")
def atomic_store(dst, src, memory_order="seq_cst"):
    """Store src into an element."""
    _check_order("atomic_store", memory_order, ("relaxed", "release", "seq_cst"))
    buf, idx = _element(dst, "atomic_store")
    buf[tuple(idx)] = src
