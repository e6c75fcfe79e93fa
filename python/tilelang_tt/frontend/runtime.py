"""Helpers called by rewritten kernel code (ast_rewrite.py names this module `_tl_rt_`).

Contract: each helper keeps Python semantics for Python values and records IR for symbolic ones:
  loop     for-iterables: IR loops (T.serial, T.Parallel, range in kernels, ...) run their body once
  if_      `if` on a PrimExpr → IfThenElse (then_/else_ open the branches); on a Python value → plain if
  bind     `x = value`: a symbolic value becomes a LetStmt-bound Var named x; assigning to a name that
           holds a T.alloc_var buffer stores into it
  annotate `A: T.Tensor(shape, dtype)` in an eager function body declares parameter A
  and_/or_/not_/ifexp  short-circuit on Python values, IR on symbolic ones
  check_jump  break/continue/return out of a symbolic loop or if is a TileLangError
"""
from __future__ import annotations

from ..errors import fail
from ..language.buffer import Buffer, TensorArg, TensorSpec
from ..language.expr import B, PrimExpr, Var, as_expr, const_int, is_symbolic, let_lin
from ..language.loops import IRLoop, range_  # noqa: F401  (range_ is used by rewritten code)
from .. import _core
from . import builder as _b


def _span(line, col):
    b = _b.current()
    return (b.file, line, col) if b is not None and getattr(b, "file", None) else None


class _LoopIter:
    _tl_symbolic = True

    def __init__(self, gen):
        self.gen = gen

    def __iter__(self):
        return self.gen


def loop(it, names, file, line, col):
    if isinstance(it, IRLoop):
        return _LoopIter(it.iterate(names, (file, line, col)))
    if isinstance(it, PrimExpr):
        fail("for", "cannot iterate over a symbolic value; use T.serial(n) or range(n)", (file, line, col))
    return it


def while_cond(cond, file, line, col):
    if is_symbolic(cond):
        fail("while", "a `while` loop on a symbolic condition is not supported; use T.serial with an `if`",
             (file, line, col))
    return cond


def check_jump(kind, handles, file, line, col):
    for h in handles:
        if getattr(h, "_tl_symbolic", False):
            fail(kind, f"`{kind}` out of a symbolic loop or `if` is not supported", (file, line, col))


class IfFrame:
    def __init__(self, cond, span):
        self.span = span
        self._tl_symbolic = is_symbolic(cond)
        self.cond = cond
        self.state = None
        self.then_body = None
        if self._tl_symbolic:
            b = _b.current()
            if b is None or b.depth == 0:
                fail("if", "a symbolic condition is only allowed inside a kernel body", span)
            self.cond = as_expr(cond, "if")

    def __enter__(self):
        return self

    def then_(self):
        if not self._tl_symbolic:
            return bool(self.cond)
        _b.current().push()
        self.state = "then"
        return True

    def else_(self):
        if not self._tl_symbolic:
            return not bool(self.cond)
        b = _b.current()
        self.then_body = b.pop(self.span, "symbolic `if`")
        b.push()
        self.state = "else"
        return True

    def __exit__(self, exc_type, exc, tb):
        if not self._tl_symbolic or exc_type is not None:
            return False
        b = _b.current()
        if self.state == "then":
            then, other = b.pop(self.span, "symbolic `if`"), None
        else:
            then, other = self.then_body, b.pop(self.span, "symbolic `if`")
        b.emit(_core.make_if(self.cond.node, then, other, _b.core_span(self.span)))
        return False


def if_(cond, file, line, col):
    return IfFrame(cond, (file, line, col))


def hint(name):
    b = _b.current()
    if b is not None:
        b.name_hint = name


def bind(name, value, scope, file, line, col):
    b = _b.current()
    if b is None:
        return value
    b.name_hint = None
    prev = scope.get(name)
    if isinstance(prev, Buffer) and prev.scope == "var" and not isinstance(value, Buffer):
        if not is_symbolic(value) and not isinstance(value, (int, float, bool)):
            return value  # rebinding the name to something else entirely
        prev.check_usable("store")
        b.emit(_core.make_store(prev.core, [as_expr(0).node] * len(prev.shape), as_expr(value, "store").node,
                                _b.core_span((file, line, col))))
        return prev
    if isinstance(value, PrimExpr) and not isinstance(value, Var) and b.depth > 0:
        if _core.as_const_int(value.node) is not None or _core.as_const_float(value.node) is not None:
            return value
        var = Var(_core.make_var(b.unique(name), value.node.dtype), name)
        var.lin = let_lin(value) or var.lin  # kv_end - kv_start folds through the lets
        b.let(var, value, (file, line, col))
        return var
    return value


def bind_annotated(name, value, annotation, scope, file, line, col):
    if isinstance(annotation, TensorSpec):
        fail("Tensor", "a T.Tensor annotation cannot have a value", (file, line, col))
    if isinstance(annotation, str) and is_symbolic(value):
        from ..language.expr import cast_to
        value = cast_to(value, annotation)
    return bind(name, value, scope, file, line, col)


def annotate(name, spec, scope, file, line, col):
    from .trace import annotate_param
    return annotate_param(name, spec, scope.get(name), (file, line, col))


def with_names(obj, names):
    if getattr(obj, "_accepts_names", False) and names:
        obj._var_names = names
    return obj


def _logical(op, thunks):
    v = thunks[0]()
    for t in thunks[1:]:
        if is_symbolic(v):
            w = t()
            v = PrimExpr(_core.make_binary(op, as_expr(v).node, as_expr(w).node))
        elif (op == B.And) == bool(v):
            v = t()
        else:
            return v
    return v


def and_(*thunks):
    return _logical(B.And, thunks)


def or_(*thunks):
    return _logical(B.Or, thunks)


def not_(x):
    if is_symbolic(x):
        return PrimExpr(_core.make_unary(_core.UnaryOp.Not, as_expr(x).node))
    return not x


def ifexp(cond, then_thunk, else_thunk):
    if is_symbolic(cond):
        t, f = as_expr(then_thunk()), as_expr(else_thunk())
        return PrimExpr(_core.make_select(as_expr(cond).node, t.node, f.node))
    return then_thunk() if cond else else_thunk()


__all__ = ["loop", "while_cond", "check_jump", "if_", "hint", "bind", "bind_annotated", "annotate",
           "with_names", "and_", "or_", "not_", "ifexp", "range_", "const_int", "TensorArg"]
