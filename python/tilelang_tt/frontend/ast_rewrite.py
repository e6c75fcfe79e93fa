"""Rewrites a kernel function's AST so that running it traces IR (upstream TileLang's approach).

Contract: rewrite(fn) returns a new function with fn's globals, closure cells and defaults, whose body
behaves like fn's for Python values and routes control flow through runtime.py for symbolic ones:
  for T in X         → for T in _tl_rt_.loop(X, names, file, line, col)   (`range(...)` → IR serial loop)
  if C: … else: …    → with _tl_rt_.if_(C, …) as h: if h.then_(): … / if h.else_(): …
  while C            → while _tl_rt_.while_cond(C, …)
  x = v, x op= v     → x = _tl_rt_.bind('x', v, locals(), …)   (preceded by _tl_rt_.hint('x') for names)
  A: T.Tensor(...)   → A = _tl_rt_.annotate('A', T.Tensor(...), locals(), …)
  a and b, a or b, not a, x if c else y, a < b < c   → short-circuiting helpers
  with E as (x, y)   → with _tl_rt_.with_names(E, ('x', 'y')) as (x, y)
  break/continue/return → preceded by a check that they do not leave a symbolic loop or if
Every generated node keeps the line/column of the user's source, so errors and IR spans point at the
user's file. Syntax we do not lower (try, async, yield, global, nonlocal, class, match) is a TileLangError.
"""
from __future__ import annotations

import ast
import inspect
import types

from ..errors import fail

RT = "_tl_rt_"
_CODE_CACHE: dict = {}


def _rt(attr):
    return ast.Attribute(value=ast.Name(id=RT, ctx=ast.Load()), attr=attr, ctx=ast.Load())


def _call(attr, *args):
    return ast.Call(func=_rt(attr), args=list(args), keywords=[])


def _c(v):
    return ast.Constant(value=v)


def _names_of(target):
    if isinstance(target, ast.Name):
        return (target.id,)
    if isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Name) for e in target.elts):
        return tuple(e.id for e in target.elts)
    return None


_UNSUPPORTED = {
    "Try": "try/except", "TryStar": "try/except*", "AsyncFunctionDef": "async def", "AsyncFor": "async for",
    "AsyncWith": "async with", "Yield": "yield", "YieldFrom": "yield from", "Await": "await",
    "Global": "global", "Nonlocal": "nonlocal", "ClassDef": "class", "Match": "match",
}


