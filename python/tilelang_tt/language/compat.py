"""Upstream names that are types, annotations, views and dtype helpers rather than operations:
  * annotation types `T.SharedBuffer / FragmentBuffer / LocalBuffer(shape, dtype)` (helper-parameter annotations:
    accepted, not checked), `T.StridedTensor(shape, strides, dtype)` (= T.Tensor: element indexing does not depend
    on strides; arrays of any strides are passed), `T.Ref` (a T.macro parameter that is a reference: pass a
    T.alloc_var, assignments store into it), `T.Any`, `T.AnyDType`;
  * `T.reshape(x, shape)` / `T.view(x, shape=None, dtype=None)`: T.Tensor(shape, dtype, x.data) (buffer.py's view
    of a tensor parameter: same dtype, same element count);
  * `T.thread_binding(start, stop, thread="threadIdx.x")` inside a T.Kernel: that thread (or block) index;
  * `T.inline` (a method inlined like a T.macro, self bound); `T.parallel(start, stop)`: TVM's one-dimensional parallel loop (a T.Parallel loop over [start, stop));
  * `T.annotate_compile_flags / annotate_pass_configs / annotate_restrict_buffers / annotate_safe_value`: CUDA
    compilation hints, accepted without effect (pass_configs are checked as in tilelang.compile);
  * dtype helpers `T.get_tvm_dtype`, `T.is_float4`, `T.is_float4_e2m1fn`, `T.is_float4_e2m1_unpacked`,
    `T.is_f8f6f4_family`, `T.validate_gemm_ab_dtypes`; `T.allocate` (= T.alloc_buffer).
"""
from __future__ import annotations

import typing

from .. import dtypes
from ..errors import fail
from ._op import op
from .buffer import Buffer, Tensor, TensorSpec
from .expr import const_int
from .loops import IRLoop, K, _range


class _ScopedBufferType:
    """T.SharedBuffer(shape, dtype) and friends: the annotation of a helper's buffer parameter."""

    def __init__(self, scope):
        self.scope = scope

    def __call__(self, shape, dtype="float32", *args, **kwargs):
        return _ScopedBufferSpec(self.scope, shape, dtypes.normalize(dtype, self.scope))

    def __getitem__(self, item):
        shape, dtype = item if isinstance(item, tuple) and len(item) == 2 else (item, "float32")
        return self(shape, dtype)


class _ScopedBufferSpec:
    def __init__(self, scope, shape, dtype):
        self.scope, self.shape, self.dtype = scope, shape, dtype

    def __repr__(self):
        return f"T.{self.scope}({self.shape}, {self.dtype})"


SharedBuffer = _ScopedBufferType("SharedBuffer")
FragmentBuffer = _ScopedBufferType("FragmentBuffer")
LocalBuffer = _ScopedBufferType("LocalBuffer")


class _StridedTensorType(type):
    def __getitem__(cls, item):
        if not isinstance(item, tuple) or len(item) not in (2, 3):
            fail("StridedTensor", "expected T.StridedTensor[shape, strides, dtype]")
        return cls(*item) if len(item) == 3 else cls(item[0], None, item[1])


class StridedTensor(metaclass=_StridedTensorType):
    """T.StridedTensor(shape, strides, dtype): a tensor parameter given with its strides. Indexing by element
    does not depend on strides, so it is T.Tensor(shape, dtype); the strides are not checked."""

    def __new__(cls, shape, strides=None, dtype="float32"):
        return TensorSpec(shape, dtype)


class Ref:
    """The annotation of a T.macro parameter passed by reference (upstream's eager `T.Ref`): pass a T.alloc_var,
    and assignments to the parameter store into it."""


Any = typing.Any
AnyDType = typing.Union[str, dtypes.DataType]


def _source_tensor(x, opname):
    if not isinstance(x, Buffer) or x.scope != "global":
        fail(opname, f"expected a global tensor parameter, got {getattr(x, 'name', type(x).__name__)!r}: views of "
                     "kernel-local buffers are not provided (allocate the buffer in the shape you need)")
    return x


@op("reshape")
def reshape(src, shape):
    """A view of tensor parameter src with another shape (same element count): T.Tensor(shape, src.dtype, src.data)."""
    src = _source_tensor(src, "reshape")
    return Tensor(shape, src.dtype, src.data)


@op("view")
def view(src, shape=None, dtype=None):
    """A view of tensor parameter src with another shape (same dtype and element count)."""
    src = _source_tensor(src, "view")
    if dtype is not None and dtypes.normalize(dtype, "view") != src.dtype:
        fail("view", f"a view of '{src.name}' must keep its dtype {src.dtype}, got {dtypes.normalize(dtype)} "
                     "(reinterpreting a tensor's bits as another dtype is not provided; use T.reinterpret on values)")
    return Tensor(src.shape if shape is None else shape, src.dtype, src.data)


def inline(func):
    """Upstream's T.inline: a method whose body is inlined at each call like a T.macro (self is bound)."""
    from ..frontend.trace import Macro
    return Macro(func)


