"""More of upstream TileLang's examples (copied unchanged but for the imports, see sync_examples.py) on "interpret",
each at two shapes, against numpy references written from the examples' torch references, with the tolerance the
example checks with: flash-attention backward (BSHD), attention sink, the w4a8 dequantize GEMM.

Inputs are drawn like the examples' torch.randn calls (standard normal) with a fixed seed."""
import ml_dtypes
import numpy as np
import pytest

from upstream_check import load

F16 = np.float16
BF16 = ml_dtypes.bfloat16


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


# ------------------------------------------------------------------ sparse MLA forward (DeepSeek V3.2)


def _similarity(x, y):
    """utils.calculate_tensor_similarity: 2<x, y> / (|x|^2 + |y|^2), in float64."""
    x, y = f64(x), f64(y)
    return 2 * (x * y).sum() / (x * x + y * y).sum()


def _sparse_mla_ref(q, kv, indices, dim):
    """ref_sparse_mla_fwd_interface (kv_group 1): each query t attends to the keys its indices name that are
    <= t (index SKV: none), scores over all dim + tail dims scaled by (dim + tail)^-0.5, values the first dim."""
    q, kv = f64(q), f64(kv)
    b, s, h, dqk = q.shape
    skv = kv.shape[1]
    out = np.zeros((b, s, h, dim))
    for bi in range(b):
        for t in range(s):
            keys = np.unique(indices[bi, t, 0])
            keys = keys[(keys < skv) & (keys <= t)]
            score = q[bi, t] @ kv[bi, keys, 0].T * dqk ** -0.5  # (h, n)
            p = np.exp(score - score.max(-1, keepdims=True))
            p /= p.sum(-1, keepdims=True)
            out[bi, t] = p @ kv[bi, keys, 0, :dim]
    return out


@pytest.mark.parametrize("B,S,SKV,H,D,D_tail,topk,block_I", [(1, 32, 64, 16, 64, 32, 64, 32),
                                                              (2, 16, 32, 8, 32, 32, 32, 16)])
def test_sparse_mla_fwd(rng, B, S, SKV, H, D, D_tail, topk, block_I):
    """sparse_mla_fwd at small sizes (the second with 8 heads: padded to 16 in the kernel), indices drawn as
    test_sparse_mla_fwd draws them (a random permutation of the t earlier positions, the rest SKV)."""
    mod = load("sparse_mla_fwd")
    q = randn(rng, B, S, H, D + D_tail, dtype=BF16)
    kv = randn(rng, B, SKV, 1, D + D_tail, dtype=BF16)
    indices = np.full((B, S, 1, topk), SKV, np.int32)
    for b in range(B):
        for t in range(S):
            perm = rng.permutation(max(1, t))[:topk]
            indices[b, t, 0, :len(perm)] = perm
    out, lse = mod.sparse_mla_fwd(q, kv, indices, H, D, D_tail, topk, block_I=block_I, num_stages=2, threads=128)
    ref = _sparse_mla_ref(q, kv, indices, D)
    assert 1 - _similarity(out, ref) <= 1e-2  # the example's check: assert_tensors_similar(eps=1e-2)
    # element-wise too: bfloat16 output (2^-8 relative) and bfloat16 probabilities in the P·V gemm
    close(out, ref, rtol=2e-2, atol=2e-2)


# ------------------------------------------------------------------ fused MoE (shared and routed experts)


def _expert_weights(rng, d_hidden, d_expert, n=None):
    """generate_input's expert weights (gate, up: d_hidden x d_expert / sqrt(d_expert); down: d_expert x d_hidden
    / sqrt(d_hidden)), float16; n stacked experts when n is given."""
    lead = () if n is None else (n,)
    gate = (rng.standard_normal(lead + (d_hidden, d_expert)) / np.sqrt(d_expert)).astype(F16)
    up = (rng.standard_normal(lead + (d_hidden, d_expert)) / np.sqrt(d_expert)).astype(F16)
    down = (rng.standard_normal(lead + (d_expert, d_hidden)) / np.sqrt(d_hidden)).astype(F16)
    return gate, up, down


def _expert_ref(x, gate, up, down):
    """Expert.forward: (silu(x @ gate) * (x @ up)) @ down; the intermediate is a float16 tensor (up_logits)."""
    g = f64(x) @ f64(gate)
    h = (g / (1 + np.exp(-g)) * (f64(x) @ f64(up))).astype(F16)
    return f64(h) @ f64(down)


def _t(w):
    """Expert's W_*_weight: the weight transposed, contiguous (per expert when stacked)."""
    return np.ascontiguousarray(np.swapaxes(w, -1, -2))


BLOCKS = dict(block_token=32, block_dhidden=32, block_dexpert=32, threads=128, num_stages=1)


@pytest.mark.parametrize("tokens,d_hidden,d_expert", [(64, 128, 64), (48, 64, 96)])
def test_fusedmoe_shared(rng, tokens, d_hidden, d_expert):
    check_fusedmoe_shared(rng, tokens, d_hidden, d_expert)


