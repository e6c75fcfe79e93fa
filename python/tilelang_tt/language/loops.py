"""Loop constructors: T.serial / T.Serial, T.Parallel, T.Pipelined, T.unroll, T.grid (and `range` in kernels).

Contract: each returns an IRLoop; `for v in IRLoop` (through the rewritten kernel body) runs its body once
at trace time with fresh loop Vars and emits the For nest when the body ends. `break`/`continue` inside an
IR loop are TileLangErrors (reported by the rewritten code). Extents may be ints or symbolic.
"""
from __future__ import annotations

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from .expr import PrimExpr, Var, as_expr, const_int, int32_value

K = _core.ForKind


class IRLoop:
    _tl_symbolic = True

    def __init__(self, op, kind, ranges, steps=None, num_stages=0, order=None, stage=None, group=None):
        self.op, self.kind, self.ranges = op, kind, ranges  # ranges: list of (start, extent) PrimExprs
        self.steps = steps or [None] * len(ranges)
        self.num_stages, self.order, self.stage, self.group = num_stages, order or [], stage or [], group or []
        self.span = user_span(op)

    def __iter__(self):
        return self.iterate(None, self.span)

    def iterate(self, names, span):
        b = _b.current()
        if b is None or b.depth == 0:
            fail(self.op, f"T.{self.op} loops are only allowed inside a kernel function", span)
        if self.kind == K.parallel and b.parallel_depth == 0 and b.kernel is None:
            fail(self.op, "T.Parallel must be used inside a T.Kernel block", span)
        if self.kind == K.pipelined and b.parallel_depth:
            fail(self.op, "T.Pipelined is not allowed inside T.Parallel", span)
        names = list(names or [])
        default = ["i", "j", "k", "l", "m", "n"]
        vars_, values = [], []
        for d, (start, extent) in enumerate(self.ranges):
            name = names[d] if d < len(names) else default[d % len(default)]
            v = Var(_core.make_var(b.unique(name)), name)
            vars_.append(v)
            step = self.steps[d]
            values.append(v if step is None else start + v * step)
            b.push()
        if self.kind == K.parallel:
            b.parallel_depth += 1
        state = _b.LoopState(b.depth - 1, self.kind == K.parallel)
        b.loops.append(state)
        yield values[0] if len(values) == 1 else tuple(values)
        b.loops.pop()
        if self.kind == K.parallel:
            b.parallel_depth -= 1
        cs = _b.core_span(span)
        for d in reversed(range(len(self.ranges))):
            body = b.pop(span, f"T.{self.op} loop" if self.op != "range" else "range loop")
            vars_[d].dead = f"T.{self.op} loop" if self.op != "range" else "range loop"
            start, extent = self.ranges[d]
            lo = start if self.steps[d] is None else as_expr(0)
            innermost_broken = state.flag is not None and d == len(self.ranges) - 1
            if innermost_broken:  # after T.loop_break the remaining iterations do nothing
                body = _core.make_if((as_expr(state.flag) == 0).node, body, None, cs)
            if self.kind == K.pipelined:
                stmt = _core.make_for(vars_[d].node, lo.node, extent.node, self.kind, body, cs, self.num_stages,
                                      self.order, self.stage, self.group)
            else:
                stmt = _core.make_for(vars_[d].node, lo.node, extent.node, self.kind, body, cs)
            if innermost_broken:  # the flag is clear when the loop starts (each time an outer loop reaches it)
                stmt = _core.make_seq([_core.make_store(state.flag.core, [as_expr(0).node], as_expr(0).node, cs),
                                       stmt], cs)
            b.emit(stmt)


def _loop_bound(x, op):
    """A loop bound as an int32 PrimExpr: constants must fit int32, symbolic bounds must be int32 (or narrower)."""
    c = const_int(x)
    if c is not None:
        int32_value(c, op, "loop bound")
    e = as_expr(x, op)
    if e.dtype not in ("int32", "int16", "uint16", "int8", "uint8", "bool") and c is None:
        fail(op, f"loop bounds must be 32-bit integers, got a {e.dtype} expression")
    return e


