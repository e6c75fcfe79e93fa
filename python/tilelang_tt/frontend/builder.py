"""The trace-time IR builder: a stack of open scopes that collect statements.

Contract:
  * current() is the active Builder (None outside a trace). A Builder is created per traced function.
  * Scopes (push/pop) collect statements; pop() returns one Stmt for the scope's body, turning each
    recorded let binding into a LetStmt over the statements that follow it in the same scope.
  * The Builder tracks the open T.Kernel (kernel), Parallel nesting (parallel_depth), used names (unique()),
    and the name the next allocation should take (name_hint, set from `x = T.alloc_*(...)`).
"""
from __future__ import annotations

from .. import _core

_STACK: list["Builder"] = []


def current() -> "Builder | None":
    return _STACK[-1] if _STACK else None


class LetMarker:
    __slots__ = ("var", "value", "span")

    def __init__(self, var, value, span):
        self.var, self.value, self.span = var, value, span


def core_span(span):
    if not span:
        return _core.Span()
    return _core.Span(span[0], span[1], span[2])


class LoopState:
    """An open IR loop: the index of its body's scope, and its T.loop_break flag (a T.alloc_var, once needed)."""
    __slots__ = ("body_scope", "parallel", "flag")

    def __init__(self, body_scope, parallel):
        self.body_scope, self.parallel, self.flag = body_scope, parallel, None


class Builder:
    def __init__(self, mode: str = "prim_func"):
        self.mode = mode              # "prim_func" or "eager"
        self.scopes: list[list] = []
        self.kernel = None            # the open KernelFrame, if any
        self.parallel_depth = 0
        self.names: set[str] = set()
        self.name_hint: str | None = None
        self.params = []              # Python Buffers of global params, in order (eager: filled by annotations)
        self.outputs = []             # eager: T.empty buffers, in creation order
        self.shape_vars = []          # Python Vars bound from shapes
        self.workspaces = []          # T.alloc_global buffers, in creation order
        self.consts = {}              # eager: name -> ConstDim
        self.const_values = {}        # eager .compile(M=...) values
        self.tensor_args = {}         # eager: param name -> TensorArg placeholder
        self.attrs: dict[str, str] = {}
        self.views = {}               # parameter Buffer -> its T.Tensor(shape, dtype, p.data) view
        self.loops = []               # open IR loops, innermost last: LoopState (T.loop_break's target)
        self.break_after = {}         # id(scope list) -> (position, condition node): T.loop_break guards

    def __enter__(self):
        _STACK.append(self)
        self.push()
        return self

    def __exit__(self, *exc):
        _STACK.pop()
        return False

    def unique(self, name: str) -> str:
        base, n = name, 1
        while name in self.names:
            name = f"{base}_{n}"
            n += 1
        self.names.add(name)
        return name

    def take_hint(self, default: str) -> str:
        hint, self.name_hint = self.name_hint, None
        return self.unique(hint or default)

    def push(self):
        self.scopes.append([])

    def emit(self, stmt):
        self.scopes[-1].append(stmt)

    def let(self, var, value, span):
        self.scopes[-1].append(LetMarker(var, value, span))

    def pop(self, span=None, kind="block"):
        """The scope's statements as one Stmt; a sequence gets `span` (its enclosing construct). Let-bound
        variables of the scope go out of scope (kind names the construct, for error messages). The statements after
        a T.loop_break in the scope (break_after) run only while its loop's flag is clear."""
        items = self.scopes.pop()
        mark = self.break_after.pop(id(items), None)
        if mark is not None and mark[0] < len(items):
            pos, cond = mark
            rest = self._fold(items[pos:], span, kind)
            items = items[:pos] + [_core.make_if(cond, rest, None, core_span(span))]
        return self._fold(items, span, kind)

    def _fold(self, items, span, kind):
        tail = []
        for it in reversed(items):
            if isinstance(it, LetMarker):
                it.var.dead = kind
                if tail:
                    body = _core.make_seq(tail[::-1], core_span(it.span))
                    tail = [_core.make_let(it.var.node, it.value.node, body, core_span(it.span))]
            else:
                tail.append(it)
        return _core.make_seq(tail[::-1], core_span(span))

    @property
    def depth(self) -> int:
        return len(self.scopes)
