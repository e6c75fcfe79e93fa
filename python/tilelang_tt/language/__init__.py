"""The `T` namespace: `import tilelang_tt.language as T`.

Contract: exactly the names listed in __all__ exist; any other `T.name` is a TileLangError pointing at the
user's source ("[T] unknown name ..."). docs/language.md lists what each does.
"""
from __future__ import annotations

import re as _re

from .. import dtypes as _dt
from ..errors import UnknownNameError as _Unknown, make_error as _make_error
from ..frontend.trace import PrimFunc, macro, prim_func
from .alloc import (alloc_buffer, alloc_fragment, alloc_global, alloc_local, alloc_shared, alloc_var, const,
                    dynamic, empty, symbolic)
from .atomic import (atomic_add, atomic_addx2, atomic_addx4, atomic_load, atomic_max, atomic_min, atomic_or,
                     atomic_store)
from .annotations import Fragment, Layout, annotate_layout, make_swizzled_layout, use_swizzle
from .buffer import Buffer, Tensor
from .cuda_only import CUDA_ONLY as _CUDA_ONLY, TVM_INTERNAL as _TVM_INTERNAL
from .compat import (Any, AnyDType, FragmentBuffer, LocalBuffer, Ref, SharedBuffer, StridedTensor,
                     annotate_compile_flags, annotate_pass_configs, annotate_restrict_buffers, annotate_safe_value,
                     get_tvm_dtype, inline, is_f8f6f4_family, is_float4, is_float4_e2m1_unpacked, is_float4_e2m1fn,
                     parallel, reshape, thread_binding, validate_gemm_ab_dtypes, view)
from .composed import (all_of, any_of, cummax, reduce, reduce_bitand, reduce_bitor, reduce_bitxor, reducer_init,
                       reducer_update, transpose)
from .math_extra import (IntImm, __cos, __exp, __exp10, __ffs, __log, __log10, __log2, __sin, __tan, align_up, assume,
                         clz, fast_rcp, ieee_add, ieee_fdiv, ieee_fmaf, ieee_frcp, ieee_frsqrt, ieee_fsqrt, ieee_mul,
                         ieee_sub, index_to_coordinates, ldexp, popcount)
from .rng import rng_init, rng_rand, rng_rand_float
from .control import device_assert, loop_break
from .expr import PrimExpr, Var
from .kernel import KernelFrame as Kernel
from .loops import Parallel, Pipelined, Serial, grid, serial, unroll
from .math import (Select, abs, cast, cdiv, ceil, ceildiv, clamp, cos, erf, exp, exp2, expm1, floor, floordiv,
                   floormod, if_then_else, infinity, log, log1p, log2, log10, max, max_value, min, min_value, pow,
                   bitwise_and, bitwise_not, bitwise_or, bitwise_xor, reinterpret, round, rsqrt, shift_left,
                   shift_right, sigmoid, sin, sqrt, tanh, trunc, truncdiv, tan, asin, acos, atan, sinh, cosh, asinh,
                   acosh, atanh, exp10, nearbyint, atan2, fmod, hypot, copysign, nextafter, isnan, isinf, isfinite,
                   likely, truncmod)
from .threads import (Vectorized, alloc_reducer, attr, comm_reducer, evaluate, finalize_reducer, get_block_binding,
                      get_block_bindings, get_block_extent, get_block_extents, get_thread_binding,
                      get_thread_bindings, get_thread_extent, get_thread_extents, sync_threads,
                      tvm_thread_allreduce, uint64, vectorized)
from .votes import (all_sync, any_sync, match_all_sync, match_any_sync, syncthreads_and, syncthreads_count,
                    syncthreads_or)
from .warp import (shfl_down, shfl_sync, shfl_up, shfl_xor, sync_warp, warp_reduce_bitand, warp_reduce_bitor,
                   warp_reduce_max, warp_reduce_min, warp_reduce_sum)
from .ops import (async_copy, c2d_im2col, clear, copy, cumsum, fill, gemm, im2col, print, reduce_abssum, reduce_absmax,
                  reduce_max, reduce_min, reduce_sum)

Buffer_ = Buffer
Unroll = unroll
Buffer = Tensor  # T.Buffer(shape, dtype) is the deprecated spelling of T.Tensor

bool = _dt.DataType("bool")
int8 = _dt.DataType("int8")
uint8 = _dt.DataType("uint8")
int16 = _dt.DataType("int16")
uint16 = _dt.DataType("uint16")
int32 = _dt.DataType("int32")
uint32 = _dt.DataType("uint32")
int64 = _dt.DataType("int64")
float16 = _dt.DataType("float16")
bfloat16 = _dt.DataType("bfloat16")
float32 = _dt.DataType("float32")
float64 = _dt.DataType("float64")
float8_e4m3 = _dt.DataType("float8_e4m3")
float8_e4m3fn = float8_e4m3
float8_e5m2 = _dt.DataType("float8_e5m2")
# upstream's C-style aliases, and T.dtype (annotations like `dtype: T.dtype = T.float16`; T.dtype("fp16"))
int, uint, long, half, float, double, short = int32, uint32, int64, float16, float32, float64, int16
dtype = _dt.DataType


def Cast(dtype, value):
    """Upstream's T.Cast(dtype, value): value converted to dtype (T.cast with the arguments swapped)."""
    return cast(value, dtype)


