"""Run-time control: `T.loop_break()` and `T.device_assert(cond, msg="")`.

T.loop_break() leaves the innermost open IR loop (T.serial, range, T.Pipelined, T.unroll, T.grid's last dim), as
C's `break`. The front end writes it with what the IR has: the loop gets a flag (an int32 T.alloc_var, private per
thread in thread-level code); the break sets it; the statements that follow the break in its scope and in each
enclosing scope up to the loop body run only while the flag is clear (builder.pop), and so does every later
iteration; the flag is cleared where the loop starts. A break in a T.Parallel loop is an error (its iterations are
not ordered).

T.device_assert(cond, msg) is an Assert statement (ir.h): the interpreter stops the run with a TileLangError at the
assert's line when cond is false where it runs; the tenstorrent target refuses it (check_tt_supported).
"""
from __future__ import annotations

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from ._op import op
from .alloc import alloc_var
from .buffer import _index
from .expr import as_expr, cast_to
from .kernel import current_kernel


@op("loop_break")
def loop_break():
    """Leave the innermost enclosing IR loop (C's break)."""
    b = _b.current()
    current_kernel("loop_break")
    if not b.loops:
        fail("loop_break", "T.loop_break() must be inside a loop (T.serial, range, T.Pipelined, T.unroll)")
    loop = b.loops[-1]
    if loop.parallel:
        fail("loop_break", "cannot break out of a T.Parallel loop: its iterations are not ordered; use T.serial")
    if loop.flag is None:
        hint, b.name_hint = b.name_hint, "loop_broken"
        loop.flag = alloc_var("int32")
        b.name_hint = hint
    span = _b.core_span(user_span("loop_break"))
    b.emit(_core.make_store(loop.flag.core, [_index(0).node], as_expr(1).node, span))
    clear = (as_expr(loop.flag) == 0).node
    for depth in range(loop.body_scope, b.depth):
        scope = b.scopes[depth]
        pos = len(scope) if depth == b.depth - 1 else len(scope) + 1  # after the break / after the open child
        prev = b.break_after.get(id(scope))
        if prev is None or pos < prev[0]:
            b.break_after[id(scope)] = (pos, clear)


@op("device_assert")
def device_assert(condition, msg="", no_stack_info=False):
    """Stops the run with msg (a TileLangError at this line) where condition is false (interpret only)."""
    b = _b.current()
    if b is None or b.depth == 0:
        fail("device_assert", "T.device_assert is only allowed inside a kernel body")
    c = as_expr(condition, "device_assert")
    if c.dtype != "bool":
        c = cast_to(c, "bool")
    b.emit(_core.make_assert(c.node, str(msg), _b.core_span(user_span("device_assert"))))


__all__ = ["loop_break", "device_assert"]
