"""Upstream's flash attention backward, BSHD (example_mha_bwd_bshd.py, copied unchanged but for the imports) on
"tenstorrent": the example's _attention.forward and backward step by step — flashattn_fwd (O and lse), the
preprocess (Delta), the backward kernel (dK, dV, and dQ by T.atomic_add into a float32 4-D tensor) and the
postprocess (dQ to float16: a T.copy between two global tensors) — against the numpy reference of
test_upstream_more.py with upstream's tolerance (torch.allclose(rtol=1e-2, atol=1e-2) for O, dV, dK and dQ).

lse and Delta ([batch, heads, seq]) are stored by blocks of block_M (32) rows of one head each: `lse[bz, by,
bx * block_M:(bx + 1) * block_M]`. In the ordinary layout a tile would hold 32 heads' rows, written by 32 blocks at
once; as tensors every kernel stores as lines they get a vector layout (infer_tt_vector_layouts.h), each head's
row in tiles of its own (their column 0: logsum holds one value per row of the score block). The backward kernel,
another program, reads them as row vectors (`lse_shared[j]`) in the ordinary layout, which the host program of
each kernel tilizes from the same host array.
"""
import numpy as np
import pytest

from test_upstream_more import F16, _attention_fwd_bwd_ref, close, f64, randn
from upstream_check import load


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


def _lse_ref(q, k, causal):
    """flashattn_fwd's lse: log2 of each row's softmax normalizer of the scores scaled by log2(e) / sqrt(dim)."""
    q, k = (f64(x).transpose(0, 2, 1, 3) for x in (q, k))
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    if causal:
        s = np.where(np.tril(np.ones(s.shape[-2:], bool)), s, -np.inf)
    m = s.max(-1)
    return (np.log(np.exp(s - m[..., None]).sum(-1)) + m) / np.log(2)


@pytest.mark.parametrize("B,H,N,D,causal", [(1, 2, 128, 64, False), (2, 1, 128, 32, True), (1, 2, 256, 128, True)])
def test_mha_bwd_bshd(rng, B, H, N, D, causal):
    """D = 128 takes block_N = 32 in the backward kernel (the example's `64 if D <= 64 else 32`)."""
    mod = load("example_mha_bwd_bshd")
    q, k, v, do = (randn(rng, B, N, H, D, dtype=F16) for _ in range(4))
    o, lse = mod.flashattn_fwd(B, H, N, D, causal, 64, 64)(q, k, v)
    delta = mod.flashattn_bwd_preprocess(B, H, N, D)(o, do)
    dq = np.zeros((B, N, H, D), np.float32)
    dk = np.empty((B, N, H, D), F16)
    dv = np.empty((B, N, H, D), F16)
    mod.flashattn_bwd(B, H, N, D, causal, 64, 64 if D <= 64 else 32)(q, k, v, do, lse, delta, dq, dk, dv)
    dq16 = mod.flashattn_bwd_postprocess(B, H, N, D)(dq)
    o_ref, dq_ref, dk_ref, dv_ref = _attention_fwd_bwd_ref(q, k, v, do, causal)
    close(o, o_ref)
    close(dv, dv_ref)
    close(dk, dk_ref)
    close(dq16, dq_ref)
    assert dq16.dtype == F16
    np.testing.assert_array_equal(dq16, dq.astype(F16))  # the postprocess rounds to nearest, as numpy does
    # The vectors the forward and the preprocess store per head (upstream checks only what they feed).
    close(lse, _lse_ref(q, k, causal))
    close(delta, (f64(o) * f64(do)).sum(-1).transpose(0, 2, 1))
