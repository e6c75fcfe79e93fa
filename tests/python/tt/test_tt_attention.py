"""Flash-attention forward written in ordinary TileLang — T.gemm for Q·Kᵀ and P·V, online softmax with
reduce_max(clear=False) and reduce_sum, 1-D vector loops for the running max/sum and rescaling, a float32 → bf16
T.copy of P for the second GEMM — run on the emulator and compared with numpy (float64) and "interpret".

Error bound per output row i (w_i = the softmax-weighted mean of |V|, M_i = max_j |S_ij|·scale, u = 2^-8):
  * the output is rounded to bf16: u·|O|;
  * P is rounded to bf16 for the second GEMM: u·w_i;
  * the row sums (reduce_tile) and the broadcasts of the running max, scale factor and 1/l are read by the FPU
    with 9 mantissa bits (test_tt_softmax.py): 4·2^-9·w_i, and the truncated max used as the exponent's shift
    in P but not in the rescaling: 2·2^-9·M_i·w_i;
  * SFPU exp: 2^-12·w_i. Products of bf16 values accumulate exactly enough in fp32 (K·2^-24, negligible).
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import U, check, f64, inputs


def attention(M, N, D, bM, bN, dtype="bfloat16"):
    scale = 1.0 / float(np.sqrt(D))

    @T.prim_func
    def attn(Q: T.Tensor((M, D), dtype), K: T.Tensor((N, D), dtype), V: T.Tensor((N, D), dtype),
             O: T.Tensor((M, D), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            q = T.alloc_shared((bM, D), dtype)
            k = T.alloc_shared((bN, D), dtype)
            v = T.alloc_shared((bN, D), dtype)
            s = T.alloc_fragment((bM, bN), "float32")
            p = T.alloc_fragment((bM, bN), "float32")
            p_s = T.alloc_shared((bM, bN), dtype)
            acc = T.alloc_fragment((bM, D), "float32")
            m = T.alloc_fragment((bM,), "float32")
            m_prev = T.alloc_fragment((bM,), "float32")
            sc = T.alloc_fragment((bM,), "float32")
            rs = T.alloc_fragment((bM,), "float32")
            l = T.alloc_fragment((bM,), "float32")
            o = T.alloc_fragment((bM, D), dtype)
            T.copy(Q[bx * bM, 0], q)
            T.fill(m, -T.infinity("float32"))
            T.fill(l, 0.0)
            T.clear(acc)
            for kk in T.serial(T.ceildiv(N, bN)):
                T.copy(K[kk * bN, 0], k)
                T.copy(V[kk * bN, 0], v)
                T.gemm(q, k, s, transpose_B=True, clear_accum=True)
                T.copy(m, m_prev)
                T.reduce_max(s, m, dim=1, clear=False)
                for i in T.Parallel(bM):
                    sc[i] = T.exp((m_prev[i] - m[i]) * scale)
                for i, j in T.Parallel(bM, bN):
                    p[i, j] = T.exp((s[i, j] - m[i]) * scale)
                T.reduce_sum(p, rs, dim=1)
                for i in T.Parallel(bM):
                    l[i] = l[i] * sc[i] + rs[i]
                for i, j in T.Parallel(bM, D):
                    acc[i, j] = acc[i, j] * sc[i]
                T.copy(p, p_s)
                T.gemm(p_s, v, acc)
            for i, j in T.Parallel(bM, D):
                o[i, j] = acc[i, j] / l[i]
            T.copy(o, O[bx * bM, 0])
    return attn


@pytest.mark.parametrize("M,N,D,bM,bN", [(64, 128, 64, 32, 64), (70, 192, 32, 32, 64), (160, 256, 64, 64, 128)],
                         ids=["64x128x64", "70x192x32_edge_rows", "160x256x64"])
def test_flash_attention(M, N, D, bM, bN):
    rng = np.random.default_rng(11)
    Q, K, V = (inputs(rng, shape, "bfloat16", -1.0, 1.0) for shape in [(M, D), (N, D), (N, D)])
    q, k, v = f64(Q), f64(K), f64(V)
    S = q @ k.T / np.sqrt(D)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    ref = P @ v
    w = (P @ np.abs(v)).max(axis=1, keepdims=True)
    mrow = np.abs(S).max(axis=1, keepdims=True)
    F = 2.0**-9
    bound = U["bfloat16"] * np.abs(ref) + (U["bfloat16"] + 4 * F + 2 * F * mrow + 2.0**-12) * w
    check(attention(M, N, D, bM, bN), [Q, K, V], ref, bound, "bfloat16", extra_interp=2 * bound)


def versioned_mask(rows, cols, steps, limit):
    """Out = Σ_k 3^(steps-1-k)·a_k with a_k[i, j] = 1 where k·cols + j >= limit, else 2: attention's key-padding mask
    over a loop. tt_range_fold versions it on k (transform/tt_range_fold.h): with limit inside the second block, the
    first block's mask holds nowhere (a fill of 2), the second's in part (the mask itself), the last's everywhere (a
    fill of 1); a wrong branch changes a_k's digit of the sum."""
    @T.prim_func
    def f(A: T.Tensor((rows, cols), "float32"), Out: T.Tensor((rows, cols), "float32")):
        with T.Kernel(1) as bx:
            a = T.alloc_fragment((rows, cols), "float32")
            o = T.alloc_fragment((rows, cols), "float32")
            T.copy(A[bx * rows, 0], o)
            for k in T.serial(steps):
                for i, j in T.Parallel(rows, cols):
                    a[i, j] = T.if_then_else(k * cols + j >= limit, 1.0, 2.0)
                for i, j in T.Parallel(rows, cols):
                    o[i, j] = o[i, j] * 3.0 + a[i, j]
            T.copy(o, Out[bx * rows, 0])
    return f


def test_mask_versioned_on_outer_loop():
    rows, cols, steps, limit = 32, 64, 3, 100
    x = np.zeros((rows, cols), np.float32)
    ref = x.astype(np.float64)
    j = np.arange(cols)
    for k in range(steps):
        ref = ref * 3 + np.where(k * cols + j >= limit, 1.0, 2.0)[None, :]
    # small integers: every step is exact in float32, on the SFPU and in the interpreter
    check(versioned_mask(rows, cols, steps, limit), [x], ref, 0.0, "float32")
