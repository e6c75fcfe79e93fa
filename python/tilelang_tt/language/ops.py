"""Tile operations: T.copy (and T.async_copy), T.gemm, T.fill, T.clear, T.reduce_*, T.cumsum, T.im2col.

Contract: operands are a whole Buffer, a Region (slice) or a start-index load (A[i, j]) whose extents are
taken from the other operand, right-aligned, with missing leading dims 1. Shapes are checked here (after
dropping extent-1 dims) so that a mismatch is a TileLangError at the user's line, never an internal error.
Tile ops must be inside a T.Kernel and not inside T.Parallel.
"""
from __future__ import annotations

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import flag, op
from .buffer import Buffer, LoadExpr, Region
from .expr import adopt, as_expr, const_int, linear_const
from .kernel import current_kernel


class _Operand:
    """buffer + per-dim mins + extents (None for a start-index load whose extents are still unknown)."""

    def __init__(self, buffer, mins, extents):
        self.buffer, self.mins, self.extents = buffer, mins, extents

    def ranges(self, opname):
        """IR ranges; a constant region outside a kernel-local buffer is a user error."""
        if self.buffer.scope != "global":
            for d, (m, e, n) in enumerate(zip(self.mins, self.extents, self.buffer.shape)):
                cm, ce = const_int(m), const_int(e)
                if cm is not None and ce is not None and not (0 <= cm and cm + ce <= int(n)):
                    fail(opname, f"region [{cm}, {cm + ce}) is out of bounds for dim {d} of '{self.buffer.name}' "
                                 f"(size {int(n)})")
        return [(as_expr(m).node, as_expr(e).node) for m, e in zip(self.mins, self.extents)]

    def describe(self):
        return "(" + ", ".join(_dim_str(e) for e in self.extents) + ("," if len(self.extents) == 1 else "") + ")"


def _dim_str(e):
    c = const_int(e)
    return str(c) if c is not None else _core.print_expr(as_expr(e).node)


def operand(x, opname, what) -> _Operand:
    if isinstance(x, Buffer):
        x.check_usable(opname)
        return _Operand(x, [0] * x.ndim, list(x.shape))
    if isinstance(x, Region):
        x.buffer.check_usable(opname)
        return _Operand(x.buffer, list(x.mins), list(x.extents))
    if isinstance(x, LoadExpr):
        x.buffer.check_usable(opname)
        return _Operand(x.buffer, list(x.indices), None)
    fail(opname, f"expected a buffer, a slice of a buffer or a buffer element for {what}, "
                 f"got {type(x).__name__}")


def _tile_op_context(opname):
    current_kernel(opname)
    b = _b.current()
    if b.parallel_depth:
        fail(opname, f"T.{opname} is a tile operation and is not allowed inside T.Parallel")
    return b


def _squeeze(extents):
    return [e for e in extents if const_int(e) != 1]


def _infer(known: _Operand, other: _Operand, opname):
    """Give `other` (a start-index load) extents from `known`, right-aligned."""
    n, m = len(other.mins), len(known.extents)
    ext = list(known.extents)
    if m > n:
        lead = ext[: m - n]
        if any(const_int(e) != 1 for e in lead):
            fail(opname, f"cannot infer the region of '{other.buffer.name}' ({n} dims) from "
                         f"'{known.buffer.name}' with extents {known.describe()}")
        ext = ext[m - n:]
    other.extents = [1] * (n - len(ext)) + ext


def _dims_equal(x, y):
    """Provably equal extents: equal constants, or symbolic extents whose difference folds to 0."""
    cx, cy = const_int(x), const_int(y)
    if cx is not None or cy is not None:
        return cx == cy
    return linear_const(as_expr(x) - as_expr(y)) == 0


def _same_shape(a, b):
    sa, sb = _squeeze(a), _squeeze(b)
    return len(sa) == len(sb) and all(_dims_equal(x, y) for x, y in zip(sa, sb))


@op("copy")
def copy(src, dst, *, coalesced_width=None, disable_tma=False, eviction_policy=None, prefer_instruction=None,
         annotations=None, loop_layout=None):
    """Copy src to dst (converting the dtype). Regions must have the same shape after dropping 1-extent dims."""
    b = _tile_op_context("copy")
    s, d = operand(src, "copy", "src"), operand(dst, "copy", "dst")
    if s.extents is None and d.extents is None:
        s.extents, d.extents = [1] * len(s.mins), [1] * len(d.mins)
    elif s.extents is None:
        _infer(d, s, "copy")
    elif d.extents is None:
        _infer(s, d, "copy")
    elif not _same_shape(s.extents, d.extents):
        fail("copy", f"expected regions of the same shape, got source '{s.buffer.name}' {s.describe()} and "
                     f"destination '{d.buffer.name}' {d.describe()}")
    b.emit(_core.make_copy(s.buffer.core, s.ranges("copy"), d.buffer.core, d.ranges("copy"),
                           _b.core_span(user_span("copy"))))