def _range(op, start, stop, step=None):
    if stop is None:
        start, stop = 0, start
    s, e = _loop_bound(start, op), _loop_bound(stop, op)
    if step is not None:
        c = const_int(step)
        if c is None or c <= 0:
            fail(op, f"step must be a positive int, got {step}")
        int32_value(c, op, "step")
        if c == 1:
            step = None
    if step is None:
        cs, ce = const_int(s), const_int(e)
        if cs is not None and ce is not None:
            if ce <= cs:
                fail(op, f"empty loop range [{cs}, {ce})")
            return (s, as_expr(int32_value(ce - cs, op, "loop extent"))), None
        return (s, e - s if cs != 0 else e), None
    cs, ce = const_int(s), const_int(e)
    if cs is not None and ce is not None:
        if ce <= cs:
            fail(op, f"empty loop range [{cs}, {ce})")
        return (s, as_expr((ce - cs + c - 1) // c)), c
    return (s, (e - s + (c - 1)) // c), c


def serial(start, stop=None, step=None, annotations=None):
    """Sequential loop over [start, stop) with optional step."""
    r, st = _range("serial", start, stop, step)
    return IRLoop("serial", K.serial, [r], [st])


Serial = serial


def unroll(start, stop=None, step=None, explicit=False, unroll_factor=None):
    """Unrolled loop (same semantics as serial)."""
    r, st = _range("unroll", start, stop, step)
    return IRLoop("unroll", K.unroll, [r], [st])


def Parallel(*extents, coalesced_width=None, loop_layout=None, prefer_async=None, annotations=None):
    """Element-wise parallel loop nest over the given extents (iterations are independent)."""
    if not extents:
        fail("Parallel", "expected at least one extent")
    return IRLoop("Parallel", K.parallel, [_range("Parallel", e, None)[0] for e in extents])


def Pipelined(start, stop=None, num_stages=0, order=None, stage=None, sync=None, group=None, annotations=None):
    """Software-pipelined serial loop; num_stages/order/stage/group are scheduling hints."""
    r, _ = _range("Pipelined", start, stop)
    n = const_int(num_stages)
    if n is None or n < 0:
        fail("Pipelined", f"num_stages must be a non-negative int, got {num_stages}")
    int32_value(n, "Pipelined", "num_stages")
    for what, lst in (("order", order), ("stage", stage)):
        if lst is not None and (not isinstance(lst, (list, tuple)) or any(const_int(x) is None for x in lst)):
            fail("Pipelined", f"{what} must be a list of ints")
        for x in lst or []:
            int32_value(const_int(x), "Pipelined", what)
    grp = []
    if group is not None:  # upstream: a list of lists of statement indices → per-statement group ids
        if not isinstance(group, (list, tuple)) or not all(
                isinstance(g, (list, tuple)) and all(const_int(m) is not None and 0 <= const_int(m) < 2**16 for m in g)
                for g in group):
            fail("Pipelined", "group must be a list of lists of statement indices (ints in [0, 65536))")
        members = [(int(m), gi) for gi, g in enumerate(group) for m in g]
        grp = [-1] * (max((m for m, _ in members), default=-1) + 1)
        for m, gi in members:
            grp[m] = gi
    return IRLoop("Pipelined", K.pipelined, [r], None, n, [int(x) for x in order or []],
                  [int(x) for x in stage or []], [int(x) for x in grp])


def grid(*extents):
    """Nested serial loops over the given extents."""
    if not extents:
        fail("grid", "expected at least one extent")
    return IRLoop("grid", K.serial, [_range("grid", e, None)[0] for e in extents])


def range_(*args):
    """`range(...)` inside a kernel: a serial loop."""
    if not 1 <= len(args) <= 3:
        fail("range", f"expected 1 to 3 arguments, got {len(args)}")
    r, st = _range("range", *args) if len(args) > 1 else _range("range", args[0], None)
    return IRLoop("range", K.serial, [r], [st])
