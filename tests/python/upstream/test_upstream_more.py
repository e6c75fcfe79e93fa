"""More of upstream TileLang's examples (copied unchanged but for the imports, see sync_examples.py) on "interpret",
each at two shapes, against numpy references written from the examples' torch references, with the tolerance the
example checks with: flash-attention backward (BSHD), attention sink, the w4a8 dequantize GEMM.

Inputs are drawn like the examples' torch.randn calls (standard normal) with a fixed seed."""
import numpy as np
import pytest

from upstream_check import load

F16 = np.float16


def randn(rng, *shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


def f64(x):
    return np.asarray(x).astype(np.float64)


def close(actual, expected, rtol=1e-2, atol=1e-2):
    a, e = f64(actual), f64(expected)
    assert a.shape == e.shape, (a.shape, e.shape)
    np.testing.assert_allclose(a, e, rtol=rtol, atol=atol)


# ------------------------------------------------------------------ flash attention backward, BSHD


def _attention_fwd_bwd_ref(q, k, v, do, causal):
    """ref_program (softmax(Q K^T / sqrt(d)) V, BSHD) and its gradients, as torch's autograd computes them."""
    q, k, v, do = (f64(x).transpose(0, 2, 1, 3) for x in (q, k, v, do))  # -> B, H, S, D
    d = q.shape[-1]
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    if causal:
        n = s.shape[-1]
        s = np.where(np.tril(np.ones((n, n), bool)), s, -np.inf)
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    o = p @ v
    dv = p.transpose(0, 1, 3, 2) @ do
    dp = do @ v.transpose(0, 1, 3, 2)
    ds = p * (dp - (do * o).sum(-1, keepdims=True))
    dq = ds @ k / np.sqrt(d)
    dk = ds.transpose(0, 1, 3, 2) @ q / np.sqrt(d)
    back = lambda x: x.transpose(0, 2, 1, 3)  # noqa: E731
    return back(o), back(dq), back(dk), back(dv)


@pytest.mark.parametrize("B,H,N,D,causal", [(1, 2, 128, 64, False), (2, 1, 128, 32, True)])
def test_mha_bwd_bshd(rng, B, H, N, D, causal):
    """The example's _attention.forward / backward, step by step: flashattn_fwd, the preprocess (Delta), the
    backward kernel (dQ by T.atomic_add into float32), the postprocess (dQ to float16)."""
    mod = load("example_mha_bwd_bshd")
    q, k, v, do = (randn(rng, B, N, H, D, dtype=F16) for _ in range(4))
    block_M, block_N = 64, 64
    o, lse = mod.flashattn_fwd(B, H, N, D, causal, block_M, block_N)(q, k, v)
    delta = mod.flashattn_bwd_preprocess(B, H, N, D)(o, do)
    dq = np.zeros((B, N, H, D), np.float32)
    dk = np.empty((B, N, H, D), F16)
    dv = np.empty((B, N, H, D), F16)
    mod.flashattn_bwd(B, H, N, D, causal, block_M, 64 if D <= 64 else 32)(q, k, v, do, lse, delta, dq, dk, dv)
    dq = mod.flashattn_bwd_postprocess(B, H, N, D)(dq)
    o_ref, dq_ref, dk_ref, dv_ref = _attention_fwd_bwd_ref(q, k, v, do, causal)
    close(o, o_ref)  # main(): torch.allclose(..., rtol=1e-2, atol=1e-2) for O, dV, dK, dQ
    close(dv, dv_ref)
    close(dk, dk_ref)
    close(dq, dq_ref)


# ------------------------------------------------------------------ attention sink (BHSD)


def _sink_ref(q, k, v, sinks, window):
    """ref_program of example_mha_sink_fwd_bhsd: causal attention aligned to the end of the keys, optional
    sliding window, and one learned sink logit per head that joins each row's softmax normalizer."""
    q, k, v = f64(q), f64(k), f64(v)
    sq, skv, d = q.shape[2], k.shape[2], q.shape[3]
    start_q = skv - sq
    pos_k = np.arange(skv)[None, :]
    pos_q = np.arange(sq)[:, None] + start_q
    masked = pos_k > pos_q
    if window:
        masked |= pos_k < pos_q - window + 1
    logits = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    logits = np.where(masked, -np.inf, logits)
    s = f64(sinks)[None, :, None, None]
    m = np.maximum(logits.max(-1, keepdims=True), s)
    p = np.exp(logits - m)
    out = p @ v / (p.sum(-1, keepdims=True) + np.exp(s - m))
    return out.astype(F16)


@pytest.mark.parametrize("B,H,SQ,SKV,D,window", [(1, 2, 64, 64, 32, None), (2, 1, 64, 128, 32, 32)])
def test_attention_sink(rng, B, H, SQ, SKV, D, window):
    mod = load("example_mha_sink_fwd_bhsd")
    kernel = mod.flashattn(B, H, SQ, SKV, D, window, block_M=32, block_N=32, num_stages=1, threads=128)
    q, k, v = randn(rng, B, H, SQ, D, dtype=F16), randn(rng, B, H, SKV, D, dtype=F16), randn(rng, B, H, SKV, D,
                                                                                           dtype=F16)
    sinks = randn(rng, H, dtype=F16)
    close(kernel(q, k, v, sinks), _sink_ref(q, k, v, sinks, window))  # main(): assert_close rtol=atol=1e-2


# ------------------------------------------------------------------ w4a8 dequantize GEMM


def _int4_unpack(qb):
    """torch_convert: each uint8 holds two signed int4 (low nibble first), sign-extended."""
    lo, hi = qb & 0x0F, qb >> 4
    i4 = np.stack((lo, hi), -1).reshape(qb.shape[0], -1).astype(np.int8)
    return ((i4 << 4).astype(np.int8) >> 4).astype(np.int8)


@pytest.mark.parametrize("N,K", [(64, 256), (96, 128)])
def test_dequant_convert(rng, N, K):
    """_convert_test: the kernel's bit operations (shift, mask, int8 reinterpret, arithmetic shift) alone."""
    mod = load("example_dequant_gemm_w4a8")
    qb = rng.integers(0, 256, (N, K // 2), dtype=np.uint8)
    out = mod._convert_test(N, K, 32, 128, mod.T.int8)(qb)
    np.testing.assert_array_equal(out, _int4_unpack(qb))


@pytest.mark.parametrize("M,N,K", [(64, 64, 256), (32, 96, 128)])
def test_dequant_gemm_w4a8(rng, M, N, K):
    mod = load("example_dequant_gemm_w4a8")
    kernel = mod.matmul_int8xint4(M, N, K, mod.T.int8, mod.T.int32, mod.T.int32, num_bits=4, block_M=32, block_N=32,
                                  block_K=128, num_stages=1, threads=128)
    a = rng.integers(-128, 128, (M, K), dtype=np.int8)
    qb = rng.integers(0, 256, (N, K // 2), dtype=np.uint8)
    # ref_program: A @ unpack(qB).T in float, to int32, transposed (Ct is N x M); integers: exact
    expected = (a.astype(np.int64) @ _int4_unpack(qb).astype(np.int64).T).T
    np.testing.assert_array_equal(kernel(a, qb), expected.astype(np.int32))
