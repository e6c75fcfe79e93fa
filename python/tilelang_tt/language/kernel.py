"""T.Kernel: a launch of a 1–3 dim grid of blocks, used as `with T.Kernel(gx, gy, threads=128) as (bx, by):`.

Contract: entering opens a kernel scope (kernels do not nest, and must be inside a traced function); the
block variables are named after the `as` targets; leaving emits one Kernel statement that owns every buffer
allocated inside it. Several kernels may follow each other in one function.
"""
from __future__ import annotations

from .. import _core
from ..errors import fail, user_span
from ..frontend import builder as _b
from .expr import Var, as_expr, const_int, int32_value

_DEFAULT_NAMES = ("bx", "by", "bz")


class KernelFrame:
    _accepts_names = True

    def __init__(self, *blocks, threads=None, prelude=None, **kwargs):
        self.span = user_span("Kernel")
        if kwargs:
            fail("Kernel", f"unexpected keyword argument '{next(iter(kwargs))}'", self.span)
        if not 1 <= len(blocks) <= 3:
            fail("Kernel", f"expected 1 to 3 grid dimensions, got {len(blocks)}", self.span)
        if prelude is not None:
            fail("Kernel", "prelude (injected C source) is not supported", self.span)
        self.grid = []
        for g in blocks:
            c = const_int(g)
            if c is not None and c <= 0:
                fail("Kernel", f"grid extents must be positive, got {c}", self.span)
            if c is not None:
                int32_value(c, "Kernel", "grid extent")
            e = as_expr(g, "Kernel")
            if c is None and e.dtype != "int32":
                fail("Kernel", f"grid extents must be 32-bit integers, got a {e.dtype} expression", self.span)
            self.grid.append(e)
        if threads is None:
            threads = [128]
        elif isinstance(threads, (list, tuple)):
            threads = list(threads)
        else:
            threads = [threads]
        if not 1 <= len(threads) <= 3 or any(const_int(t) is None or not 0 < const_int(t) < 2**31 for t in threads):
            fail("Kernel", f"threads must be 1 to 3 positive ints below 2**31, got "
                           f"{[const_int(t) if const_int(t) is not None else t for t in threads]}", self.span)
        self.threads = [const_int(t) for t in threads]
        self._var_names = None
        self.allocs = []
        self.attrs = {}
        self.vars = []
        self.thread_vars = []  # T.get_thread_binding: one Var per threads dim once any is asked for
        self.thread_span = None

    def __enter__(self):
        b = _b.current()
        if b is None:
            fail("Kernel", "T.Kernel is only allowed inside a @T.prim_func or @tilelang.jit function", self.span)
        if b.kernel is not None:
            fail("Kernel", "T.Kernel blocks cannot be nested", self.span)
        names = list(self._var_names or ())
        names += list(_DEFAULT_NAMES[len(names):])
        self.vars = [Var(_core.make_var(b.unique(names[i])), names[i]) for i in range(len(self.grid))]
        b.kernel = self
        b.push()
        return self.vars[0] if len(self.vars) == 1 else tuple(self.vars)

    def __exit__(self, exc_type, exc, tb):
        b = _b.current()
        if exc_type is not None:
            b.kernel = None
            return False
        body = b.pop(self.span, "T.Kernel")
        b.kernel = None
        for v in self.vars:
            v.dead = "T.Kernel"
        if self.thread_vars:  # thread-level code: the body runs once per thread, in lockstep (ir.h, ForKind)
            cs = _b.core_span(self.thread_span)
            for v, n in zip(self.thread_vars, self.threads):
                body = _core.make_for(v.node, as_expr(0).node, as_expr(n).node, _core.ForKind.thread, body, cs)
                v.dead = "T.Kernel"

        b.emit(_core.make_kernel([g.node for g in self.grid], [v.node for v in self.vars], self.threads,
                                 [a.core for a in self.allocs], dict(self.attrs), body, _b.core_span(self.span)))
        return False


    def thread_var(self, dim: int, span):
        """The Var of threadIdx.<dim> (T.get_thread_binding); the first request makes the kernel thread-level."""
        if not isinstance(dim, int) or not 0 <= dim < len(self.threads):
            fail("get_thread_binding", f"expected a thread dimension in 0..{len(self.threads) - 1} (the kernel has "
                                       f"threads={self.threads}), got {dim!r}", span)
        if not self.thread_vars:
            b = _b.current()
            self.thread_vars = [Var(_core.make_var(b.unique(n)), n) for n in ("tx", "ty", "tz")[:len(self.threads)]]
            self.thread_span = span
        return self.thread_vars[dim]


def current_kernel(op: str) -> KernelFrame:
    b = _b.current()
    if b is None or b.kernel is None:
        fail(op, f"T.{op} must be used inside a T.Kernel block")
    return b.kernel