class _Rewriter(ast.NodeTransformer):
    def __init__(self, file):
        self.file = file
        self.n = 0
        self.ctx: list[tuple[str, str | None]] = []  # ('loop'|'if'|'func', handle variable name)

    def fresh(self, base):
        self.n += 1
        return f"__tl_{base}_{self.n}"

    def loc(self, node):
        return [_c(self.file), _c(node.lineno), _c(node.col_offset + 1)]

    def generic_visit(self, node):
        kind = type(node).__name__
        if kind in _UNSUPPORTED:
            fail("syntax", f"{_UNSUPPORTED[kind]} is not supported in a kernel",
                 (self.file, node.lineno, node.col_offset + 1))
        return super().generic_visit(node)

    # ---- functions (nested defs, lambdas are left alone except for their bodies)
    def visit_FunctionDef(self, node):
        self.ctx.append(("func", None))
        node = self.generic_visit(node)
        self.ctx.pop()
        return node

    # ---- loops
    def visit_For(self, node):
        it = self.visit(node.iter)
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range":
            it = ast.copy_location(ast.Call(func=_rt("range_"), args=it.args, keywords=it.keywords), it)
        h = self.fresh("loop")
        names = _names_of(node.target)
        pre = ast.Assign(targets=[ast.Name(id=h, ctx=ast.Store())],
                         value=_call("loop", it, _c(names), *self.loc(node.iter)))
        self.ctx.append(("loop", h))
        body = self._stmts(node.body)
        self.ctx.pop()
        orelse = self._stmts(node.orelse)
        new = ast.For(target=node.target, iter=ast.Name(id=h, ctx=ast.Load()), body=body, orelse=orelse,
                      type_comment=None)
        return [ast.copy_location(pre, node), ast.copy_location(new, node)]

    def visit_While(self, node):
        test = _call("while_cond", self.visit(node.test), *self.loc(node.test))
        self.ctx.append(("loop", None))
        body = self._stmts(node.body)
        self.ctx.pop()
        return ast.copy_location(ast.While(test=test, body=body, orelse=self._stmts(node.orelse)), node)

    def _jump_check(self, node, kind):
        handles = []
        for k, h in reversed(self.ctx):
            if k == "func":
                break
            if h is not None:
                handles.append(h)
            if k == "loop" and kind != "return":
                break
        chk = ast.Expr(_call("check_jump", _c(kind), ast.Tuple(elts=[ast.Name(id=h, ctx=ast.Load()) for h in handles],
                                                                ctx=ast.Load()), *self.loc(node)))
        return [ast.copy_location(chk, node), node]

    def visit_Break(self, node):
        return self._jump_check(node, "break")

    def visit_Continue(self, node):
        return self._jump_check(node, "continue")

    def visit_Return(self, node):
        node = self.generic_visit(node)
        return self._jump_check(node, "return")

    # ---- if
    def visit_If(self, node):
        h = self.fresh("if")
        test = self.visit(node.test)
        self.ctx.append(("if", h))
        body = self._stmts(node.body)
        orelse = self._stmts(node.orelse)
        self.ctx.pop()
        hn = ast.Name(id=h, ctx=ast.Load())
        inner = [ast.copy_location(ast.If(test=ast.Call(func=ast.Attribute(value=hn, attr="then_", ctx=ast.Load()),
                                                          args=[], keywords=[]), body=body, orelse=[]), node)]
        if orelse:
            inner.append(ast.copy_location(
                ast.If(test=ast.Call(func=ast.Attribute(value=hn, attr="else_", ctx=ast.Load()), args=[], keywords=[]),
                       body=orelse, orelse=[]), node))
        w = ast.With(items=[ast.withitem(context_expr=_call("if_", test, *self.loc(node)),
                                         optional_vars=ast.Name(id=h, ctx=ast.Store()))], body=inner,
                     type_comment=None)
        return ast.copy_location(w, node)

    def visit_With(self, node):
        node = self.generic_visit(node)
        for item in node.items:
            names = _names_of(item.optional_vars) if item.optional_vars is not None else None
            if names:
                item.context_expr = ast.copy_location(_call("with_names", item.context_expr, _c(names)),
                                                      item.context_expr)
        return node

    # ---- assignments
    def visit_Assign(self, node):
        value = self.visit(node.value)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            hint = ast.copy_location(ast.Expr(_call("hint", _c(name))), node)
            node.value = ast.copy_location(
                _call("bind", _c(name), value, ast.Call(func=ast.Name(id="locals", ctx=ast.Load()), args=[],
                                                        keywords=[]), *self.loc(node)), node.value)
            return [hint, node]
        node.targets = [self.visit(t) for t in node.targets]
        node.value = value
        return node

    def visit_AugAssign(self, node):
        value = self.visit(node.value)
        if isinstance(node.target, ast.Name):
            name = node.target.id
            binop = ast.copy_location(ast.BinOp(left=ast.Name(id=name, ctx=ast.Load()), op=node.op, right=value),
                                      node)
            new = ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())],
                             value=_call("bind", _c(name), binop,
                                         ast.Call(func=ast.Name(id="locals", ctx=ast.Load()), args=[], keywords=[]),
                                         *self.loc(node)), type_comment=None)
            return ast.copy_location(new, node)
        node.target = self.visit(node.target)
        node.value = value
        return node

    def visit_AnnAssign(self, node):
        if not isinstance(node.target, ast.Name):
            return self.generic_visit(node)
        name = node.target.id
        ann = self.visit(node.annotation)
        loc_call = ast.Call(func=ast.Name(id="locals", ctx=ast.Load()), args=[], keywords=[])
        if node.value is None:
            value = _call("annotate", _c(name), ann, loc_call, *self.loc(node))
        else:
            value = _call("bind_annotated", _c(name), self.visit(node.value), ann, loc_call, *self.loc(node))
        new = ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value, type_comment=None)
        return ast.copy_location(new, node)

    # ---- expressions
    def _thunk(self, e):
        return ast.copy_location(ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                                               kw_defaults=[], kwarg=None, defaults=[]), body=e), e)

    def visit_BoolOp(self, node):
        vals = [self._thunk(self.visit(v)) for v in node.values]
        return ast.copy_location(_call("and_" if isinstance(node.op, ast.And) else "or_", *vals), node)

    def visit_UnaryOp(self, node):
        node = self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.copy_location(_call("not_", node.operand), node)
        return node

    def visit_IfExp(self, node):
        node = self.generic_visit(node)
        return ast.copy_location(_call("ifexp", node.test, self._thunk(node.body), self._thunk(node.orelse)), node)

    def visit_Compare(self, node):
        node = self.generic_visit(node)
        if len(node.ops) == 1:
            return node
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(self._thunk(ast.copy_location(ast.Compare(left=left, ops=[op], comparators=[right]), node)))
            left = right
        return ast.copy_location(_call("and_", *parts), node)

    def _stmts(self, stmts):
        out = []
        for s in stmts:
            r = self.visit(s)
            out.extend(r if isinstance(r, list) else [r])
        return out


