"""tilelang_tt.tvm.tirx: const, PrimExpr, Var, Cast, reinterpret (see tilelang_tt/tvm/__init__.py)."""
from ..language.expr import PrimExpr, Var, const
from ..language import Cast, reinterpret

__all__ = ["const", "PrimExpr", "Var", "Cast", "reinterpret"]
