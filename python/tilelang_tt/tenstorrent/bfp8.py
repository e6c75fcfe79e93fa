"""bfp8_b storage of global tensors (annotate_tt_layout(f, {"B": {"format": "bfp8_b"}})) on the host side.

The "tenstorrent" target stores such a tensor as Bfp8_b tiles; the host program converts (tl_host_support.cpp).
The "interpret" target has no block-float format: it quantizes at the same boundary instead — each bfp8_b input
is replaced by its bfp8_b-quantized values before the run and each bfp8_b output is quantized after it — so both
targets compute on the same values. quantize() is that conversion, on row-major arrays (32×32 tiles, face rows of
16 values sharing the largest exponent, sign + 7-bit magnitude, round to nearest even, saturate; zeros and
denormals → 0).
"""
from __future__ import annotations

import numpy as np

FORMAT_ATTR = "tt.format."  # + parameter name → "Bfp8_b"


def bfp8_params(attrs: dict, params) -> set:
    """Indices of the parameters stored as bfp8_b."""
    return {i for i, p in enumerate(params) if attrs.get(FORMAT_ATTR + p.name) == "Bfp8_b"}


def quantize(a: np.ndarray) -> np.ndarray:
    """a (float32/bfloat16; face rows along its last dimension) rounded to bfp8_b, in a's dtype."""
    x = np.asarray(a, dtype=np.float32)
    shape = x.shape
    x2 = x.reshape(-1, shape[-1])
    rows, cols = x2.shape
    pc = -(-cols // 16) * 16  # face rows are 16 columns wide, aligned with 32-wide tiles
    padded = np.zeros((rows, pc), dtype=np.float32)
    padded[:, :cols] = x2
    bits = padded.view(np.uint32).reshape(rows, pc // 16, 16).astype(np.int64)
    exp = (bits >> 23) & 0xFF
    shared = exp.max(axis=2, keepdims=True)
    mant = (bits & 0x7FFFFF) | 0x800000
    shift = 17 + shared - exp
    ok = (exp != 0) & (shift < 40)
    s = np.where(ok, shift, 1)
    q = mant >> s
    rem = mant & ((np.int64(1) << s) - 1)
    half = np.int64(1) << (s - 1)
    q = q + ((rem > half) | ((rem == half) & (q & 1 == 1)))
    q = np.where(ok, np.minimum(q, 127), 0)
    val = np.ldexp(q.astype(np.float64), (shared - 133).astype(np.int32))
    val = np.where((bits >> 31) & 1 == 1, -val, val)
    out = val.reshape(rows, pc)[:, :cols].reshape(shape)
    return out.astype(np.float32).astype(np.asarray(a).dtype)
