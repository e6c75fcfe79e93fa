"""The compiled kernel object returned by tilelang.compile / @tilelang.jit.

Contract: JITKernel(func, out_idx, target, pass_configs=...) checks out_idx and the settings (pass_config.check)
and picks the backend for target (a registry: "interpret" now; "tenstorrent" plugs in with register_backend).
Calling it with arrays in parameter order minus out_idx (no keywords, as upstream): converts torch tensors to
numpy, checks count, kind (no masked arrays), rank, shape (binding T.dynamic dims) and dtype (a TileLangError
naming the parameter), refuses a read-only array for a parameter the kernel writes (written_params), allocates
the outputs (zeros), runs the backend on every parameter in place — read-only and non-contiguous arrays through
copies, copied back into the writeable ones — and returns the outputs (one, a list, or None) as the same kind of
array the caller passed.
"""
from __future__ import annotations

import numpy as np

from . import _core
from . import dtypes
from . import pass_config
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
    """Indices of the parameters a run writes back: out_idx and the parameters the kernel stores into (in place, as
    on a GPU: upstream's linear attention accumulates into its O argument beside its out_idx output); without
    out_idx, every parameter (a kernel may write any of them in place)."""
    out_idx = (options or {}).get("out_idx")
    if not out_idx:
        return set(range(len(func.params)))
    return set(out_idx) | {i for i, w in enumerate(_core.written_params(func.core)) if w}


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


def _to_numpy(x, what):
    """(numpy array, kind) for an argument: kind is "numpy", "dlpack" (another producer of __dlpack__, read through
    np.from_dlpack, on the CPU a view of the same memory) or a torch.device (a torch tensor; on the CPU the array is
    a view of its memory, on another device a copy). A TileLangError naming `what` for anything else."""
    torch = _torch()
    if torch is not None and isinstance(x, torch.Tensor):
        t = x.detach().cpu()
        name = dtypes.label(t.dtype)
        if name in ("bfloat16", "float8_e4m3", "float8_e5m2"):
            raw = t.view(torch.uint8 if name.startswith("float8") else torch.int16).numpy()
            return raw.view(dtypes.to_numpy(name)), x.device
        if not dtypes.is_known(name):
            fail("call", f"{what}: dtype {name} is not a dtype of the language")
        return t.numpy(), x.device
    if isinstance(x, np.ma.MaskedArray):
        fail("call", f"{what}: masked arrays are not supported (a kernel reads every element); pass "
                     f"x.filled(value) or np.asarray(x)")
    if isinstance(x, np.ndarray):
        return np.asarray(x), "numpy"
    if hasattr(x, "__dlpack__"):
        try:
            return np.from_dlpack(x), "dlpack"
        except (BufferError, RuntimeError, TypeError, ValueError) as e:
            fail("call", f"{what}: cannot read this {type(x).__name__} through DLPack on the CPU ({e}); pass a "
                         f"numpy array or a CPU tensor")
    fail("call", f"{what}: expected a numpy array, a torch tensor or an object with __dlpack__, got "
                 f"{type(x).__name__}")


def _on_device(kind):
    """A torch device other than the CPU."""
    return not isinstance(kind, str) and kind.type != "cpu"


def _from_numpy(a, kind):
    if isinstance(kind, str):  # "numpy" and "dlpack": numpy arrays
        return a
    torch = _torch()
    name = dtypes.normalize(a.dtype)
    if name == "bfloat16":
        t = torch.from_numpy(a.view(np.int16)).view(torch.bfloat16)
    elif name.startswith("float8"):
        t = torch.from_numpy(a.view(np.uint8)).view(getattr(torch, "float8_e4m3fn" if name == "float8_e4m3"
                                                             else "float8_e5m2"))
    else:
        t = torch.from_numpy(a)
    return t.to(kind) if _on_device(kind) else t