@op("async_copy")
def async_copy(src, dst, *, coalesced_width=None, annotations=None, loop_layout=None):
    """Upstream's explicitly asynchronous copy (CUDA cp.async, completed by explicit waits): here T.copy, which has
    completed when the next statement runs."""
    copy(src, dst)


@op("gemm")
def gemm(A, B, C, transpose_A=False, transpose_B=False, policy=None, clear_accum=False, k_pack=1, wg_wait=0,
         mbar=None, annotations=None):
    """C (+)= op(A) @ op(B) over the last two dims (leading dims must be 1); clear_accum zeroes C first."""
    b = _tile_op_context("gemm")
    transpose_A, transpose_B = flag("gemm", "transpose_A", transpose_A), flag("gemm", "transpose_B", transpose_B)
    clear_accum = flag("gemm", "clear_accum", clear_accum)
    ops = []
    for x, what in ((A, "A"), (B, "B"), (C, "C")):
        o = operand(x, "gemm", what)
        if o.extents is None:
            fail("gemm", f"{what} must be a buffer or a slice, not a single element")
        if len(o.extents) < 2:
            fail("gemm", f"{what} must have at least 2 dims, got {len(o.extents)}")
        if any(const_int(e) != 1 for e in o.extents[:-2]):
            fail("gemm", f"{what}'s leading dims must be 1, got {o.describe()}")
        if any(const_int(e) is None for e in o.extents[-2:]):
            fail("gemm", f"{what}'s last two extents must be constant")
        ops.append(o)
    a, bb, c = ops
    (am, ak) = [const_int(e) for e in a.extents[-2:]]
    (bk, bn) = [const_int(e) for e in bb.extents[-2:]]
    (cm, cn) = [const_int(e) for e in c.extents[-2:]]
    if transpose_A:
        am, ak = ak, am
    if transpose_B:
        bk, bn = bn, bk
    if ak != bk:
        fail("gemm", f"expected A's K ({ak}) to equal B's K ({bk})")
    if (am, bn) != (cm, cn):
        fail("gemm", f"expected C of shape ({am}, {bn}), got ({cm}, {cn})")
    if c.buffer.scope == "global":
        fail("gemm", "C must be a fragment or shared buffer, not a global tensor")
    b.emit(_core.make_gemm(a.buffer.core, a.ranges("gemm"), bb.buffer.core, bb.ranges("gemm"), c.buffer.core,
                           c.ranges("gemm"),
                           transpose_A, transpose_B, clear_accum, _b.core_span(user_span("gemm"))))


def _fill(opname, buffer, value):
    b = _tile_op_context(opname)
    o = operand(buffer, opname, "buffer")
    if o.extents is None:
        o.extents = [1] * len(o.mins)
    v = adopt(value, o.buffer.dtype, opname, f"the dtype of '{o.buffer.name}'")
    b.emit(_core.make_fill(o.buffer.core, o.ranges(opname), v.node, _b.core_span(user_span(opname))))


@op("fill")
def fill(buffer, value):
    """Set every element of buffer (or region) to value."""
    _fill("fill", buffer, value)


@op("clear")
def clear(buffer):
    """Set every element of buffer (or region) to 0."""
    _fill("clear", buffer, 0)


def _reduce(opname, kind, buffer, out, dim, clear):
    b = _tile_op_context(opname)
    clear = flag(opname, "clear", clear)
    s, d = operand(buffer, opname, "buffer"), operand(out, opname, "out")
    if s.extents is None or d.extents is None:
        fail(opname, "expected whole buffers or slices, not single elements")
    dm, _ = reduce_dim(opname, s, d, dim)
    b.emit(_core.make_reduce(kind, s.buffer.core, s.ranges(opname), d.buffer.core, d.ranges(opname), dm, clear,
                             _b.core_span(user_span(opname))))


def reduce_dim(opname, s: _Operand, d: _Operand, dim):
    """The normalized reduced dim of src s into out d, and whether d keeps it as 1 (else d's shape is s's without
    it); a wrong dim or shape is an error."""
    rank = len(s.extents)
    dm = const_int(dim)
    if dm is None or not -rank <= dm < rank:
        fail(opname, f"dim must be an int in [{-rank}, {rank}), got {dim}")
    dm %= rank
    removed = s.extents[:dm] + s.extents[dm + 1:]
    kept = s.extents[:dm] + [1] + s.extents[dm + 1:]
    fits = [len(d.extents) == len(shape) and all(_dims_equal(x, y) for x, y in zip(d.extents, shape))
            for shape in (kept, removed)]
    if not any(fits):
        exp = _Operand(None, [], removed).describe()
        fail(opname, f"expected out of shape {exp} (or with dim {dm} kept as 1), got {d.describe()}")
    return dm, fits[0]


R = _core.ReduceKind


@op("reduce_max")
def reduce_max(buffer, out, dim=-1, clear=True, batch=1, nan_propagate=False):
    """out = max of buffer along dim (folded into out's values when clear=False)."""
    _reduce("reduce_max", R.max, buffer, out, dim, clear)