class GemmWarpPolicy:
    """Accepted for compatibility; warp partitioning has no meaning on the targets here."""
    Square, FullRow, FullCol = 0, 1, 2


__all__ = [
    "prim_func", "macro", "PrimFunc", "Tensor", "Buffer", "Kernel", "alloc_shared", "alloc_fragment", "alloc_local",
    "alloc_var", "empty", "const", "dynamic", "symbolic", "copy", "gemm", "clear", "fill", "reduce_max",
    "reduce_min", "reduce_sum", "reduce_abssum", "reduce_absmax", "cumsum", "im2col", "c2d_im2col", "Parallel",
    "Pipelined", "serial", "Serial", "grid", "unroll", "ceildiv", "cdiv", "floordiv", "floormod", "truncdiv", "max",
    "min", "clamp", "cast", "if_then_else", "Select", "infinity", "max_value", "min_value", "exp", "exp2", "log", "log2",
    "log10", "sqrt", "rsqrt", "abs", "tanh", "sigmoid", "pow", "floor", "ceil", "round", "sin", "cos", "erf",
    "log1p", "expm1", "trunc", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "exp10",
    "nearbyint", "atan2", "fmod", "hypot", "copysign", "nextafter", "isnan", "isinf", "isfinite", "likely",
    "truncmod", "use_swizzle", "annotate_layout", "make_swizzled_layout", "GemmWarpPolicy",
    "PrimExpr", "Var", "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "float16", "bfloat16", "float32",
    "float64", "float8_e4m3", "float8_e4m3fn", "float8_e5m2", "int", "uint", "long", "short", "half", "float", "double",
    "dtype", "Cast", "atomic_add", "atomic_max", "atomic_min", "atomic_addx2", "atomic_addx4", "atomic_load",
    "atomic_store", "alloc_global", "Layout", "Fragment", "get_thread_binding", "get_thread_bindings",
    "sync_threads", "vectorized", "tvm_thread_allreduce", "comm_reducer", "attr", "evaluate", "reinterpret",
    "uint64", "alloc_reducer", "finalize_reducer", "Vectorized", "Unroll", "get_thread_extent", "get_thread_extents",
    "get_block_binding", "get_block_bindings", "get_block_extent", "get_block_extents", "bitwise_and", "bitwise_or",
    "bitwise_xor", "bitwise_not", "shift_left", "shift_right", "print", "shfl_sync", "shfl_xor", "shfl_down",
    "shfl_up", "sync_warp", "alloc_buffer", "any_sync", "all_sync", "match_any_sync", "match_all_sync",
    "syncthreads_count", "syncthreads_and", "syncthreads_or", "warp_reduce_sum", "warp_reduce_max", "warp_reduce_min", "warp_reduce_bitand",
    "warp_reduce_bitor",
    "Any", "AnyDType", "FragmentBuffer", "LocalBuffer", "Ref", "SharedBuffer", "StridedTensor", "annotate_compile_flags",
    "annotate_pass_configs", "annotate_restrict_buffers", "annotate_safe_value", "get_tvm_dtype", "inline",
    "is_f8f6f4_family", "is_float4", "is_float4_e2m1_unpacked", "is_float4_e2m1fn", "parallel", "reshape",
    "validate_gemm_ab_dtypes", "view", "all_of", "any_of", "cummax", "reduce", "reduce_bitand", "reduce_bitor",
    "reduce_bitxor", "reducer_init", "reducer_update", "transpose", "IntImm", "__cos", "__exp", "__exp10", "__ffs",
    "__log", "__log10", "__log2", "__sin", "__tan", "align_up", "assume", "clz", "fast_rcp", "ieee_add", "ieee_fdiv",
    "ieee_fmaf", "ieee_frcp", "ieee_frsqrt", "ieee_fsqrt", "ieee_mul", "ieee_sub", "index_to_coordinates", "ldexp",
    "popcount", "thread_binding", "async_copy", "atomic_or", "device_assert", "loop_break", "rng_init", "rng_rand", "rng_rand_float", "allocate",
]

allocate = alloc_buffer  # TVM's name for T.alloc_buffer


# Upstream dtypes the language does not have (uint64, float8 variants, float4/6, tfloat32, vector types).
_UPSTREAM_DTYPE = _re.compile(r"(short|u?int(4|8|16|32|64)|float(16|32|64)|bfloat16|tfloat32|float8_e[0-9a-z]+|"
                              r"float6_e[0-9a-z]+|float4_e[0-9a-z_]+)(x(2|4|8|16|32|64))?")


def __getattr__(name):
    if name.startswith("__") and name.endswith("__"):  # Python's protocol names (upstream's __cos is a T name)
        raise AttributeError(name)
    if _UPSTREAM_DTYPE.fullmatch(name):
        raise _make_error("T", f"dtype 'T.{name}' is not supported by TileLang-TT; its dtypes are "
                               f"{', '.join(_dt.ALL)} (docs/language.md)", cls=_Unknown)
    if name in _CUDA_ONLY:
        raise _make_error("T", f"'T.{name}' is CUDA-specific: {_CUDA_ONLY[name]}", cls=_Unknown)
    if name in _TVM_INTERNAL:
        raise _make_error("T", f"'T.{name}' is TVM-internal: {_TVM_INTERNAL[name]}", cls=_Unknown)
    raise _make_error("T", f"unknown name 'T.{name}': it is not part of the TileLang-TT language "
                           "(see docs/language.md)", cls=_Unknown)
