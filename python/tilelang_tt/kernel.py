"""The compiled kernel object returned by tilelang.compile / @tilelang.jit.

Contract: JITKernel(func, out_idx, target) checks out_idx and picks the backend for target (a registry:
"interpret" now; "tenstorrent" plugs in with register_backend). Calling it with arrays in parameter order
minus out_idx: converts torch tensors to numpy, checks count, rank, shape (binding T.dynamic dims) and dtype
(a TileLangError naming the parameter), allocates the outputs (zeros), runs the backend on every parameter
in place, copies back into non-contiguous inputs, and returns the outputs (one, a list, or None) as the
same kind of array the caller passed.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import dtypes
from .errors import fail, user_api
from .frontend.trace import PrimFunc
from .language.expr import Var

_BACKENDS = {}


def register_backend(name, factory):
    """factory(prim_func, options) → object with run(list_of_contiguous_numpy_arrays, one per parameter, written
    in place) and source() → str. options: {"pass_configs": dict, "compile_flags": list, "out_idx": list} from
    compile/jit."""
    _BACKENDS[name] = factory


def written_back(func, options) -> set:
    """Indices of the parameters a run writes back: out_idx; without one, every parameter (a kernel may write any
    of them in place)."""
    return set((options or {}).get("out_idx") or range(len(func.params)))


def backends():
    return sorted(_BACKENDS)


class InterpretBackend:
    """Runs the tile IR with the C++ reference interpreter."""

    def __init__(self, func: PrimFunc, options=None):
        self.func = func
        self.outputs = written_back(func, options)

    def run(self, arrays):
        # Tensors annotated as bfp8_b storage: quantized at the boundary, as the tenstorrent host does.
        from .tenstorrent import bfp8
        stored = bfp8.bfp8_params(dict(_core.func_attrs(self.func.core)), self.func.core.params)
        work = [np.ascontiguousarray(bfp8.quantize(a)) if i in stored else a for i, a in enumerate(arrays)]
        args = [(a.ctypes.data, dtypes.to_core(p.dtype), list(a.shape)) for a, p in zip(work, self.func.params)]
        _core.interpret(self.func.core, args)
        for i in stored & self.outputs:
            arrays[i][...] = bfp8.quantize(work[i])

    def source(self):
        return _core.print_func(self.func.core)


register_backend("interpret", InterpretBackend)

DEFAULT_TARGET = "tenstorrent"


def default_target() -> str:
    """The target used when none is given: $TILELANG_TT_DEFAULT_TARGET, else "tenstorrent"."""
    import os
    return os.environ.get("TILELANG_TT_DEFAULT_TARGET") or DEFAULT_TARGET


def _torch():
    import sys
    return sys.modules.get("torch")


def _to_numpy(x):
    torch = _torch()
    if torch is not None and isinstance(x, torch.Tensor):
        t = x.detach().cpu()
        name = dtypes.normalize(t.dtype)
        if name in ("bfloat16", "float8_e4m3", "float8_e5m2"):
            raw = t.view(torch.uint8 if name.startswith("float8") else torch.int16).numpy()
            return raw.view(dtypes.to_numpy(name)), "torch"
        return t.numpy(), "torch"
    if isinstance(x, np.ndarray):
        return x, "numpy"
    return None, None


def _from_numpy(a, kind):
    if kind != "torch":
        return a
    torch = _torch()
    name = dtypes.normalize(a.dtype)
    if name == "bfloat16":
        return torch.from_numpy(a.view(np.int16)).view(torch.bfloat16)
    if name.startswith("float8"):
        return torch.from_numpy(a.view(np.uint8)).view(getattr(torch, "float8_e4m3fn" if name == "float8_e4m3"
                                                                  else "float8_e5m2"))
    return torch.from_numpy(a)


class JITKernel:
    def __init__(self, func: PrimFunc, out_idx=None, target=None, ret_idx=None, pass_configs=None,
                 compile_flags=None):
        if not isinstance(func, PrimFunc):
            fail("compile", f"expected a @T.prim_func function, got {type(func).__name__}")
        n = len(func.params)
        if out_idx is None:
            out_idx = []
        elif isinstance(out_idx, int):
            out_idx = [out_idx]
        elif not isinstance(out_idx, (list, tuple)) or not all(isinstance(i, int) for i in out_idx):
            fail("compile", f"out_idx must be an int or a list of ints, got {out_idx!r}")
        norm = []
        for i in out_idx:
            if not -n <= i < n:
                fail("compile", f"out_idx {i} is out of range for {n} parameters")
            norm.append(i % n)
        if len(set(norm)) != len(norm):
            fail("compile", f"out_idx {list(out_idx)} names a parameter twice")
        target = target or default_target()
        if target == "auto":
            target = default_target()
        if not isinstance(target, str) or target not in _BACKENDS:
            fail("compile", f"unknown target {target!r}; expected one of: {', '.join(backends())}")
        self.func, self.out_idx, self.target = func, norm, target
        self.ret_idx = norm if ret_idx is None else list(ret_idx)
        self.params = func.params
        self.options = {"pass_configs": dict(pass_configs or {}), "compile_flags": list(compile_flags or []),
                        "out_idx": list(norm)}
        # Reading a buffer that nothing wrote is undefined (docs/language.md): an error on every target.
        _core.check_read_before_write(func.core)
        self.backend = _BACKENDS[target](func, self.options)

    def get_ir(self) -> str:
        """The tile IR of this kernel, as text."""
        return _core.print_func(self.func.core)

    def get_kernel_source(self, kernel_only=True) -> str:
        """The backend's source: for "interpret", the IR text."""
        return self.backend.source()

    def export(self, path, seed=0):
        """Writes a standalone CMake project for this kernel (Tenstorrent targets) to `path`: the emitted kernels,
        host program and plan.json, plus inputs from `seed` and the expected outputs computed by the "interpret"
        target. Built against the TT-Metalium SDK or the emulator, its executable checks itself."""
        if not hasattr(self.backend, "export"):
            fail("export", f"target {self.target!r} has no program to export; compile with target='tenstorrent'")
        return self.backend.export(path, self.out_idx, seed)

    def __repr__(self):
        return f"<JITKernel {self.func.name} target={self.target}>"

    @user_api
    def __call__(self, *args):
        ins = [i for i in range(len(self.params)) if i not in self.out_idx]
        if len(args) != len(ins):
            names = ", ".join(self.params[i].name for i in ins)
            fail("call", f"expected {len(ins)} tensor argument{'s' if len(ins) != 1 else ''} ({names}), "
                         f"got {len(args)}")
        arrays, kind, binding, copy_back = [None] * len(self.params), "numpy", {}, []
        for i, x in zip(ins, args):
            p = self.params[i]
            a, k = _to_numpy(x)
            if a is None:
                fail("call", f"parameter '{p.name}': expected a numpy array or torch tensor, got {type(x).__name__}")
            kind = k
            if a.ndim != len(p.shape):
                fail("call", f"parameter '{p.name}': expected {len(p.shape)} dims, got {a.ndim}")
            want = dtypes.to_numpy(p.dtype)
            if a.dtype != want:
                fail("call", f"parameter '{p.name}': expected dtype {p.dtype}, got {dtypes.normalize(a.dtype)}")
            for d, (s, actual) in enumerate(zip(p.shape, a.shape)):
                if isinstance(s, Var):
                    if binding.setdefault(id(s), (s.name, actual))[1] != actual:
                        fail("call", f"parameter '{p.name}': dim {d} ({s.name}) is {actual}, but {s.name} = "
                                     f"{binding[id(s)][1]} from an earlier argument")
                elif int(s) != actual:
                    fail("call", f"parameter '{p.name}': expected shape {self._shape_str(p, binding)}, "
                                 f"got {tuple(a.shape)}")
            if not a.flags.c_contiguous or not a.flags.writeable:
                c = np.ascontiguousarray(a)
                if a.flags.writeable:
                    copy_back.append((a, c))
                a = c
            arrays[i] = a
        for i in self.out_idx:
            p = self.params[i]
            shape = []
            for s in p.shape:
                if isinstance(s, Var):
                    if id(s) not in binding:
                        fail("call", f"output '{p.name}': its dim {s.name} is not bound by any input's shape")
                    shape.append(binding[id(s)][1])
                else:
                    shape.append(int(s))
            arrays[i] = np.zeros(shape, dtype=dtypes.to_numpy(p.dtype))
        self.backend.run(self.func.as_run_arrays(arrays))
        for orig, c in copy_back:
            orig[...] = c
        outs = [_from_numpy(arrays[i], kind) for i in self.ret_idx]
        if not outs:
            return None
        return outs[0] if len(outs) == 1 else outs

    @staticmethod
    def _shape_str(p, binding):
        return "(" + ", ".join(s.name if isinstance(s, Var) else str(int(s)) for s in p.shape) + \
            ("," if len(p.shape) == 1 else "") + ")"
