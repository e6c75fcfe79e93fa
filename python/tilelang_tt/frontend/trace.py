"""Tracing: runs a rewritten kernel function under a Builder and packages the IR as a PrimFunc.

Contract:
  * prim_func(fn): classic style; parameters annotated with T.Tensor; traced at decoration time.
  * macro(fn): an inlined helper; its body is rewritten (so `if`/`for` on symbolic values work in it) and
    traced into the caller's IR when called inside a kernel.
  * trace_eager(fn, bound, const_values): eager style; tensor arguments are TensorArg placeholders whose
    shapes bind the T.const names; returns (PrimFunc, out_idx, ret_idx).
  * Every PrimFunc is checked by the C++ verifier after tracing (a failure there is an InternalError).
"""
from __future__ import annotations

import functools

import inspect

from .. import _core
from .. import dtypes
from ..errors import fail, user_api
from ..language.buffer import Buffer, ConstDim, TensorArg, TensorSpec
from ..language.expr import Var
from . import builder as _b
from .ast_rewrite import parse_function, rewrite


class PrimFunc:
    """A traced kernel function: the IR plus the Python view of its parameters."""

    def __init__(self, core, name, params, shape_vars, span, eager_out=None):
        self.core, self.name, self.params, self.shape_vars, self.span = core, name, params, shape_vars, span
        self.eager_out = eager_out  # (out_idx, ret_idx) for eager functions
        self.run_shapes = {}  # parameter index -> its view's shape (the IR parameter's), for viewed parameters

    def with_core(self, core):
        """The same function with another IR (e.g. the same IR with more attributes)."""
        f = PrimFunc(core, self.name, self.params, self.shape_vars, self.span, self.eager_out)
        f.run_shapes = self.run_shapes
        return f

    def as_run_arrays(self, arrays):
        """The arrays reshaped to the IR parameters' shapes (views of the same memory)."""
        return [a.reshape(self.run_shapes[i]) if i in self.run_shapes else a for i, a in enumerate(arrays)]

    def script(self) -> str:
        """The IR text."""
        return _core.print_func(self.core)

    def __repr__(self):
        return f"<PrimFunc {self.name}({', '.join(p.name for p in self.params)})>"


def declare_global(b, name, spec: TensorSpec, span):
    shape = []
    for d in spec.shape:
        if isinstance(d, ConstDim):
            shape.append(d.get("Tensor"))
        elif isinstance(d, Var):
            if not any(v is d for v in b.shape_vars):
                b.shape_vars.append(d)
            shape.append(d)
        else:
            shape.append(int(d))
    return Buffer(name, shape, spec.dtype, "global", span=span)


def _finish(b, name, span, params, eager_out=None):
    body = b.pop(span)
    if b.depth != 0:
        fail("return", "the function returned from inside a T.Kernel, loop or if", span)
    inputs = params if eager_out is None else [p for i, p in enumerate(params) if i not in eager_out[0]]
    unbound = [v for v in b.shape_vars if not any(d is v for p in inputs for d in p.shape)]
    if unbound:
        fail("dynamic", f"T.dynamic '{unbound[0].name}' appears only in T.empty shapes; it must be part of an "
                        "input tensor's shape", span)
    core_params = []
    for p in params:
        view = b.views.get(p)
        if view is not None and p.used:
            fail("Tensor", f"parameter '{p.name}' is used both directly and through its view '{view.name}'; use "
                           "one of them", view.span)
        core_params.append(view.core if view is not None else p.core)
    core = _core.make_func(name, core_params, [v.node for v in b.shape_vars], dict(b.attrs), body,
                           _b.core_span(span), [w.core for w in b.workspaces])
    _core.verify(core)
    pf = PrimFunc(core, name, params, list(b.shape_vars), span, eager_out)
    pf.run_shapes = {i: tuple(b.views[p].shape) for i, p in enumerate(params) if p in b.views}
    return pf


def _def_span(fn):
    node, file = parse_function(fn)
    return node, (file, node.lineno, node.col_offset + 1)


def _annotation(fn, pname, raw):
    if isinstance(raw, str) and not isinstance(raw, dtypes.DataType):  # from __future__ import annotations
        env = dict(fn.__globals__)
        env.update(zip(fn.__code__.co_freevars, [c.cell_contents for c in fn.__closure__ or ()]))
        try:
            raw = eval(raw, env)  # noqa: S307 (the user's own annotation text)
        except Exception as e:
            fail("prim_func", f"cannot evaluate the annotation of '{pname}': {e}")
    return raw


