"""tilelang.compile and @tilelang.jit, in both upstream styles.

Contract:
  * compile(func, out_idx=None, target=None) → JITKernel.
  * jit(...) on a factory that builds a @T.prim_func ("lazy", classic style): calling it with the factory's
    arguments returns the compiled kernel, cached per arguments.
  * jit(...) on a function of tensors and Python parameters ("eager"): calling it with arrays compiles (cached
    per shapes, dtypes and Python values) and runs, returning the T.empty outputs; .compile(M=..., ...) returns
    the kernel object. out_idx is rejected in eager mode (as upstream).
  The mode is decided from the source (see _is_lazy): eager functions call T.const / T.empty / T.Kernel or
  annotate tensors in their own body; anything else is a factory.
"""
from __future__ import annotations

import ast
import inspect

from . import pass_config
from .errors import fail, user_api
from .frontend.ast_rewrite import parse_function
from .frontend.trace import PrimFunc, trace_eager, tensor_arg
from .kernel import JITKernel, default_target
from .language.buffer import TensorArg
from .language.expr import Var


@user_api
def compile(func, out_idx=None, execution_backend=None, target=None, target_host=None, verbose=None,
            pass_configs=None, compile_flags=None):
    """Compile a @T.prim_func for target: "tenstorrent" by default (Wormhole B0 on the emulator when no card is
    present; $TILELANG_TT_DEFAULT_TARGET changes the default), "tenstorrent/blackhole", or "interpret" (the reference
    interpreter)."""
    return JITKernel(func, out_idx, target, pass_configs=pass_configs, compile_flags=compile_flags)


def _is_lazy(fn) -> bool:
    """Lazy (a factory returning a @T.prim_func) unless the function's own body (not nested defs) has the
    marks of an eager kernel: T.const / T.empty calls, tensor annotations, or a `with T.Kernel(...)`."""
    node, _ = parse_function(fn)

    def own_nodes(n):
        for child in ast.iter_child_nodes(n):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            yield child
            yield from own_nodes(child)

    for n in own_nodes(node):
        if isinstance(n, ast.AnnAssign) and n.value is None:
            return False
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("const", "empty",
                                                                                           "Kernel"):
            return False
    return True


def _key(v):
    try:
        hash(v)
        return v
    except TypeError:
        return repr(v)


