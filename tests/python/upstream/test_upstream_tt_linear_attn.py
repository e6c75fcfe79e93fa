"""Upstream's linear attention and retention forward kernels (copied unchanged but for the imports) on "tenstorrent",
at two shapes each, against the numpy references of test_upstream_examples.py.

Both index their 4-D [B, S, H, D] tensors directly in element-wise code (`q[row, col] = Q[i_b, i * chunk_size + row,
i_h, i_k * BK + col] * scale`): the nest reads (seq, dim) blocks of one head, the tiling the tensor's copies choose
(tt_tensor_layout.h). Linear attention also accumulates into its 4-D argument O with a region `T.atomic_add`: at
D = 64 (one key block) every grid index owns O (i_bh through both i_bh // H and i_bh % H), at D = 128 the two key
blocks i_k collide and O gets a workspace of partials and a combine kernel (lower_tt_atomics.h); O is written back
to the caller's array beside the out_idx output, as on a GPU.

Tolerances: linear attention's main() checks o and h at atol = rtol = 1e-2, met here. Retention's main() checks
nothing; its float16 operands lose their 10th mantissa bit in the matrix engine (docs/tenstorrent.md, "Math": up to
2^-10 relative per product), and its output is two chained products (q·kᵀ, then ·v; q·h), so the bound is upstream's
1e-2 plus 2·2^-10 of A = (|q|·|k|ᵀ·D^-0.5·decay)·|v|, the sum of the magnitudes of the terms (measured: 2^-11.4·A).
"""
import numpy as np
import pytest

from test_upstream_examples import F16, _chunks, close, f64, randn
from upstream_check import load


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("B,S,H,D", [(1, 128, 2, 64), (2, 192, 1, 128)])
def test_linear_attention_fwd(rng, B, S, H, D):
    mod = load("example_linear_attn_fwd")
    q, k, v = (randn(rng, B, S, H, D) for _ in range(3))
    q, k = (x / np.linalg.norm(x, axis=-1, keepdims=True) for x in (q, k))  # main()'s l2norm_fwd
    q, k, v = (x.astype(F16) for x in (q, k, v))
    o = np.zeros((B, S, H, D), np.float32)
    kernel = mod.tl_fused_chunk_fwd_kernel(B, S, H, D, D)
    h = kernel(q, k, v, o)
    qc, kc, vc = _chunks(q) * D ** -0.5, _chunks(k), _chunks(v)
    kv = np.cumsum(kc.transpose(0, 1, 2, 4, 3) @ vc, axis=2)
    prev = np.concatenate([np.zeros_like(kv[:, :, :1]), kv[:, :, :-1]], axis=2)
    intra = np.where(np.triu(np.ones((64, 64), bool), 1), 0, qc @ kc.transpose(0, 1, 2, 4, 3)) @ vc
    close(o, (qc @ prev + intra).transpose(0, 2, 3, 1, 4).reshape(B, S, H, D))
    close(h, kv[:, :, -1])
    atomic = dict(kernel.backend.ir_after)["lower_tt_atomics"]
    assert ("partials: the grid indices (i_k) collide" in atomic) == (D == 128), atomic
    assert ("owner: each element has one writer block" in atomic) == (D == 64), atomic


@pytest.mark.parametrize("B,S,H,D", [(1, 128, 2, 64), (1, 192, 3, 128)])
def test_retention_fwd(rng, B, S, H, D):
    mod = load("example_retention_fwd")
    q, k, v = (randn(rng, B, S, H, D, dtype=F16) for _ in range(3))
    o = f64(mod.chunk_retention_fwd_kernel(B, S, H, D, D)(q, k, v)).sum(0)  # postprocess: sum over key blocks
    t = np.arange(S)
    ref, mag = np.zeros((B, S, H, D)), np.zeros((B, S, H, D))
    for hh in range(H):
        gamma = 1 - 2.0 ** (-5 - hh)
        decay = np.where(t[:, None] >= t[None, :], gamma ** (t[:, None] - t[None, :]).clip(0), 0)
        qh, kh, vh = f64(q[:, :, hh]), f64(k[:, :, hh]), f64(v[:, :, hh])
        ref[:, :, hh] = (qh @ kh.transpose(0, 2, 1) * D ** -0.5 * decay) @ vh
        mag[:, :, hh] = (np.abs(qh) @ np.abs(kh).transpose(0, 2, 1) * D ** -0.5 * decay) @ np.abs(vh)
    err, bound = np.abs(o - ref), 1e-2 + 1e-2 * np.abs(ref) + 2 * 2.0**-10 * mag
    assert (err <= bound).all(), f"{int((err > bound).sum())} of {err.size} elements off; worst {(err - bound).max():.3g}"
