"""Data types: the `T.float16`-style objects, name normalization, and numpy equivalents.

Contract: normalize(x) accepts a dtype name ("float16", "bf16", ...), a DataType object, a numpy dtype or
a torch dtype and returns the canonical name used by the IR ("float16", "bfloat16", "float8_e4m3", ...);
an unknown dtype is a TileLangError. to_core(name) gives the _core.DType; to_numpy(name) the numpy dtype
(ml_dtypes for bfloat16 and float8).
"""
from __future__ import annotations

import ml_dtypes
import numpy as np

from . import _core
from .errors import fail


class DataType(str):
    """A dtype usable wherever a dtype string is, and callable to make a constant: T.float32(0). T.dtype(x) (and
    tilelang_tt.tvm.DataType(x)) makes one from any spelling normalize() accepts; .bits and .lanes (always 1) as
    upstream's DataType has them."""

    def __new__(cls, name="float32"):
        return super().__new__(cls, str(name) if isinstance(name, DataType) else normalize(name))

    @property
    def bits(self) -> int:
        return _core.dtype_bits(to_core(str(self)))

    @property
    def bytes(self) -> int:
        return self.bits // 8

    @property
    def lanes(self) -> int:
        return 1

    def __call__(self, value=0):
        from .language.expr import const
        return const(value, str(self))

    def __repr__(self):
        return f"T.{str(self)}"


_NUMPY = {
    "bool": np.dtype(np.bool_), "int8": np.dtype(np.int8), "uint8": np.dtype(np.uint8),
    "int16": np.dtype(np.int16), "uint16": np.dtype(np.uint16),
    "int32": np.dtype(np.int32), "uint32": np.dtype(np.uint32), "int64": np.dtype(np.int64),
    "float16": np.dtype(np.float16), "float32": np.dtype(np.float32), "float64": np.dtype(np.float64),
    "bfloat16": np.dtype(ml_dtypes.bfloat16), "float8_e4m3": np.dtype(ml_dtypes.float8_e4m3fn),
    "float8_e5m2": np.dtype(ml_dtypes.float8_e5m2),
}
_FROM_NUMPY = {v: k for k, v in _NUMPY.items()}


def normalize(dtype, op: str = "dtype") -> str:
    if isinstance(dtype, str):
        name = dtype
    elif isinstance(dtype, np.dtype) or (isinstance(dtype, type) and issubclass(dtype, np.generic)):
        nd = np.dtype(dtype)
        if nd in _FROM_NUMPY:
            return _FROM_NUMPY[nd]
        name = str(nd)
    elif type(dtype).__module__ == "torch" and type(dtype).__name__ == "dtype":
        name = str(dtype).replace("torch.", "")
        name = {"float8_e4m3fn": "float8_e4m3", "half": "float16", "float": "float32"}.get(name, name)
    else:
        fail(op, f"expected a dtype (a name like 'float16' or T.float16), got {type(dtype).__name__}")
    core = _core.dtype_from_name(str(name).replace("torch.", ""))
    if core is None:
        fail(op, f"unknown dtype '{name}'")
    return _core.dtype_name(core)


def label(dtype) -> str:
    """The language's name of a numpy or torch dtype, or that library's own spelling of one the language lacks
    (for messages; never an error). is_known(label(d)) says which."""
    if isinstance(dtype, np.dtype) and dtype in _FROM_NUMPY:
        return _FROM_NUMPY[dtype]
    name = str(dtype).replace("torch.", "")
    core = _core.dtype_from_name(name)
    return _core.dtype_name(core) if core is not None else name


def is_known(name: str) -> bool:
    return _core.dtype_from_name(name) is not None


def to_core(name: str):
    return _core.dtype_from_name(name)


def to_numpy(name: str) -> np.dtype:
    return _NUMPY[name]


def is_float(name: str) -> bool:
    return _core.dtype_is_float(_core.dtype_from_name(name))


def is_int(name: str) -> bool:
    return not is_float(name) and name != "bool"


ALL = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "float8_e4m3", "float8_e5m2", "bfloat16",
       "float16", "float32", "float64"]
