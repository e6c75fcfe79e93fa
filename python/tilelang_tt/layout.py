"""`tilelang.layout` helpers used with T.annotate_layout (hints only; recorded, never change results)."""
from .language.annotations import make_swizzled_layout  # noqa: F401

__all__ = ["make_swizzled_layout"]
