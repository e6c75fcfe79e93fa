"""Warp votes and counting barriers, as upstream's CUDA backend runs them: T.any_sync, T.all_sync,
T.match_any_sync, T.match_all_sync (over the caller's warp) and T.syncthreads_count / and / or (over the block).

Contract: thread-level code like the shuffles (warp.py: the same warps of 32 lanes, the same lockstep scratch):
every running thread publishes its value into a shared scratch buffer (0 there marks a thread that did not run
the vote), then each thread counts, with a per-thread loop, the entries of its warp (lanes of `mask` only) or of
its block. any_sync / syncthreads_or: 1 if a running thread's predicate is non-zero, else 0; all_sync /
syncthreads_and: 1 if no running thread's is zero; syncthreads_count: how many are non-zero (int32).
match_any_sync(v): the uint32 mask of the running lanes of `mask` whose v equals the caller's; match_all_sync(v):
`mask` if all of them equal the caller's, else 0. Upstream's T.ballot / ballot_sync / activemask return uint64,
which the language does not have: they stay CUDA-specific errors.
"""
from __future__ import annotations

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .alloc import _alloc
from .expr import Var, as_expr, cast_to, const
from .loops import K
from .math import if_then_else
from .ops import fill
from .warp import WARP, _Lanes

_INTS = ("bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64")


def _predicate(opname, predicate):
    p = as_expr(predicate, opname)
    if p.dtype not in _INTS:
        fail(opname, f"T.{opname} requires an integer or boolean predicate, got {p.dtype}")
    return p


def _count_loop(lanes, extent, body):
    """Emits `for l in serial(extent): body(l)` (body emits the statements)."""
    b = _b.current()
    span = user_span(lanes.opname)
    var = Var(_core.make_var(b.unique("lane")), "lane")
    b.push()
    body(var)
    b.emit(_core.make_for(var.node, as_expr(0).node, as_expr(extent).node, K.serial,
                          b.pop(span, lanes.opname), _b.core_span(span)))


def _mask_has(mask, lane):
    m = cast_to(mask, "uint32") if not isinstance(mask, int) else const(mask & 0xFFFFFFFF, "uint32")
    return ((m >> cast_to(lane, "uint32")) & const(1, "uint32")) != 0


def _tally(opname, predicate, mask=None):
    """(number of true, number of false) predicates of the running threads of the warp (mask given) or block."""
    lanes = _Lanes(opname)
    p = _predicate(opname, predicate)
    votes = lanes.alloc("int8", "votes")  # 0: did not run, 1: true, 2: false
    fill(votes, 0)
    votes[lanes.linear] = if_then_else(p != 0, 1, 2)
    _b.current().name_hint = f"{opname}_tally"
    tally = _alloc(opname, (2,), "int32", "local", "tally")
    tally[0], tally[1] = 0, 0
    warp = mask is not None
    start = lanes.base if warp else 0

    def count(lane):
        t = start + lane
        if warp:  # lanes of the mask that exist (the block may end inside the warp)
            ok = (t < lanes.n) & _mask_has(mask, lane)
            v = if_then_else(ok, votes[if_then_else(t < lanes.n, t, 0)], const(0, "int8"))
        else:
            v = votes[t]
        tally[0] = tally[0] + if_then_else(v == 1, 1, 0)
        tally[1] = tally[1] + if_then_else(v == 2, 1, 0)

    _count_loop(lanes, WARP if warp else lanes.n, count)
    return tally[0], tally[1]


def _yes(x):
    return if_then_else(x, 1, 0)


@op("any_sync")
def any_sync(predicate, mask=0xFFFFFFFF):
    return _yes(_tally("any_sync", predicate, mask)[0] > 0)


@op("all_sync")
def all_sync(predicate, mask=0xFFFFFFFF):
    return _yes(_tally("all_sync", predicate, mask)[1] == 0)


@op("syncthreads_count")
def syncthreads_count(predicate):
    return _tally("syncthreads_count", predicate)[0]


@op("syncthreads_and")
def syncthreads_and(predicate):
    return _yes(_tally("syncthreads_and", predicate)[1] == 0)


@op("syncthreads_or")
def syncthreads_or(predicate):
    return _yes(_tally("syncthreads_or", predicate)[0] > 0)


def _matches(opname, value, mask):
    """(uint32 mask of the running lanes of `mask` whose value equals the caller's, and whether all do)."""
    lanes = _Lanes(opname)
    v = as_expr(value, opname)
    ran = lanes.alloc("int8", "ran")
    vals = lanes.alloc(v.dtype, "values")
    fill(ran, 0)
    ran[lanes.linear] = 1
    vals[lanes.linear] = v
    _b.current().name_hint = f"{opname}_peers"
    acc = _alloc(opname, (2,), "uint32", "local", "peers")  # [peers, lanes that differ]
    acc[0], acc[1] = 0, 0

    def visit(lane):
        t = lanes.base + lane
        runs = (t < lanes.n) & _mask_has(mask, lane)
        runs = runs & (ran[if_then_else(t < lanes.n, t, 0)] != 0)
        same = vals[if_then_else(t < lanes.n, t, 0)] == vals[lanes.linear]
        acc[0] = acc[0] | if_then_else(runs & same, const(1, "uint32") << cast_to(lane, "uint32"), const(0, "uint32"))
        acc[1] = acc[1] + if_then_else(runs & ~same, 1, 0)

    _count_loop(lanes, WARP, visit)
    return acc[0], acc[1] == 0


@op("match_any_sync")
def match_any_sync(value, mask=0xFFFFFFFF):
    return _matches("match_any_sync", value, mask)[0]


@op("match_all_sync")
def match_all_sync(value, mask=0xFFFFFFFF):
    m = cast_to(mask, "uint32") if not isinstance(mask, int) else const(mask & 0xFFFFFFFF, "uint32")
    return if_then_else(_matches("match_all_sync", value, mask)[1], m, const(0, "uint32"))
