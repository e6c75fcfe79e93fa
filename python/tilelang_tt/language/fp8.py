"""Upstream's FP8 dtype helper (tilelang.language.fp8). Tenstorrent and the interpreter have the OCP formats only:
e4m3 is T.float8_e4m3fn, e5m2 is T.float8_e5m2 (no ROCm FNUZ variants)."""
from __future__ import annotations

from ..errors import fail


def determine_fp8_type(fp8_format="e4m3"):
    if fp8_format not in ("e4m3", "e5m2"):
        fail("fp8", f"unsupported FP8 format {fp8_format!r}; expected 'e4m3' or 'e5m2'")
    from . import float8_e4m3fn, float8_e5m2
    return float8_e4m3fn if fp8_format == "e4m3" else float8_e5m2