def parallel(start, stop=None, *, annotations=None):
    """TVM's parallel loop over [start, stop) (T.Parallel of one dim with a start)."""
    r, _ = _range("parallel", start, stop)
    return IRLoop("parallel", K.parallel, [r])


_AXES = {"threadIdx.x": ("thread", 0), "threadIdx.y": ("thread", 1), "threadIdx.z": ("thread", 2),
         "blockIdx.x": ("block", 0), "blockIdx.y": ("block", 1), "blockIdx.z": ("block", 2)}


@op("thread_binding")
def thread_binding(start, stop=None, thread=None, *, annotations=None):
    """TVM's thread-bound range, as upstream's kernels use it inside T.Kernel: `tx = T.thread_binding(0, threads,
    thread="threadIdx.x")` is that thread index (T.get_thread_binding(0)); "blockIdx.*" gives the block index. The
    range must be the kernel's whole extent along that axis."""
    from . import threads as _t
    if thread not in _AXES:
        fail("thread_binding", f"thread must be one of {', '.join(_AXES)}, got {thread!r}")
    start, stop = (0, start) if stop is None else (start, stop)
    kind, dim = _AXES[thread]
    extents = _t.get_thread_extents() if kind == "thread" else _t.get_block_extents()
    if dim >= len(extents) or const_int(start) != 0 or const_int(stop) != const_int(extents[dim]):
        have = extents[dim] if dim < len(extents) else 1
        fail("thread_binding", f"expected the kernel's whole {thread} range [0, {have}), got [{start}, {stop}) "
                               "(T.thread_binding names the kernel's own thread or block index here)")
    return _t.get_thread_binding(dim) if kind == "thread" else _t.get_block_binding(dim)


@op("annotate_compile_flags")
def annotate_compile_flags(flags):
    """Flags for CUDA's compiler (nvcc); no CUDA compiler runs here: accepted without effect."""
    if not isinstance(flags, (str, list, tuple)):
        fail("annotate_compile_flags", f"expected a string or a list of strings, got {type(flags).__name__}")


@op("annotate_pass_configs")
def annotate_pass_configs(configs):
    """Pass configs given in the kernel; checked like tilelang.compile's pass_configs, without effect here."""
    from ..pass_config import check
    check(configs, "annotate_pass_configs")


@op("annotate_restrict_buffers")
def annotate_restrict_buffers(*buffers):
    """CUDA's __restrict__ hint (no aliasing); accepted without effect."""


@op("annotate_safe_value")
def annotate_safe_value(safe_value_map):
    """CUDA's value for out-of-bounds reads of a buffer; here such reads of global tensors give 0 already."""
    if not isinstance(safe_value_map, dict):
        fail("annotate_safe_value", f"expected a dict {{buffer: value}}, got {type(safe_value_map).__name__}")


def get_tvm_dtype(value):
    """value as a T.dtype."""
    return dtypes.DataType(dtypes.normalize(value, "get_tvm_dtype"))


def _name(value):
    return str(value)


def is_float4(value):
    """Whether value is a 4-bit float (E2M1); TileLang-TT has none."""
    return _name(value).startswith("float4")


def is_float4_e2m1fn(value):
    """Whether value is float4_e2m1fn (TileLang-TT has no 4-bit floats)."""
    return _name(value) == "float4_e2m1fn"


def is_float4_e2m1_unpacked(value):
    """Whether value is the unpacked 8-bit float4 variant (TileLang-TT has no 4-bit floats)."""
    return _name(value).startswith("float4_e2m1") and _name(value).endswith("unpacked")


def is_f8f6f4_family(value):
    """Whether value is an 8-, 6- or 4-bit float."""
    n = _name(value)
    return n.startswith(("float8", "float6", "float4"))


def validate_gemm_ab_dtypes(a_dtype, b_dtype, *, a_in_tmem=False, allow_f8f6f4_mixed=False):
    """Upstream's check that a GEMM's A and B have one dtype (mixed 8/6/4-bit floats when allowed): a ValueError
    otherwise, as upstream."""
    if a_in_tmem or str(a_dtype) == str(b_dtype):
        return
    if allow_f8f6f4_mixed and is_f8f6f4_family(a_dtype) and is_f8f6f4_family(b_dtype):
        return
    raise ValueError(f"Mixed-dtype GEMM only supports f8f6f4 family operands, got A={a_dtype}, B={b_dtype}")


__all__ = ["SharedBuffer", "FragmentBuffer", "LocalBuffer", "StridedTensor", "Ref", "Any", "AnyDType", "reshape",
           "view", "inline", "parallel", "thread_binding", "annotate_compile_flags", "annotate_pass_configs", "annotate_restrict_buffers",
           "annotate_safe_value", "get_tvm_dtype", "is_float4", "is_float4_e2m1fn", "is_float4_e2m1_unpacked",
           "is_f8f6f4_family", "validate_gemm_ab_dtypes"]
