"""tilelang_tt.tvm: the few TVM names upstream TileLang examples import, as a small namespace of this package (not a
TVM dependency). `from tvm import DataType` / `from tvm import tirx` / `from tilelang import tvm` become
`from tilelang_tt.tvm import DataType` / `from tilelang_tt.tvm import tirx` / `from tilelang_tt import tvm`.

  DataType(name)          the language's dtype object (T.dtype): str-like, .bits, .lanes
  tirx.const(v, dtype)    an immediate of dtype (T.float32(v) style), usable in kernel expressions
  tirx.PrimExpr           the class of kernel expressions (for annotations and isinstance)
  tirx.Cast(dtype, v)     v converted to dtype
  tirx.reinterpret(t, v)  v's bits as dtype t (one width: uint16 <-> float16, ...); the bit operations the dequantize
                          examples use are PrimExpr's operators: & | ^ ~ << >>
  tir                     the older name of tirx
"""
from ..dtypes import DataType
from . import tirx

tir = tirx

__all__ = ["DataType", "tirx", "tir"]