@op("reduce_min")
def reduce_min(buffer, out, dim=-1, clear=True, batch=1, nan_propagate=False):
    """out = min of buffer along dim."""
    _reduce("reduce_min", R.min, buffer, out, dim, clear)


@op("reduce_sum")
def reduce_sum(buffer, out, dim=-1, clear=True, batch=1):
    """out = sum of buffer along dim."""
    _reduce("reduce_sum", R.sum, buffer, out, dim, clear)


@op("reduce_absmax")
def reduce_absmax(buffer, out, dim=-1, clear=True, batch=1):
    """out = max |x| along dim."""
    _reduce("reduce_absmax", R.absmax, buffer, out, dim, clear)


@op("reduce_abssum")
def reduce_abssum(buffer, out, dim=-1, batch=1):
    """out = sum |x| along dim (always clears)."""
    _reduce("reduce_abssum", R.abssum, buffer, out, dim, True)


@op("cumsum")
def cumsum(src, dst=None, dim=0, reverse=False):
    """Inclusive prefix sum along dim, into dst (in place when dst is None); reversed if reverse."""
    b = _tile_op_context("cumsum")
    reverse = flag("cumsum", "reverse", reverse)
    s = operand(src, "cumsum", "src")
    d = s if dst is None else operand(dst, "cumsum", "dst")
    if s.extents is None or d.extents is None:
        fail("cumsum", "expected whole buffers or slices, not single elements")
    rank = len(s.extents)
    dm = const_int(dim)
    if dm is None or not -rank <= dm < rank:
        fail("cumsum", f"dim must be an int in [{-rank}, {rank}), got {dim}")
    if len(d.extents) != rank or not _same_shape(s.extents, d.extents):
        fail("cumsum", f"expected dst of shape {s.describe()}, got {d.describe()}")
    b.emit(_core.make_cumsum(s.buffer.core, s.ranges("cumsum"), d.buffer.core, d.ranges("cumsum"), dm % rank,
                             reverse,
                             _b.core_span(user_span("cumsum"))))


@op("im2col")
def im2col(img, col, nhw_step, c_step, kernel, stride, dilation, pad, eviction_policy=None, annotations=None):
    """col = block (nhw_step, c_step) of the im2col matrix of the NHWC image img (see docs/language.md): row i is
    output pixel nhw_step*M + i, column j is (kh, kw, c) index c_step*K + j with c fastest; zero outside."""
    b = _tile_op_context("im2col")
    s, d = operand(img, "im2col", "img"), operand(col, "im2col", "col")
    if s.buffer.scope != "global" or len(s.mins) != 4 or not isinstance(img, Buffer):
        fail("im2col", f"expected a whole 4-D (N, H, W, C) global tensor for img, got '{s.buffer.name}' "
                       f"({s.buffer.scope}, {len(s.mins)} dims)")
    if d.extents is None or len(d.extents) != 2 or d.buffer.scope == "global":
        fail("im2col", f"expected a 2-D shared or fragment buffer for col, got '{d.buffer.name}'")
    if s.buffer.dtype != d.buffer.dtype:
        fail("im2col", f"expected img and col of the same dtype, got {s.buffer.dtype} and {d.buffer.dtype}")
    params = {}
    for name, v, lo in (("kernel", kernel, 1), ("stride", stride, 1), ("dilation", dilation, 1), ("pad", pad, 0)):
        c = const_int(v)
        if c is None or c < lo:
            fail("im2col", f"expected a constant int >= {lo} for {name}, got {v!r}")
        params[name] = c
    b.emit(_core.make_im2col(s.buffer.core, s.ranges("im2col"), d.buffer.core, d.ranges("im2col"),
                             as_expr(nhw_step, "im2col").node, as_expr(c_step, "im2col").node, params["kernel"],
                             params["stride"], params["dilation"], params["pad"], _b.core_span(user_span("im2col"))))


@op("c2d_im2col")
def c2d_im2col(img, col, nhw_step, c_step, kernel, stride, dilation, pad, eviction_policy=None, annotations=None):
    """The older name of T.im2col."""
    im2col(img, col, nhw_step, c_step, kernel, stride, dilation, pad, eviction_policy, annotations)


@op("print")
def print(obj, msg="", warp_group_id=0, warp_id=0):
    """Prints obj (a value, or every element of a buffer or slice) with msg and the block index (and, in
    thread-level code, the thread index). interpret: on stdout as the kernel runs; tenstorrent: DPRINT in the compute
    kernel, shown on stdout after the run (values, elements of shared/fragment buffers; docs/language.md)."""
    k = current_kernel("print")
    b = _b.current()
    at = [v.node for v in k.vars + k.thread_vars]
    span = _b.core_span(user_span("print"))
    if isinstance(obj, (Buffer, Region)):
        o = operand(obj, "print", "obj")
        b.emit(_core.make_print(str(msg), at, None, o.buffer.core, o.ranges("print"), span))
        return
    v = as_expr(obj, "print")
    b.emit(_core.make_print(str(msg), at, v.node, None, [], span))