class JITImpl:
    def __init__(self, fn, out_idx=None, target=None, pass_configs=None, compile_flags=None):
        self.fn, self.out_idx, self.target = fn, out_idx, target
        self.options = {"pass_configs": pass_configs, "compile_flags": compile_flags}
        self.cache = {}
        self.dynamic_dims = {}  # shape-free key -> {tensor: its T.dynamic dims} (_eager_kernel)
        if isinstance(fn, PrimFunc):
            self.mode = "prim_func"
        else:
            self.mode = "lazy" if _is_lazy(fn) else "eager"
            if self.mode == "eager" and out_idx is not None:
                fail("jit", "out_idx is not allowed for an eager kernel; return the T.empty outputs instead")
            self.signature = inspect.signature(fn)
        self.__name__ = getattr(fn, "__name__", "kernel")
        self.__doc__ = getattr(fn, "__doc__", None)

    def _target(self):
        """The target a kernel compiled now gets (a change of $TILELANG_TT_DEFAULT_TARGET compiles anew)."""
        return self.target or default_target()

    def _lazy_kernel(self, args, kwargs):
        if self.mode == "prim_func":
            if args or kwargs:
                fail("jit", "a jitted @T.prim_func takes no arguments; call the kernel it returns")
            key = ()
        else:
            key = (tuple(_key(a) for a in args), tuple(sorted((k, _key(v)) for k, v in kwargs.items())))
        key += (self._target(),)
        k = self.cache.get(key)
        if k is None:
            func = self.fn if self.mode == "prim_func" else self.fn(*args, **kwargs)
            if not isinstance(func, PrimFunc):
                fail("jit", f"'{self.__name__}' must return a @T.prim_func, got {type(func).__name__}")
            k = self.cache[key] = JITKernel(func, self.out_idx, self.target, **self.options)
        return k

    def _eager_kernel(self, bound, const_values):
        key = (tuple((n, ("T", v.shape, v.dtype) if isinstance(v, TensorArg) else _key(v))
                     for n, v in bound.items()), tuple(sorted(const_values.items())), self._target())
        k = self.cache.get(key)
        if k is None:
            # A kernel traced with T.dynamic dims serves every size of them: its entry is also found under the key
            # with those dims left out (the trace depends only on the others and on the Python values).
            base = self._shape_free_key(bound, const_values, None)
            dims = self.dynamic_dims.get(base)
            k = self.cache.get(self._shape_free_key(bound, const_values, dims)) if dims else None
        if k is None:
            func = trace_eager(self.fn, bound, const_values)
            out_idx, ret_idx = func.eager_out
            k = self.cache[key] = JITKernel(func, out_idx, self.target, ret_idx, **self.options)
            dims = {p.name: tuple(d for d, s in enumerate(p.shape) if isinstance(s, Var))
                    for p in func.params if isinstance(bound.get(p.name), TensorArg)}
            if any(dims.values()):
                base = self._shape_free_key(bound, const_values, None)
                self.dynamic_dims[base] = dims
                self.cache[self._shape_free_key(bound, const_values, dims)] = k
        return k

    def _shape_free_key(self, bound, const_values, dims):
        """The cache key with the tensors' dims in `dims` ({tensor: dim indices}) left out; None: all of them."""
        def tensor(n, v):
            if v.shape is None:  # .compile() without the tensor: its dims come from T.const values
                return ("T", None, v.dtype)
            keep = tuple(s for d, s in enumerate(v.shape) if dims is not None and d not in dims.get(n, ()))
            return ("T", len(v.shape), keep if dims is not None else None, v.dtype)
        return (tuple((n, tensor(n, v) if isinstance(v, TensorArg) else _key(v)) for n, v in bound.items()),
                tuple(sorted(const_values.items())), self._target(), dims is not None and tuple(sorted(dims.items())))

    @user_api
    def __call__(self, *args, **kwargs):
        if self.mode != "eager":
            return self._lazy_kernel(args, kwargs)
        try:
            ba = self.signature.bind(*args, **kwargs)
        except TypeError as e:
            fail("jit", f"{self.__name__}: {e}")
        ba.apply_defaults()
        bound, tensors = {}, []
        for name, v in ba.arguments.items():
            t = tensor_arg(name, v)
            bound[name] = t if t is not None else v
            if t is not None:
                tensors.append(v)
        kernel = self._eager_kernel(bound, {})
        return kernel(*tensors)

    @user_api
    def compile(self, *args, **kwargs):
        """Lazy: same as calling. Eager: the kernel object for the given T.const values and parameters."""
        if self.mode != "eager":
            return self._lazy_kernel(args, kwargs)
        return self._eager_kernel(*self._compile_binding(args, kwargs))

    def _compile_binding(self, args, kwargs):
        """Eager .compile(...) arguments → (bound parameters, T.const values)."""
        params = list(self.signature.parameters)
        bound, consts = {}, {}
        for k, v in kwargs.items():
            if k not in params:
                consts[k] = v
        for i, (name, p) in enumerate(self.signature.parameters.items()):
            if i < len(args):
                bound[name] = args[i]
            elif name in kwargs:
                bound[name] = kwargs[name]
            elif p.default is not inspect.Parameter.empty:
                bound[name] = p.default
            else:
                bound[name] = TensorArg(name, None, None)
        for name, v in list(bound.items()):
            t = tensor_arg(name, v)
            if t is not None:
                bound[name] = t
        return bound, consts

    def elaborate(self, *args, **kwargs):
        """(PrimFunc, out_idx, ret_idx) of the kernel compile(*args, **kwargs) returns: traced, not compiled (the
        autotuner compiles configs in parallel from these)."""
        if self.mode == "eager":
            func = trace_eager(self.fn, *self._compile_binding(args, kwargs))
            return func, func.eager_out[0], func.eager_out[1]
        func = self.fn if self.mode == "prim_func" else self.fn(*args, **kwargs)
        if not isinstance(func, PrimFunc):
            fail("jit", f"'{self.__name__}' must return a @T.prim_func, got {type(func).__name__}")
        return func, self.out_idx, None

    def get_ir(self, *args, **kwargs) -> str:
        """The IR text of the kernel compile(*args, **kwargs) would return."""
        return self.compile(*args, **kwargs).get_ir()

    get_tir = get_ir

    def get_kernel_source(self, *args, **kwargs) -> str:
        return self.compile(*args, **kwargs).get_kernel_source()


@user_api
def jit(func=None, *, out_idx=None, target=None, target_host=None, execution_backend=None, verbose=None,
        pass_configs=None, debug_root_path=None, compile_flags=None):
    """Decorator (with or without arguments) making a JIT kernel; see the module docstring for both styles."""
    pass_configs = pass_config.check(pass_configs, "jit")
    @user_api
    def deco(f):
        return JITImpl(f, out_idx, target, pass_configs, compile_flags)
    return deco if func is None else deco(func)
