"""Upstream TileLang's own examples (copied here unchanged but for the imports, see sync_examples.py) run on the
"interpret" target, each at two shapes, against numpy references written from the examples' torch references, with
the tolerance the example itself checks with (mostly rtol = atol = 1e-2 from torch.testing.assert_close).

Inputs are drawn like the examples' torch.randn / torch.rand calls (standard normal / uniform) with a fixed seed."""
import ml_dtypes
import numpy as np
import pytest

from upstream_check import load

F16, BF16, E4M3, E5M2 = np.float16, ml_dtypes.bfloat16, ml_dtypes.float8_e4m3fn, ml_dtypes.float8_e5m2


def randn(rng, *shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(dtype)


def f64(x):
    return np.asarray(x).astype(np.float64)


def close(actual, expected, rtol=1e-2, atol=1e-2):
    a, e = f64(actual), f64(expected)
    assert a.shape == e.shape, (a.shape, e.shape)
    np.testing.assert_allclose(a, e, rtol=rtol, atol=atol)


def softmax(x, axis=-1):
    m = np.max(x, axis=axis, keepdims=True)
    p = np.exp(x - m)
    return p / p.sum(axis=axis, keepdims=True)


# ------------------------------------------------------------------ element-wise, GEMM


@pytest.mark.parametrize("M,N", [(64, 96), (100, 70)])
def test_elementwise_add(rng, M, N):
    mod = load("example_elementwise_add")
    a, b = randn(rng, M, N), randn(rng, M, N)
    out = mod.elementwise_add(a, b, block_M=32, block_N=32, threads=128, in_dtype=mod.T.float32,
                              out_dtype=mod.T.float32)
    close(out, f64(a) + f64(b))


@pytest.mark.parametrize("M,N,K", [(128, 128, 64), (96, 160, 96)])
def test_quickstart_gemm_relu(rng, M, N, K):
    mod = load("quickstart")  # its module-level 1024³ compile runs; its torch part does not
    kernel = mod.matmul.compile(M=M, N=N, K=K, block_M=64, block_N=64, block_K=32)
    a, b = randn(rng, M, K, dtype=F16), randn(rng, K, N, dtype=F16)
    close(kernel(a, b), np.maximum(f64(a) @ f64(b), 0))


@pytest.mark.parametrize("M,N,K", [(128, 128, 128), (192, 64, 96)])
def test_gemm(rng, M, N, K):
    mod = load("example_gemm")
    kernel = mod.matmul.compile(M=M, N=N, K=K, block_M=64, block_N=64, block_K=32)
    a, b = randn(rng, M, K, dtype=F16), randn(rng, K, N, dtype=F16)
    close(kernel(a, b), f64(a) @ f64(b))


@pytest.mark.parametrize("M,N,K,split_k", [(128, 128, 256, 4), (64, 192, 128, 2)])
def test_gemm_splitk(rng, M, N, K, split_k):
    mod = load("example_tilelang_gemm_splitk")
    a, b = randn(rng, M, K, dtype=F16), randn(rng, K, N, dtype=F16)
    c = np.zeros((M, N), np.float32)
    mod.matmul(a, b, c, 64, 64, 32, split_k)
    close(c, f64(a) @ f64(b))


# ------------------------------------------------------------------ casts, norms, softmax


def _per_token_ref(x, group=128):
    """ref_program of example_per_token_cast_to_fp8: per (row, 128-group) amax clamped at 1e-4, x * 448 / amax
    cast to e4m3, scale amax / 448."""
    m, n = x.shape
    xv = f64(x).reshape(m, -1, group)
    amax = np.maximum(np.abs(xv).max(-1), 1e-4)
    q = (xv * (448.0 / amax[..., None])).astype(np.float32).astype(E4M3)
    return q.reshape(m, n), amax / 448.0


@pytest.mark.parametrize("M,N", [(16, 256), (40, 384)])
def test_per_token_cast_to_fp8(rng, M, N):
    mod = load("example_per_token_cast_to_fp8")
    x = randn(rng, M, N) * 4
    q, s = mod.per_token_cast_to_fp8(x, 8)
    q_ref, s_ref = _per_token_ref(x)
    close(q.astype(np.float32), q_ref.astype(np.float32))
    close(s, s_ref)


@pytest.mark.parametrize("batch_sizes,N", [([24, 40], 256), ([8, 16, 8], 128)])
def test_group_per_split_token_cast_to_fp8(rng, batch_sizes, N):
    mod = load("example_group_per_split_token_cast_to_fp8")
    M = sum(batch_sizes)
    x = randn(rng, M, N, dtype=BF16)
    bs = np.array(batch_sizes, np.int32)
    M_max = (max(batch_sizes) + 127) // 128 * 128
    q, s = mod.group_per_split_token_cast_to_fp8(x, bs, M_max, 8)
    # ref_program: each group's rows padded with zeros to M_max, then the per-token cast (scale of a zero row:
    # 1e-4 / 448, as the kernel's if_then_else sets 0 for rows past the group's size)
    start = 0
    for g, n in enumerate(batch_sizes):
        rows = np.zeros((M_max, N), np.float64)
        rows[:n] = f64(x[start:start + n])
        q_ref, s_ref = _per_token_ref(rows)
        close(q[g, :n].astype(np.float32), q_ref[:n].astype(np.float32))
        close(s[g, :n], s_ref[:n])
        np.testing.assert_array_equal(s[g, n:], 0)  # the kernel's padding rows (the reference's are 1e-4/448)
        start += n


def _rms_ref(a):
    a = f64(a)
    return a / np.sqrt((a * a).mean(-1, keepdims=True) + 1e-12)


@pytest.mark.parametrize("M,N", [(8, 256), (12, 384)])
def test_rms_norm(rng, M, N):
    mod = load("rms_norm")
    a = randn(rng, M, N)
    close(mod.rms_norm.compile(M=M, N=N, blk_m=1)(a), _rms_ref(a))
    close(mod.rms_norm(a, 4), _rms_ref(a))


@pytest.mark.parametrize("M,N", [(8, 256), (6, 512)])
def test_rms_norm_splitk(rng, M, N):
    mod = load("rms_norm")
    a = randn(rng, M, N)
    close(mod.rms_norm_splitk(a, 2, 128), _rms_ref(a))


@pytest.mark.parametrize("N,D", [(8, 256), (5, 384)])
def test_layernorm_fwd(rng, N, D):
    mod = load("layernorm")
    x, g, b = randn(rng, N, D, dtype=BF16), randn(rng, D, dtype=BF16), randn(rng, D, dtype=BF16)
    y, mean, rstd = mod._layernorm_fwd(N, D, eps=1e-5)(x, g, b)
    xf = f64(x)
    mu = xf.mean(-1, keepdims=True)
    var = ((xf - mu) ** 2).mean(-1, keepdims=True)
    close(y, (xf - mu) / np.sqrt(var + 1e-5) * f64(g) + f64(b))  # torch.nn.functional.layer_norm
    close(mean, mu[:, 0], rtol=1e-5, atol=1e-5)
    close(rstd, 1 / np.sqrt(var[:, 0] + 1e-5), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("N,D", [(64, 256), (32, 128)])
def test_layernorm_bwd(rng, N, D):
    mod = load("layernorm")
    x, g, b = randn(rng, N, D, dtype=BF16), randn(rng, D, dtype=BF16), randn(rng, D, dtype=BF16)
    dy = randn(rng, N, D, dtype=BF16)
    _, mean, rstd = mod._layernorm_fwd(N, D, eps=1e-5)(x, g, b)
    dgamma, dbeta = np.zeros(D, np.float32), np.zeros(D, np.float32)
    dx = mod._layernorm_bwd(N, D)(dy, x, g, mean, rstd, dgamma, dbeta)
    # the gradient of torch's layer_norm (LayerNormFn.backward checks dx against autograd)
    xf, dyf, gf = f64(x), f64(dy), f64(g)
    mu = xf.mean(-1, keepdims=True)
    r = 1 / np.sqrt(((xf - mu) ** 2).mean(-1, keepdims=True) + 1e-5)
    xhat = (xf - mu) * r
    dxhat = dyf * gf
    dx_ref = r * (dxhat - dxhat.mean(-1, keepdims=True) - xhat * (dxhat * xhat).mean(-1, keepdims=True))
    close(dx, dx_ref)
    close(dgamma, (dyf * xhat).sum(0), rtol=1e-2, atol=1e-2 * np.sqrt(N))
    close(dbeta, dyf.sum(0), rtol=1e-2, atol=1e-2 * np.sqrt(N))


@pytest.mark.parametrize("M,N,block_n", [(4, 256, 64), (3, 512, 128)])
def test_online_softmax(rng, M, N, block_n):
    mod = load("online_softmax")  # the file's module-level M, N are the shapes its kernel reads
    mod.M, mod.N = M, N
    x = randn(rng, M, N, dtype=F16)
    close(mod.softmax_kernel(x, BLOCK_N=block_n), softmax(f64(x), 1))


# ------------------------------------------------------------------ convolution


def _conv_ref(a, b, S, P, D):
    """ref_program: torch.conv2d on NHWC data and (KH, KW, C, F) weights, NHWC out."""
    n, h, w, c = a.shape
    k, _, _, f = b.shape
    oh, ow = (h + 2 * P - D * (k - 1) - 1) // S + 1, (w + 2 * P - D * (k - 1) - 1) // S + 1
    ap = np.zeros((n, h + 2 * P, w + 2 * P, c))
    ap[:, P:P + h, P:P + w] = f64(a)
    out = np.zeros((n, oh, ow, f))
    for kh in range(k):
        for kw in range(k):
            patch = ap[:, kh * D:kh * D + S * (oh - 1) + 1:S, kw * D:kw * D + S * (ow - 1) + 1:S, :]
            out += patch @ f64(b[kh, kw])
    return out


@pytest.mark.parametrize("N,C,H,W,F,K,S,D,P", [(2, 32, 8, 8, 64, 3, 1, 1, 1), (1, 16, 9, 7, 32, 3, 2, 1, 0)])
def test_convolution(rng, N, C, H, W, F, K, S, D, P):
    mod = load("example_convolution")
    a, b = randn(rng, N, H, W, C, dtype=F16), randn(rng, K, K, C, F, dtype=F16)
    ref = _conv_ref(a, b, S, P, D)
    close(mod.convolution(a, b, S, D, P, 64, 64, 32, 2, 128), ref)  # as main() calls it
    kernel = mod.convolution.compile(N=N, C=C, H=H, W=W, F=F, K=K, S=S, D=D, P=P, block_M=64, block_N=64,
                                     block_K=32, num_stages=2, threads=128)
    close(kernel(a, b), ref)


# ------------------------------------------------------------------ attention


def _attention_ref(q, k, v, is_causal, layout="bshd", groups=1):
    """ref_program of the flash-attention examples: softmax(q k^T / sqrt(d)) v with an optional causal mask (for
    seq_q < seq_kv aligned to the end: torch.tril(ones, seq_kv - seq_q)); K/V heads repeated `groups` times."""
    q, k, v = f64(q), f64(k), f64(v)
    if layout == "bshd":
        q, k, v = (x.transpose(0, 2, 1, 3) for x in (q, k, v))
    k, v = np.repeat(k, groups, axis=1), np.repeat(v, groups, axis=1)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    if is_causal:
        sq, sk = s.shape[-2:]
        s = np.where(np.tril(np.ones((sq, sk)), sk - sq) == 0, -np.inf, s)
    o = softmax(s) @ v
    return o.transpose(0, 2, 1, 3) if layout == "bshd" else o


@pytest.mark.parametrize("B,H,S,D,causal", [(1, 2, 128, 64, False), (2, 1, 192, 32, True)])
def test_mha_fwd_bshd(rng, B, H, S, D, causal):
    mod = load("example_mha_fwd_bshd")
    kernel = mod.flashattn(B, H, S, D, causal, block_M=64, block_N=64, num_stages=1, threads=128)
    q, k, v = (randn(rng, B, S, H, D, dtype=F16) for _ in range(3))
    close(kernel(q, k, v), _attention_ref(q, k, v, causal))


@pytest.mark.parametrize("B,H,SQ,SKV,D,causal", [(1, 2, 128, 128, 64, False), (1, 2, 64, 192, 32, True)])
def test_mha_fwd_bhsd(rng, B, H, SQ, SKV, D, causal):
    mod = load("example_mha_fwd_bhsd")
    kernel = mod.flashattn(B, H, SQ, SKV, D, causal, block_M=64, block_N=64, num_stages=1, threads=128)
    q = randn(rng, B, H, SQ, D, dtype=F16)
    k, v = randn(rng, B, H, SKV, D, dtype=F16), randn(rng, B, H, SKV, D, dtype=F16)
    close(kernel(q, k, v), _attention_ref(q, k, v, causal, layout="bhsd"))


@pytest.mark.parametrize("B,H,S,D,causal,groups", [(1, 4, 128, 64, False, 2), (1, 4, 128, 32, True, 4)])
def test_gqa_fwd_bshd(rng, B, H, S, D, causal, groups):
    mod = load("example_gqa_fwd_bshd")
    kernel = mod.flashattn(B, H, S, D, causal, groups=groups, block_M=64, block_N=64, num_stages=1, threads=128)
    q = randn(rng, B, S, H, D, dtype=F16)
    k, v = randn(rng, B, S, H // groups, D, dtype=F16), randn(rng, B, S, H // groups, D, dtype=F16)
    close(kernel(q, k, v), _attention_ref(q, k, v, causal, groups=groups))


@pytest.mark.parametrize("B,H,S,D,topk", [(1, 1, 256, 64, 2), (1, 2, 192, 32, 1)])
def test_block_sparse_attention(rng, B, H, S, D, topk):
    mod = load("example_tilelang_block_sparse_attn")
    q, k, v = (randn(rng, B, H, S, D, dtype=F16) for _ in range(3))
    ds = -(-S // 64)
    # get_sparse_attn_mask_from_topk on scores whose column 0 is 100: the top-k blocks of each row, lower triangle
    x_ds = randn(rng, B, H, ds, ds)
    x_ds[..., 0] = 100
    top = np.argsort(-x_ds, axis=-1)[..., :topk]
    mask = np.zeros((B, H, ds, ds), bool)
    np.put_along_axis(mask, top, True, axis=-1)
    mask &= np.tril(np.ones((ds, ds), bool))
    out = mod.blocksparse_flashattn(B, H, S, D, ds, is_causal=True)(q, k, v, mask)
    full = np.kron(mask, np.ones((64, 64), bool))[..., :S, :S] & np.tril(np.ones((S, S), bool))
    s = f64(q) @ f64(k).transpose(0, 1, 3, 2) / np.sqrt(D)
    close(out, softmax(np.where(full, s, -np.inf)) @ f64(v))


@pytest.mark.parametrize("fp8", ["e4m3", "e5m2"])
@pytest.mark.parametrize("M,N,K", [(128, 128, 128), (256, 128, 192)])
def test_gemm_fp8(rng, fp8, M, N, K):
    run_gemm_fp8(rng, fp8, M, N, K)


def run_gemm_fp8(rng, fp8, M, N, K):
    """Upstream's fp8 GEMM on the default target with upstream's check; returns (c, a @ bᵀ exact, c's dtype)."""
    mod = load("example_tilelang_gemm_fp8")
    dtype = mod.determine_fp8_type(fp8)
    np_dtype = {"e4m3": E4M3, "e5m2": E5M2}[fp8]
    a = randn(rng, M, K, dtype=F16).astype(np_dtype)
    b = randn(rng, N, K, dtype=F16).astype(np_dtype)
    c = mod.matmul(a, b, 128, 128, 64, dtype)
    exact = f64(a) @ f64(b).T
    ref = exact.astype(np.float32).astype(np_dtype)
    x, y = f64(c), f64(ref)  # calc_diff: 1 - cosine similarity, < 1e-3
    assert 1 - 2 * (x * y).sum() / (x * x + y * y).sum() < 1e-3
    return c, exact, np_dtype


@pytest.mark.parametrize("M,N,topk,blk_m", [(64, 32, 4, 16), (40, 128, 6, 32)])
def test_topk(rng, M, N, topk, blk_m):
    mod = load("example_topk")
    logits = rng.random((M, N)).astype(np.float32)
    gates, idx = mod.tl_topk(logits, topk, blk_m=blk_m, threads=128)
    order = np.argsort(-logits, axis=1, kind="stable")[:, :topk]  # logits.topk (distinct values)
    np.testing.assert_array_equal(idx, order)
    close(gates, np.take_along_axis(logits, order, 1), rtol=1.3e-6, atol=1e-5)  # assert_close float32 defaults


def _chunks(x, c=64):
    b, s, h, d = x.shape
    return f64(x).reshape(b, s // c, c, h, d).transpose(0, 3, 1, 2, 4)  # b h n c d


@pytest.mark.parametrize("B,S,H,D", [(1, 128, 2, 64), (2, 192, 1, 128)])
def test_linear_attention_fwd(rng, B, S, H, D):
    mod = load("example_linear_attn_fwd")
    # main() l2-normalizes q and k (fla's l2norm_fwd) before the kernel
    q, k, v = (randn(rng, B, S, H, D) for _ in range(3))
    q, k = (x / np.linalg.norm(x, axis=-1, keepdims=True) for x in (q, k))
    q, k, v = (x.astype(F16) for x in (q, k, v))
    o = np.zeros((B, S, H, D), np.float32)
    h = mod.tl_fused_chunk_fwd_kernel(B, S, H, D, D)(q, k, v, o)
    # ref_program: chunked linear attention (state before each chunk, causal intra-chunk part)
    qc, kc, vc = _chunks(q) * D ** -0.5, _chunks(k), _chunks(v)
    kv = np.cumsum(kc.transpose(0, 1, 2, 4, 3) @ vc, axis=2)
    prev = np.concatenate([np.zeros_like(kv[:, :, :1]), kv[:, :, :-1]], axis=2)
    intra = np.where(np.triu(np.ones((64, 64), bool), 1), 0, qc @ kc.transpose(0, 1, 2, 4, 3)) @ vc
    o_ref = (qc @ prev + intra).transpose(0, 2, 3, 1, 4).reshape(B, S, H, D)
    close(o, o_ref)
    close(h, kv[:, :, -1])


@pytest.mark.parametrize("B,S,H,D", [(1, 128, 2, 64), (1, 192, 3, 128)])
def test_retention_fwd(rng, B, S, H, D):
    mod = load("example_retention_fwd")
    q, k, v = (randn(rng, B, S, H, D, dtype=F16) for _ in range(3))
    out = mod.chunk_retention_fwd_kernel(B, S, H, D, D)(q, k, v)
    o = f64(out).sum(0)  # postprocess: the sum over the NK key blocks
    # retention: o_t = sum_{s <= t} gamma_h^(t - s) (q_t . k_s) * D^-0.5 v_s, gamma_h = 1 - 2^(-5 - h)
    t = np.arange(S)
    ref = np.zeros((B, S, H, D))
    for hh in range(H):
        gamma = 1 - 2.0 ** (-5 - hh)
        decay = np.where(t[:, None] >= t[None, :], gamma ** (t[:, None] - t[None, :]).clip(0), 0)
        s = f64(q[:, :, hh]) @ f64(k[:, :, hh]).transpose(0, 2, 1) * D ** -0.5
        ref[:, :, hh] = (s * decay) @ f64(v[:, :, hh])
    close(o, ref)


@pytest.mark.parametrize("B,S,H,reverse,head_first,use_fragment",
                         [(1, 256, 2, True, False, False), (2, 128, 3, False, True, True)])
def test_chunk_cumsum(rng, B, S, H, reverse, head_first, use_fragment):
    g, kernel, ref = chunk_cumsum(rng, B, S, H, reverse, head_first, use_fragment)
    close(kernel(g), ref)


def chunk_cumsum(rng, B, S, H, reverse, head_first, use_fragment):
    """(input, upstream's float32 chunk-cumsum kernel, numpy reference) at these sizes (also
    test_upstream_tt_cumsum.py)."""
    mod = load("example_cumsum")
    shape = (B, H, S) if head_first else (B, S, H)
    g = randn(rng, *shape)
    kernel = mod.tilelang_chunk_local_cumsum_scalar(B=B, S=S, H=H, chunk_size=64, reverse=reverse,
                                                    head_first=head_first, input_dtype=mod.T.float32,
                                                    output_dtype=mod.T.float32, block_S=64, threads=256,
                                                    use_fragment=use_fragment)
    # fla's chunk_local_cumsum_scalar: an inclusive (reverse: suffix) sum within each chunk of 64 along S
    axis = 2 if head_first else 1
    x = np.moveaxis(f64(g), axis, -1).reshape(-1, S // 64, 64)
    ref = np.flip(np.cumsum(np.flip(x, -1), -1), -1) if reverse else np.cumsum(x, -1)
    return g, kernel, np.moveaxis(ref.reshape(np.moveaxis(f64(g), axis, -1).shape), -1, axis)


@pytest.mark.parametrize("M,N,K,trans_A,trans_B", [(128, 128, 64, False, False), (96, 200, 70, True, True)])
def test_dynamic_shape_gemm(rng, M, N, K, trans_A, trans_B):
    mod = load("example_dynamic")
    a = rng.random((K, M) if trans_A else (M, K)).astype(F16)
    b = rng.random((N, K) if trans_B else (K, N)).astype(F16)
    args = (64, 64, 32, trans_A, trans_B, "float16", "float16", "float32", 2, 128)
    c = mod.matmul_dynamic_mnk(a, b, *args)
    close(c, (f64(a).T if trans_A else f64(a)) @ (f64(b).T if trans_B else f64(b)))
    # one kernel serves every size: a second shape through the same compiled kernel
    a2, b2 = a[..., : a.shape[-1] // 2] if trans_A else a[: M // 2], b
    c2 = mod.matmul_dynamic_mnk(np.ascontiguousarray(a2), b2, *args)
    close(c2, (f64(a2).T if trans_A else f64(a2)) @ (f64(b2).T if trans_B else f64(b2)))


@pytest.mark.parametrize("sizes,K,N,trans_b", [((64, 100, 30), 64, 128, False), ((33, 70), 96, 64, True)])
def test_grouped_gemm(rng, sizes, K, N, trans_b):
    out, ref, _ = run_grouped_gemm(rng, sizes, K, N, trans_b)
    close(out, ref)


def run_grouped_gemm(rng, sizes, K, N, trans_b):
    """Upstream's grouped GEMM on the default target: (its output, torch_gmm's result, Σ|a||b| per element)."""
    mod = load("example_grouped_gemm_fwd")
    bm = 64
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int32)
    padded = np.concatenate([[0], np.cumsum([-(-s // bm) * bm for s in sizes])[:-1]]).astype(np.int32)
    a = randn(rng, sum(sizes), K, dtype=F16)
    b = randn(rng, len(sizes), N, K, dtype=F16) if trans_b else randn(rng, len(sizes), K, N, dtype=F16)
    out = mod.grouped_gemm(a, b, np.array(sizes, np.int32), offsets, padded, tuple(sizes), bm, 64, 32, trans_b, 2, 128)
    bs = [f64(b[g]).T if trans_b else f64(b[g]) for g in range(len(sizes))]
    groups = list(enumerate(zip(offsets, sizes)))
    ref = np.concatenate([f64(a[o:o + s]) @ bs[g] for g, (o, s) in groups])  # torch_gmm
    mag = np.concatenate([np.abs(f64(a[o:o + s])) @ np.abs(bs[g]) for g, (o, s) in groups])
    return out, ref, mag


@pytest.mark.parametrize("B,H,S,D,PE,num_split", [(1, 64, 256, 128, 32, 2), (2, 32, 128, 64, 16, 1)])
def test_mla_decode(rng, B, H, S, D, PE, num_split):
    mod = load("example_mla_decode")
    scale = (D + PE) ** -0.5
    kernel = mod.flashattn(B, H, 1, S, D, PE, 64, min(64, H), num_split, scale)
    q, q_pe = randn(rng, B, H, D, dtype=F16), randn(rng, B, H, PE, dtype=F16)
    kv, k_pe = randn(rng, B, S, 1, D, dtype=F16), randn(rng, B, S, 1, PE, dtype=F16)
    # ref_program: one KV head shared by all query heads; scores over [q, q_pe] . [kv, k_pe]
    query = np.concatenate([f64(q), f64(q_pe)], -1)
    key = np.concatenate([f64(kv[:, :, 0]), f64(k_pe[:, :, 0])], -1)
    p = softmax(query @ key.transpose(0, 2, 1) * scale)
    ref = p @ f64(kv[:, :, 0])
    # upstream: profiler.assert_allclose(rtol=1e-4, atol=1e-4) against torch's float16 result. Against this float64
    # reference the kernel's float16 roundings count too, each half an ulp (2^-11 relative): P is cast to float16
    # before P @ V (error <= 2^-11 * sum p|v|), and the partial outputs (float16 workspace) and the output are
    # rounded (each <= 2^-11 * sum p|v|); that bound is added to upstream's atol.
    bound = 3 * 2.0**-11 * (p @ np.abs(f64(kv[:, :, 0])))
    out = f64(kernel(q, q_pe, kv, k_pe))
    assert out.shape == ref.shape
    assert np.all(np.abs(out - ref) <= 1e-4 + bound + 1e-4 * np.abs(ref)), np.max(np.abs(out - ref) - bound)
