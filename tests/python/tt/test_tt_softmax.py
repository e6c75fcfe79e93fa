"""Row softmax, RMSNorm, LayerNorm and online softmax (log-sum-exp over column blocks, reduce_max with clear=False) written
in ordinary TileLang — reductions, element-wise T.Parallel over 2-D blocks with the 1-D results broadcast
(m[i]), and 1-D T.Parallel loops on the vectors themselves — run on the emulator and compared with numpy
(float64) and with target "interpret".

Error bounds. Every FPU operand in float32 is truncated to 9 mantissa bits in the multiplier (test_tt_reduce.py):
this hits reduce_tile (relative 2^-9 on a sum of positive terms, and on a max) and the column broadcast of a
vector computed by compute (unary_bcast reads it through SrcB: 2^-9 relative). The SFPU functions (exp, rsqrt,
log, 1/x) are fp32 approximations well inside 2^-12. The output is rounded to its dtype (u, tt_check.py).
  * softmax: y = e/Σe. A truncated row max only shifts the exponent (softmax is shift-invariant); the sum
    (2^-9) and the broadcast of 1/Σe (2^-9) give |err| ≤ (2·2^-9 + 2^-12 + u)·y.
  * RMSNorm: y = x·rsqrt(Σx²/N + eps). The sum of squares (2^-9, halved by the rsqrt) and the broadcast of the
    rsqrt (2^-9): |err| ≤ (2^-9 + 2^-10 + 2^-12 + u)·|y|.
  * online log-sum-exp: lse = m + log Σ exp(x - m). The max broadcast into exp(x - m) is truncated (absolute
    2^-9·|m|, an error of the shift that is not compensated because the final m is exact), each block's sum and
    the rescaled running sum (2^-9 each, through broadcast-free 1-D ops: only the reduce truncates): |err| ≤
    2^-9·|m| + 2·2^-9 + 2^-12 + u·|lse|.
  * online softmax: pass 1 is the log-sum-exp recurrence above in base 2 (exp2 of (x - m)·log2 e), pass 2
    re-reads X and writes exp2((x - m)·log2 e) / l. Pass 1 sums each block with the running max of its step,
    truncated by the broadcast (relative 2^-9·|m| per term, rescaled exactly by the 1-D exp2), pass 2 shifts by
    the final max, truncated the same way (2^-9·|m|); the block sums and the rescaled running sum (2^-9 each, as
    above), the broadcast of 1/l (2^-9), two SFPU calls: |err| ≤ (2·2^-9·|m| + 3·2^-9 + 2·2^-12 + u)·y.
The two targets are each within the bound of numpy, so they differ by at most twice the bound.
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import U, check, example, f64, inputs

F = 2.0**-9   # float32 FPU operand precision (9 mantissa bits)
SF = 2.0**-12  # SFPU function accuracy (generous)


def softmax(M, N, bM, dtype):
    @T.prim_func
    def softmax_k(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            x = T.alloc_shared((bM, N), dtype)
            s = T.alloc_fragment((bM, N), "float32")
            m = T.alloc_fragment((bM,), "float32")
            l = T.alloc_fragment((bM,), "float32")
            T.copy(X[bx * bM, 0], x)
            T.reduce_max(x, m, dim=1)
            for i, j in T.Parallel(bM, N):
                s[i, j] = T.exp(x[i, j] - m[i])
            T.reduce_sum(s, l, dim=1)
            for i in T.Parallel(bM):
                l[i] = 1.0 / l[i]
            for i, j in T.Parallel(bM, N):
                s[i, j] = s[i, j] * l[i]
            T.copy(s, Y[bx * bM, 0])
    return softmax_k


def rmsnorm(M, N, bM, dtype, eps=1e-6):
    Np = -(-N // 32) * 32  # the block covers the whole row; the pad columns read as zeros

    @T.prim_func
    def rmsnorm_k(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            x = T.alloc_shared((bM, Np), dtype)
            sq = T.alloc_fragment((bM, Np), "float32")
            s = T.alloc_fragment((bM,), "float32")
            y = T.alloc_fragment((bM, Np), dtype)
            T.copy(X[bx * bM, 0], x)
            for i, j in T.Parallel(bM, Np):
                sq[i, j] = x[i, j] * x[i, j]
            T.reduce_sum(sq, s, dim=1)
            for i in T.Parallel(bM):
                s[i] = T.rsqrt(s[i] / N + eps)
            for i, j in T.Parallel(bM, Np):
                y[i, j] = x[i, j] * s[i]
            T.copy(y, Y[bx * bM, 0])
    return rmsnorm_k


def online_lse(M, N, bM, bN, dtype):
    @T.prim_func
    def lse_k(X: T.Tensor((M, N), dtype), LSE: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            x = T.alloc_shared((bM, bN), dtype)
            p = T.alloc_fragment((bM, bN), "float32")
            m = T.alloc_fragment((bM,), "float32")
            m_prev = T.alloc_fragment((bM,), "float32")
            scale = T.alloc_fragment((bM,), "float32")
            rs = T.alloc_fragment((bM,), "float32")
            l = T.alloc_fragment((bM,), "float32")
            lse = T.alloc_fragment((bM,), "float32")
            T.fill(m, -T.infinity("float32"))
            T.fill(l, 0.0)
            for k in T.serial(T.ceildiv(N, bN)):
                T.copy(X[bx * bM, k * bN], x)
                T.copy(m, m_prev)
                T.reduce_max(x, m, dim=1, clear=False)
                for i in T.Parallel(bM):
                    scale[i] = T.exp(m_prev[i] - m[i])
                for i, j in T.Parallel(bM, bN):
                    p[i, j] = T.exp(x[i, j] - m[i])
                T.reduce_sum(p, rs, dim=1)
                for i in T.Parallel(bM):
                    l[i] = l[i] * scale[i] + rs[i]
            for i in T.Parallel(bM):
                lse[i] = m[i] + T.log(l[i])
            T.copy(lse, LSE[bx * bM])
    return lse_k


ONLINE_SOFTMAX = example("online_softmax")  # examples/tenstorrent/online_softmax.py

SHAPES = [(64, 128, 32), (70, 96, 32), (300, 256, 64)]
IDS = ["64x128", "70x96_edge_rows", "300x256_5_blocks"]


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("M,N,bM", SHAPES, ids=IDS)
def test_softmax(M, N, bM, dtype):
    X = inputs(np.random.default_rng(1), (M, N), dtype, -4.0, 4.0)
    x = f64(X)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    bound = (2 * F + SF + U[dtype]) * ref
    check(softmax(M, N, bM, dtype), [X], ref, bound, dtype, extra_interp=2 * bound)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("M,N,bM", [(64, 128, 32), (70, 100, 32), (130, 300, 64)],
                         ids=["64x128", "70x100_edge_tiles", "130x300"])
def test_rmsnorm(M, N, bM, dtype):
    X = inputs(np.random.default_rng(2), (M, N), dtype)
    x = f64(X)
    ref = x / np.sqrt((x * x).sum(axis=1, keepdims=True) / N + 1e-6)
    bound = (F + F / 2 + SF + U[dtype]) * np.abs(ref)
    check(rmsnorm(M, N, bM, dtype), [X], ref, bound, dtype, extra_interp=2 * bound)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("M,N,bM,bN", [(64, 128, 32, 32), (70, 192, 32, 64), (200, 256, 64, 128)],
                         ids=["64x128_4_steps", "70x192_edge_rows", "200x256"])
def test_online_logsumexp(M, N, bM, bN, dtype):
    X = inputs(np.random.default_rng(3), (M, N), dtype, -4.0, 4.0)
    x = f64(X)
    mx = x.max(axis=1)
    ref = mx + np.log(np.exp(x - mx[:, None]).sum(axis=1))
    bound = F * np.abs(mx) + 2 * F + SF + U["float32"] * np.abs(ref)
    check(online_lse(M, N, bM, bN, dtype), [X], ref, bound, "float32", extra_interp=2 * bound)


def layernorm(M, N, bM, dtype, eps=1e-5):
    """Two-pass LayerNorm (no affine): mean, then the variance of x - mean, both by reduce_sum."""
    @T.prim_func
    def layernorm_k(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            x = T.alloc_shared((bM, N), dtype)
            d = T.alloc_fragment((bM, N), "float32")
            sq = T.alloc_fragment((bM, N), "float32")
            mu = T.alloc_fragment((bM,), "float32")
            r = T.alloc_fragment((bM,), "float32")
            y = T.alloc_fragment((bM, N), dtype)
            T.copy(X[bx * bM, 0], x)
            T.reduce_sum(x, mu, dim=1)
            for i in T.Parallel(bM):
                mu[i] = mu[i] / N
            for i, j in T.Parallel(bM, N):
                d[i, j] = x[i, j] - mu[i]
            for i, j in T.Parallel(bM, N):
                sq[i, j] = d[i, j] * d[i, j]
            T.reduce_sum(sq, r, dim=1)
            for i in T.Parallel(bM):
                r[i] = T.rsqrt(r[i] / N + eps)
            for i, j in T.Parallel(bM, N):
                y[i, j] = d[i, j] * r[i]
            T.copy(y, Y[bx * bM, 0])
    return layernorm_k


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("M,N,bM", [(64, 128, 32), (70, 96, 32), (200, 256, 64)],
                         ids=["64x128", "70x96_edge_rows", "200x256"])
def test_layernorm(M, N, bM, dtype):
    # Bound: the mean's sum and its broadcast are read with 9 bits (2^-9 of Σ|x|/N and of |μ|, absolute, scaled
    # by r into y); the variance's sum (2^-9, halved by the rsqrt) and r's broadcast (2^-9) relative to |y|;
    # SFPU functions 2^-12; the output rounding u·|y|. (The block spans whole rows: N is a multiple of 32 here,
    # since pad columns would enter x - mean.)
    X = inputs(np.random.default_rng(4), (M, N), dtype, -2.0, 3.0)
    x = f64(X)
    mu = x.mean(axis=1, keepdims=True)
    r = 1.0 / np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + 1e-5)
    ref = (x - mu) * r
    bound = (F + F / 2 + SF + U[dtype]) * np.abs(ref) + 2 * F * (np.abs(x).mean(axis=1, keepdims=True) + np.abs(mu)) * r
    check(layernorm(M, N, bM, dtype), [X], ref, bound, dtype, extra_interp=2 * bound)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("M,N,bM,bN", [(64, 128, 32, 32), (70, 192, 32, 64), (200, 512, 64, 128)],
                         ids=["64x128_4_steps", "70x192_edge_rows", "200x512"])
def test_online_softmax(M, N, bM, bN, dtype):
    X = inputs(np.random.default_rng(4), (M, N), dtype, -4.0, 4.0)
    x = f64(X)
    mx = x.max(axis=1, keepdims=True)
    e = np.exp(x - mx)
    ref = e / e.sum(axis=1, keepdims=True)
    bound = (2 * F * np.abs(mx) + 3 * F + 2 * SF + U[dtype]) * ref
    check(ONLINE_SOFTMAX.online_softmax(M, N, bM, bN, dtype), [X], ref, bound, dtype, extra_interp=2 * bound)
