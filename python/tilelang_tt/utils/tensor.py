"""Input tensors for the profiler and the autotuner: TensorSupplyType and get_tensor_supply, as upstream names them.

Contract: get_tensor_supply(kind, rng) returns supply(param) → a numpy array of the parameter's dtype and (static)
shape, filled as upstream fills it for that kind:
  Auto     unsigned ints 0..2, float8 the integers -128..127 converted, bool 0/1, float16/bfloat16/float32
           uniform in [-1, 1), other dtypes (signed ints, float64) the integers -2..2;
  Integer  as Auto, but every float dtype other than float8 gets the integers -2..2 too;
  Uniform  uniform in [-1, 1) (int8: ones);  Normal  normal, mean -1, deviation 1 (int8: ones);
  Randn    standard normal;  Zero / One  zeros / ones.
The arrays are numpy arrays (this package does not depend on torch); `rng` is a numpy Generator (the profiler seeds
one with 0, so its inputs are the same on every run). A parameter whose shape has a T.dynamic dimension needs a
value for it (dynamic_symbolic_constraints); without one it is a TileLangError naming the parameter.
"""
from __future__ import annotations

from enum import Enum

import numpy as np

from .. import dtypes
from ..errors import fail


class TensorSupplyType(Enum):
    Integer = 1
    Uniform = 2
    Normal = 3
    Randn = 4
    Zero = 5
    One = 6
    Auto = 7


def concrete_shape(param, constraints=None):
    """The parameter's shape with each T.dynamic dimension replaced by its value in `constraints` (name → int)."""
    from ..language.expr import Var
    shape = []
    for d in param.shape:
        if isinstance(d, Var):
            if not constraints or d.name not in constraints:
                fail("profiler", f"parameter '{param.name}' has the dynamic dimension '{d.name}': give its size, "
                                 f"e.g. dynamic_symbolic_constraints={{'{d.name}': 1024}}")
            shape.append(int(constraints[d.name]))
        else:
            shape.append(int(d))
    return tuple(shape)


def _integers(rng, lo, hi, shape, np_dtype):
    return rng.integers(lo, hi, size=shape).astype(np_dtype)


def get_tensor_supply(supply_type: TensorSupplyType = TensorSupplyType.Integer, rng=None):
    if not isinstance(supply_type, TensorSupplyType):
        fail("profiler", f"expected a tilelang.TensorSupplyType, got {supply_type!r}")
    rng = rng if rng is not None else np.random.default_rng(0)

    def supply(param, constraints=None):
        if param.scalar:
            fail("profiler", f"parameter '{param.name}' is a scalar: pass the inputs (input_tensors=...) or a "
                             f"supply_prog that gives its value")
        shape = concrete_shape(param, constraints)
        name = param.dtype
        nd = dtypes.to_numpy(name)
        kind = supply_type
        if kind in (TensorSupplyType.Auto, TensorSupplyType.Integer):
            if name in ("uint8", "uint16", "uint32"):
                return _integers(rng, 0, 3, shape, nd)
            if name.startswith("float8"):
                return rng.integers(-128, 128, size=shape).astype(np.float32).astype(nd)
            if name == "bool":
                return _integers(rng, 0, 2, shape, nd)
            if kind is TensorSupplyType.Auto and name in ("float16", "bfloat16", "float32"):
                return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32).astype(nd)
            return _integers(rng, -2, 3, shape, nd)
        if name == "int8" and kind in (TensorSupplyType.Uniform, TensorSupplyType.Normal):
            return np.ones(shape, nd)
        if kind is TensorSupplyType.Uniform:
            return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32).astype(nd)
        if kind is TensorSupplyType.Normal:
            return rng.normal(-1.0, 1.0, size=shape).astype(np.float32).astype(nd)
        if kind is TensorSupplyType.Randn:
            return rng.standard_normal(size=shape).astype(np.float32).astype(nd)
        if kind is TensorSupplyType.Zero:
            return np.zeros(shape, nd)
        return np.ones(shape, nd)

    return supply


def torch_assert_close(tensor_a, tensor_b, rtol=1e-2, atol=1e-3, max_mismatched_ratio=0.001, verbose=False,
                       equal_nan=True, check_device=True, check_dtype=True, check_layout=True, check_stride=False,
                       base_name="LHS", ref_name="RHS"):
    """Upstream's closeness check with a budget of mismatches, on anything numpy can read (arrays, objects with
    __dlpack__ or __array__): passes when at most max_mismatched_ratio of the elements fail
    |a - b| <= atol + rtol·|b|; otherwise an AssertionError with the count and the worst element. The device, dtype,
    layout and stride switches are accepted (there is one device here and the comparison is in float64)."""
    def as_array(x):
        if hasattr(x, "__dlpack__") and not isinstance(x, np.ndarray):
            try:
                x = np.from_dlpack(x)
            except (TypeError, RuntimeError, BufferError):
                pass
        return np.asarray(x).astype(np.float64)
    a, b = as_array(tensor_a), as_array(tensor_b)
    if a.shape != b.shape:
        raise AssertionError(f"{base_name} has shape {a.shape}, {ref_name} has shape {b.shape}")
    close = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    bad = int(close.size - np.count_nonzero(close))
    allowed = max_mismatched_ratio * close.size
    if verbose:
        print(f"{bad} of {close.size} elements outside atol={atol}, rtol={rtol} (allowed: {allowed:g})")
    if bad > allowed:
        worst = np.unravel_index(int(np.nanargmax(np.where(close, -np.inf, np.abs(a - b)))), a.shape)
        raise AssertionError(f"{bad} of {close.size} elements of {base_name} and {ref_name} are not close "
                             f"(atol={atol}, rtol={rtol}; at most {allowed:g} may differ); worst at {worst}: "
                             f"{base_name}={a[worst]!r}, {ref_name}={b[worst]!r}")
