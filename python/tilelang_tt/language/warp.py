"""Warp-level code, as upstream TileLang's CUDA backend runs it: the shuffles T.shfl_sync / shfl_xor / shfl_down /
shfl_up, T.warp_reduce_sum / max / min / bitand / bitor, and T.sync_warp.

Contract: each is thread-level code (it makes its kernel thread-level, as T.get_thread_binding does: on
"tenstorrent" a located error). A block's threads form warps of 32 lanes in CUDA's order: linear thread id
tx + ty * X + tz * X * Y, lane = id % 32, warp = id // 32. A shuffle becomes ordinary statements over a shared
scratch buffer indexed by the linear id, emitted where the shuffle is written: every running thread stores its
value (threads run in lockstep on "interpret", so all stores happen before any read), and the shuffle's value is a
load of the source lane's entry. `width` (a power of two up to 32) splits the warp into segments as PTX's
shfl.sync does: shfl_sync reads lane (src % width) of the caller's segment; shfl_up / shfl_down / shfl_xor read
lane - delta / lane + delta / lane ^ delta when it is inside the segment (xor: below the segment's end) and the
caller's own value otherwise. `mask` is accepted and not used: a lane may read any lane of its warp that executes
the same shuffle. Reading a lane that does not (a divergent branch, lanes past the block's last thread: undefined
on GPUs) stops the run on "interpret" with an out-of-bounds load of `<op>_values_of_running_lanes`.
T.warp_reduce_<op>(v) is upstream's butterfly: v = op(v, shfl_xor(v, d)) for d = 16, 8, 4, 2, 1, so every lane
gets the reduction over its whole warp (32 lanes, which must all run), combined in the GPU's order.
T.sync_warp, like T.sync_threads, adds nothing to lockstep.
"""
from __future__ import annotations

from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .alloc import _alloc
from .expr import as_expr, const_int
from .kernel import current_kernel
from .math import if_then_else, max as _max, min as _min
from .ops import fill

WARP = 32


class _Lanes:
    """The running thread's place in its warp (CUDA's linear thread id, lane and warp base)."""

    def __init__(self, opname):
        k = current_kernel(opname)
        k.thread_var(0, user_span(opname))  # thread-level from here on
        self.opname = opname
        self.n, linear = 1, None
        for v, extent in zip(k.thread_vars, k.threads):
            linear = v if linear is None else linear + v * self.n
            self.n *= extent
        self.linear = linear
        self.lane = linear % WARP
        self.base = linear - self.lane

    def alloc(self, dtype, name):
        _b.current().name_hint = f"{self.opname}_{name}"
        return _alloc(self.opname, (self.n,), dtype, "shared", name)

    def exchange(self, value, source):
        """Every running thread publishes `value`; returns (its own published value, the value published at lane j
        of its warp), where source(lane) -> (j, in_range) and an out-of-range j reads the caller's own entry."""
        v = as_expr(value, self.opname)
        ran = self.alloc("int32", "ran")
        vals = self.alloc(v.dtype, "values_of_running_lanes")
        fill(ran, 0)
        ran[self.linear] = 1
        vals[self.linear] = v
        j, in_range = source(self.lane)
        src = if_then_else(in_range, self.base + j, self.linear)
        running = if_then_else(src < self.n, ran[if_then_else(src < self.n, src, 0)] != 0, False)
        # a source lane that did not run this exchange: the load one past the end stops the run (module docstring)
        return vals[self.linear], vals[if_then_else(running, src, self.n)]


def _width(opname, width):
    w = const_int(width)
    if w is None or w < 1 or w > WARP or w & (w - 1):
        fail(opname, f"width must be a constant power of two from 1 to {WARP}, got {width!r}")
    return w


def _shuffle(opname, value, arg, width, source):
    w = _width(opname, width)
    lanes = _Lanes(opname)
    a = as_expr(arg, opname)
    if a.dtype not in ("int32", "int64", "uint32", "int16", "uint16", "int8", "uint8"):
        fail(opname, f"expected an integer lane or delta, got {a.dtype}")

    def segment(lane):
        start = lane - lane % w
        return start, start + w - 1

    return lanes.exchange(value, lambda lane: source(lane, a, w, *segment(lane)))[1]


@op("shfl_sync")
def shfl_sync(value, srcLane, width=WARP, mask=0xFFFFFFFF):
    """value of lane srcLane % width of the caller's width-lane segment (CUDA's __shfl_sync)."""
    return _shuffle("shfl_sync", value, srcLane, width, lambda lane, s, w, lo, hi: (lo + s % w, True))


@op("shfl_xor")
def shfl_xor(value, delta, width=WARP, mask=0xFFFFFFFF):
    """value of lane (lane ^ delta) if it is not past the caller's segment, else the caller's (__shfl_xor_sync)."""
    return _shuffle("shfl_xor", value, delta, width,
                    lambda lane, d, w, lo, hi: (lane ^ d, ((lane ^ d) >= 0) & ((lane ^ d) <= hi)))


@op("shfl_down")
def shfl_down(value, delta, width=WARP, mask=0xFFFFFFFF):
    """value of lane + delta if it is in the caller's segment, else the caller's (__shfl_down_sync)."""
    return _shuffle("shfl_down", value, delta, width,
                    lambda lane, d, w, lo, hi: (lane + d, (lane + d >= lo) & (lane + d <= hi)))


@op("shfl_up")
def shfl_up(value, delta, width=WARP, mask=0xFFFFFFFF):
    """value of lane - delta if it is in the caller's segment, else the caller's (__shfl_up_sync)."""
    return _shuffle("shfl_up", value, delta, width,
                    lambda lane, d, w, lo, hi: (lane - d, (lane - d >= lo) & (lane - d <= hi)))


@op("sync_warp")
def sync_warp(mask=None):
    """A warp barrier: threads run in lockstep here, so every statement already ends in one."""
    current_kernel("sync_warp")


def _warp_reduce(opname, value, combine, ints_only=False):
    lanes = _Lanes(opname)
    v = as_expr(value, opname)
    if ints_only and v.dtype not in ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64"):
        fail(opname, f"expected an integer value, got {v.dtype}")
    for d in (16, 8, 4, 2, 1):
        own, other = lanes.exchange(v, lambda lane: (lane ^ d, True))
        v = combine(own, other)
    return v


@op("warp_reduce_sum")
def warp_reduce_sum(value):
    """The sum of value over the caller's warp (32 lanes), in every lane."""
    return _warp_reduce("warp_reduce_sum", value, lambda x, y: x + y)


@op("warp_reduce_max")
def warp_reduce_max(value):
    return _warp_reduce("warp_reduce_max", value, _max)


@op("warp_reduce_min")
def warp_reduce_min(value):
    return _warp_reduce("warp_reduce_min", value, _min)


@op("warp_reduce_bitand")
def warp_reduce_bitand(value):
    return _warp_reduce("warp_reduce_bitand", value, lambda x, y: x & y, ints_only=True)


@op("warp_reduce_bitor")
def warp_reduce_bitor(value):
    return _warp_reduce("warp_reduce_bitor", value, lambda x, y: x | y, ints_only=True)