def parse_function(fn):
    """(FunctionDef with user-file positions, file) for fn."""
    try:
        lines, first = inspect.getsourcelines(fn)
        file = inspect.getsourcefile(fn) or fn.__code__.co_filename
    except (OSError, TypeError):
        lines = None
    if lines is None:
        fail("jit", f"cannot read the source of '{fn.__name__}' (kernels must be defined in a file)")
    src = "".join(lines)
    indented = src[:1] in (" ", "\t")
    tree = ast.parse("if 1:\n" + src if indented else src)
    ast.increment_lineno(tree, first - 2 if indented else first - 1)
    node = tree.body[0].body[0] if indented else tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        fail("jit", f"expected a function definition for '{fn.__name__}'")
    return node, file


def rewrite(fn):
    """The rewritten version of fn (same globals, closure cells, defaults)."""
    code = _CODE_CACHE.get(fn.__code__)
    if code is None:
        node, file = parse_function(fn)
        node.decorator_list = []
        rw = _Rewriter(file)
        rw.ctx.append(("func", None))
        node.body = rw._stmts(node.body)
        free = [n for n in fn.__code__.co_freevars if n != RT]
        factory_body = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=_c(None)) for n in [RT] + free]
        factory_body += [node, ast.Return(value=_c(None))]
        factory = ast.FunctionDef(name="__tl_factory", args=ast.arguments(posonlyargs=[], args=[], vararg=None,
                                  kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=factory_body,
                                  decorator_list=[], returns=None, type_comment=None)
        if "type_params" in ast.FunctionDef._fields:  # Python >= 3.12
            factory.type_params = []
        for s in factory_body[:-2] + [factory, factory_body[-1]]:
            ast.copy_location(s, node)
        mod = ast.Module(body=[factory], type_ignores=[])
        ast.fix_missing_locations(mod)
        compiled = compile(mod, file, "exec")
        fcode = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
        code = next(c for c in fcode.co_consts if isinstance(c, types.CodeType) and c.co_name == fn.__name__)
        _CODE_CACHE[fn.__code__] = code
    from . import runtime
    cells = []
    orig = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    for n in code.co_freevars:
        cells.append(types.CellType(runtime) if n == RT else orig[n])
    new = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, tuple(cells))
    new.__kwdefaults__ = fn.__kwdefaults__
    return new