def _scalar_array(x, p):
    """The one-element array a scalar parameter (`n: T.int32`) is passed in, from a Python or numpy number."""
    import numbers
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]
    kind = dtypes.to_numpy(p.dtype).kind
    ok = isinstance(x, (numbers.Integral, np.integer, bool, np.bool_)) if kind in "iub" else \
        isinstance(x, (numbers.Real, np.floating, np.integer))
    if not ok:
        fail("call", f"parameter '{p.name}' is a scalar of dtype {p.dtype}: expected a Python "
                     f"{'int' if kind in 'iu' else 'bool' if kind == 'b' else 'number'}, got {type(x).__name__}")
    if kind in "iu":
        info = np.iinfo(dtypes.to_numpy(p.dtype))
        if not info.min <= int(x) <= info.max:
            fail("call", f"parameter '{p.name}': {int(x)} does not fit {p.dtype} [{info.min}, {info.max}]")
    return np.array([x], dtype=dtypes.to_numpy(p.dtype))


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
        for i in norm:
            if func.params[i].scalar:
                fail("compile", f"out_idx {i} names the scalar parameter '{func.params[i].name}'; outputs are tensors")
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
        self.options = {"pass_configs": pass_config.check(pass_configs), "compile_flags": list(compile_flags or []),
                        "out_idx": list(norm)}
        self.writes = set(i for i, w in enumerate(_core.written_params(func.core)) if w)  # stored into by the kernel
        # Reading a buffer that nothing wrote is undefined (docs/language.md): an error on every target.
        _core.check_read_before_write(func.core)
        self.backend = _BACKENDS[target](func, self.options)
        self.latency = self.config = self.ref_latency = None  # set by the autotuner

    @property
    def prim_func(self):
        return self.func

    def get_profiler(self, tensor_supply_type=None):
        """A Profiler of this kernel (tilelang_tt/profiler): inputs of tensor_supply_type (TensorSupplyType.Auto by
        default), do_bench, assert_allclose."""
        from .profiler import Profiler
        from .utils.tensor import TensorSupplyType
        return Profiler(self, TensorSupplyType.Auto if tensor_supply_type is None else tensor_supply_type)

    def update_tuner_result(self, latency, config, ref_latency=None):
        """Records the autotuner's result on the kernel (latency, config, ref_latency, as upstream)."""
        self.latency, self.config, self.ref_latency = latency, config, ref_latency
        return self

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

    def trace(self, path):
        """Writes the modeled timeline of each following call to `path` (Tenstorrent targets): a Trace Event Format
        JSON file for ui.perfetto.dev or chrome://tracing with one process per program of the call (docs/profiling.md).
        Each call rewrites it; trace(None) stops. Returns the kernel: kernel.trace("t.json")(a, b)."""
        if not hasattr(self.backend, "trace_path"):
            fail("trace", f"target {self.target!r} has no device timeline; compile with target='tenstorrent'")
        if path is not None and not isinstance(path, (str, bytes)) and not hasattr(path, "__fspath__"):
            fail("trace", f"expected a file path or None, got {type(path).__name__}")
        import os
        self.backend.trace_path = None if path is None else os.path.abspath(os.fsdecode(path))
        return self

    def report(self, path, max_cores=16):
        """Writes an HTML page of the last call (Tenstorrent targets): per program the per-core timeline (when that
        call was traced: kernel.trace / TT_EMU_TRACE), per-core utilisation and DRAM traffic per bank, and a roofline
        with a point per program (docs/profiling.md). Returns the path."""
        if not hasattr(self.backend, "stats"):
            fail("report", f"target {self.target!r} has no device counters; compile with target='tenstorrent'")
        if not self.backend.last_run or not self.backend.last_run["programs"]:
            fail("report", "no call to report yet: call the kernel first (kernel(a, b); kernel.report(path))")
        import json
        import os
        from .tenstorrent import report
        trace_path, trace = self.backend.last_run.get("trace"), None  # the file the last call was traced to
        if trace_path and os.path.isfile(trace_path):
            with open(trace_path) as f:
                trace = json.load(f)
        records = [p["detail"] for p in self.backend.last_run["programs"]]
        return report.write(os.fspath(path), records, trace, max_cores)

    @property
    def stats(self):
        """The emulator's counters of the last call as a dict (Tenstorrent targets; None before the first call):
        modeled_ms, dram_bytes, utilisation, per program and per core — documented in docs/profiling.md."""
        if not hasattr(self.backend, "stats"):
            fail("stats", f"target {self.target!r} has no device counters; compile with target='tenstorrent'")
        return self.backend.stats()

    def __repr__(self):
        return f"<JITKernel {self.func.name} target={self.target}>"

    @user_api
    def __call__(self, *args, **kwargs):
        ins = [i for i in range(len(self.params)) if i not in self.out_idx]
        names = ", ".join(self.params[i].name for i in ins)
        if kwargs:
            fail("call", f"keyword argument '{next(iter(kwargs))}': a kernel takes its tensors by position "
                         f"({names}), as upstream TileLang's kernels do")
        if len(args) != len(ins):
            fail("call", f"expected {len(ins)} tensor argument{'s' if len(ins) != 1 else ''} ({names}), "
                         f"got {len(args)}")
        arrays, kinds, binding, copy_back, to_device = [None] * len(self.params), [], {}, [], []
        for i, x in zip(ins, args):
            p = self.params[i]
            if p.scalar:
                arrays[i] = _scalar_array(x, p)
                continue
            a, kind = _to_numpy(x, f"parameter '{p.name}'")
            kinds.append(kind)
            if _on_device(kind) and i in self.writes:
                to_device.append((x, a))  # the kernel writes it: its result goes back to the device
            if a.ndim != len(p.shape):
                fail("call", f"parameter '{p.name}': expected {len(p.shape)} dims, got {a.ndim}")
            want = dtypes.to_numpy(p.dtype)
            if a.dtype != want:
                fail("call", f"parameter '{p.name}': expected dtype {p.dtype}, got {dtypes.label(a.dtype)}")
            for d, (s, actual) in enumerate(zip(p.shape, a.shape)):
                if isinstance(s, Var):
                    if binding.setdefault(id(s), (s.name, actual))[1] != actual:
                        fail("call", f"parameter '{p.name}': dim {d} ({s.name}) is {actual}, but {s.name} = "
                                     f"{binding[id(s)][1]} from an earlier argument")
                elif int(s) != actual:
                    fail("call", f"parameter '{p.name}': expected shape {self._shape_str(p, binding)}, "
                                 f"got {tuple(a.shape)}")
            if not a.flags.writeable and i in self.writes:
                fail("call", f"parameter '{p.name}': the kernel writes this tensor in place, but the array passed "
                             f"is read-only; pass a writeable array (np.array(x)), or make '{p.name}' an output "
                             f"with out_idx")
            if not a.flags.c_contiguous or not a.flags.writeable:
                # A copy: the backends take contiguous arrays and may write every parameter they are given.
                c = np.array(a, order="C", copy=True)
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
        for x, a in to_device:
            x.copy_(_from_numpy(a, x.device))
        kind = kinds[0] if kinds else "numpy"  # outputs are of the first tensor argument's kind
        outs = [_from_numpy(arrays[i], kind) for i in self.ret_idx]
        if not outs:
            return None
        return outs[0] if len(outs) == 1 else outs

    @staticmethod
    def _shape_str(p, binding):
        return "(" + ", ".join(s.name if isinstance(s, Var) else str(int(s)) for s in p.shape) + \
            ("," if len(p.shape) == 1 else "") + ")"