def check_fusedmoe_shared(rng, tokens, d_hidden, d_expert, blocks=BLOCKS):
    """The shared-expert kernel on the default target against Expert.forward, at main()'s tolerance; blocks: its
    block sizes, threads and stages (none: the kernel's defaults)."""
    mod = load("example_fusedmoe_tilelang")
    kernel = mod.moe_forward_tilelang_shared.compile(dhidden=d_hidden, dexpert=d_expert, num_tokens=tokens,
                                                     dtype=mod.T.float16, **blocks)
    x = randn(rng, tokens, d_hidden, dtype=F16)
    gate, up, down = _expert_weights(rng, d_hidden, d_expert)
    up_logits = np.empty((tokens, d_expert), F16)
    out = np.empty((tokens, d_hidden), F16)
    kernel(x, _t(gate), _t(up), _t(down), up_logits, out)
    close(out, _expert_ref(x, gate, up, down))  # main(): assert_close(atol=1e-2, rtol=1e-2)


def _route(flat_experts, n_experts, top_k, block_token):
    """MoE.forward's host-side grouping (numpy): the order that groups the (token, expert) pairs by expert, group
    sizes and offsets, offsets padded to block_token, and each block's group."""
    idxs = np.argsort(flat_experts, kind="stable")
    counts = np.bincount(flat_experts, minlength=n_experts)
    ends = counts.cumsum()
    padded = [0] * n_experts
    for i in range(1, n_experts):
        padded[i] = padded[i - 1] + -(-(counts[i - 1] + 1) // block_token) * block_token
    m = -(-len(flat_experts) // block_token) + n_experts
    group_for_bx = [0] * m
    for bx in range(m):
        for i in range(n_experts):
            if bx * block_token >= padded[i]:
                group_for_bx[bx] = i
    i32 = lambda v: np.asarray(v, np.int32)  # noqa: E731
    return idxs, i32(counts), i32(ends - counts), i32(padded), i32(group_for_bx)


@pytest.mark.parametrize("tokens,d_hidden,d_expert,n_experts,top_k", [(24, 64, 64, 4, 2), (20, 96, 64, 3, 2)])
def test_fusedmoe_routed_and_combined(rng, tokens, d_hidden, d_expert, n_experts, top_k):
    """The routed-experts kernel (a grouped GEMM over the tokens stacked by expert) with MoE.forward's host-side
    grouping, its per-row outputs against each row's expert, and the whole MoE output (scatter-added routed rows
    plus the shared expert, as MoE.forward combines them) against ref_kernel's per-token sum."""
    mod = load("example_fusedmoe_tilelang")
    x = randn(rng, tokens, d_hidden, dtype=F16)
    experts = np.stack([rng.permutation(n_experts)[:top_k] for _ in range(tokens)])  # top-k distinct experts
    scores = rng.uniform(0.05, 0.5, (tokens, top_k)).astype(F16)
    gate, up, down = _expert_weights(rng, d_hidden, d_expert, n_experts)
    s_gate, s_up, s_down = _expert_weights(rng, d_hidden, d_expert)

    group_sum = tokens * top_k
    idxs, sizes, offsets, padded, group_for_bx = _route(experts.reshape(-1), n_experts, top_k, 32)
    token_of = idxs // top_k
    stacked_x, stacked_w = x[token_of], scores.reshape(-1)[idxs]
    routed = mod.moe_forward_tilelang_routed.compile(dhidden=d_hidden, dexpert=d_expert, n_routed_experts=n_experts,
                                                     dtype=mod.T.float16, group_sum=group_sum,
                                                     group_count=n_experts, **BLOCKS)
    up_logits = np.zeros((group_sum, d_expert), F16)
    out_routed = np.zeros((group_sum, d_hidden), F16)
    routed(stacked_x, _t(gate), _t(up), _t(down), stacked_w, sizes, offsets, padded, group_for_bx, up_logits,
           out_routed)
    expert_of = experts.reshape(-1)[idxs]
    expected = np.stack([_expert_ref(stacked_x[r:r + 1], gate[e], up[e], down[e])[0] * f64(stacked_w[r])
                         for r, e in enumerate(expert_of)])
    close(out_routed, expected)

    shared = mod.moe_forward_tilelang_shared.compile(dhidden=d_hidden, dexpert=d_expert, num_tokens=tokens,
                                                     dtype=mod.T.float16, **BLOCKS)
    out_shared = np.empty((tokens, d_hidden), F16)
    shared(x, _t(s_gate), _t(s_up), _t(s_down), np.empty((tokens, d_expert), F16), out_shared)
    combined = f64(out_shared)
    np.add.at(combined, token_of, f64(out_routed))  # torch.scatter_reduce(..., reduce="sum")
    moe_ref = _expert_ref(x, s_gate, s_up, s_down) + sum(
        f64(scores[:, k:k + 1]) * np.stack([_expert_ref(x[t:t + 1], gate[experts[t, k]], up[experts[t, k]],
                                                        down[experts[t, k]])[0] for t in range(tokens)])
        for k in range(top_k))
    close(combined, moe_ref)