@user_api
def prim_func(fn=None, *, private=False):
    """Decorator: trace a kernel whose parameters are annotated with T.Tensor(shape, dtype)."""
    if fn is None:
        return lambda f: prim_func(f)
    node, span = _def_span(fn)
    sig = inspect.signature(fn)
    b = _b.Builder("prim_func")
    b.file = span[0]
    arg_nodes = {a.arg: a for a in node.args.args}
    params, args = [], []
    with b:
        for pname, p in sig.parameters.items():
            a = arg_nodes.get(pname)
            pspan = (span[0], a.lineno, a.col_offset + 1) if a is not None else span
            ann = _annotation(fn, pname, p.annotation)
            ann = {int: "int32", float: "float32", bool: "bool"}.get(ann, ann)  # upstream's Python-type scalars
            scalar = isinstance(ann, str) and dtypes.is_known(ann)
            if not isinstance(ann, TensorSpec) and not scalar:
                fail("prim_func", f"parameter '{pname}' must be annotated with T.Tensor(shape, dtype) or a dtype "
                                  f"(a scalar: `{pname}: T.int32`)", pspan)
            # A scalar parameter is a one-element tensor the call fills from a Python number; the body sees its value.
            buf = declare_global(b, b.unique(pname), TensorSpec((1,), ann) if scalar else ann, pspan)
            buf.scalar = scalar
            params.append(buf)
            b.params.append(buf)
            args.append(buf[0] if scalar else buf)
        rewrite(fn)(*args)
        return _finish(b, fn.__name__, span, params)


class Macro:
    """T.macro: a helper traced inline into the calling kernel."""

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "macro")
        self.__doc__ = fn.__doc__

    def __call__(self, *args, **kwargs):
        b = _b.current()
        if b is None:
            fail("macro", f"T.macro '{self.__name__}' can only be called inside a kernel function")
        return rewrite(self.fn)(*args, **kwargs)

    def __get__(self, obj, owner=None):
        """A macro that is a method (upstream's T.inline) binds `self` like a function."""
        return self if obj is None else functools.partial(self, obj)


def macro(fn=None, *, hygienic=True):
    """Decorator: an inlined helper for kernel code."""
    if fn is None:
        return lambda f: Macro(f)
    return Macro(fn)


def annotate_param(name, spec, prev, span):
    b = _b.current()
    if b is None or b.mode != "eager":
        fail("Tensor", "a T.Tensor annotation in the body is only allowed in an eager @tilelang.jit function",
             span)
    if not isinstance(spec, TensorSpec):
        fail("Tensor", f"expected a T.Tensor(shape, dtype) annotation for '{name}'", span)
    if not isinstance(prev, TensorArg):
        fail("Tensor", f"'{name}' is not a tensor parameter of the function", span)
    if prev.shape is not None:
        if len(prev.shape) != len(spec.shape):
            fail("Tensor", f"parameter '{name}': expected {len(spec.shape)} dims, got {len(prev.shape)}", span)
        for i, (d, actual) in enumerate(zip(spec.shape, prev.shape)):
            if isinstance(d, ConstDim) and d.value is None:
                d.value = int(actual)
                continue
            if isinstance(d, Var):
                continue
            want = d.value if isinstance(d, ConstDim) else int(d)
            if want != actual:
                label = f" ({d.name})" if isinstance(d, ConstDim) else ""
                fail("Tensor", f"parameter '{name}': expected dim {i} to be {want}{label}, got {actual}", span)
        if prev.dtype != spec.dtype:
            fail("Tensor", f"parameter '{name}': expected dtype {spec.dtype}, got {prev.dtype}", span)
    if any(p.name == name for p in b.params):
        fail("Tensor", f"parameter '{name}' is annotated twice", span)
    buf = declare_global(b, b.unique(name), spec, span)
    b.params.append(buf)
    return buf


def trace_eager(fn, bound: dict, const_values: dict):
    """Trace an eager @tilelang.jit function. bound maps parameter names to TensorArgs or Python values."""
    node, span = _def_span(fn)
    b = _b.Builder("eager")
    b.file = span[0]
    b.const_values = dict(const_values)
    with b:
        ret = rewrite(fn)(**bound)
        order = list(bound)
        for pname, v in bound.items():
            if isinstance(v, TensorArg) and not any(p.name == pname for p in b.params):
                fail("jit", f"tensor argument '{pname}' has no `{pname}: T.Tensor(shape, dtype)` annotation "
                            "in the function body", span)
        params = sorted(b.params, key=lambda p: order.index(p.name)) + list(b.outputs)
        rets = [] if ret is None else list(ret) if isinstance(ret, (tuple, list)) else [ret]
        ret_idx = []
        for r in rets:
            if not isinstance(r, Buffer) or not any(r is o for o in b.outputs):
                fail("jit", "an eager kernel must return tensors created with T.empty", span)
            ret_idx.append(next(i for i, p in enumerate(params) if p is r))
        out_idx = list(range(len(params) - len(b.outputs), len(params)))
        pf = _finish(b, fn.__name__, span, params, (out_idx, ret_idx))
    return pf


def tensor_arg(name, value):
    """TensorArg for a numpy array or torch tensor, else None (Python values, numpy scalars, ...)."""
    import sys
    import numpy as np
    torch = sys.modules.get("torch")
    if not isinstance(value, np.ndarray) and not (torch is not None and isinstance(value, torch.Tensor)):
        return None
    if not dtypes.is_known(dtypes.label(value.dtype)):
        fail("jit", f"parameter '{name}': dtype {dtypes.label(value.dtype)} is not a dtype of the language")
    return TensorArg(name, tuple(int(s) for s in value.shape), dtypes.normalize(value.dtype, "jit"))
