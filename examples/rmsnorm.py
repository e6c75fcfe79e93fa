"""RMSNorm, eager style: y = x / sqrt(mean(x^2) + eps) * w, bfloat16 in and out, float32 inside.
Checked against numpy on target "interpret".

Run: python examples/rmsnorm.py   (exits nonzero on a mismatch)
"""
import sys

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


@tilelang.jit(target="interpret")
def rms_norm(X, W, block_M=4, eps=1e-6):
    M, N = T.const("M, N")
    X: T.Tensor((M, N), T.bfloat16)
    W: T.Tensor((N,), T.bfloat16)
    Y = T.empty((M, N), T.bfloat16)
    with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
        x = T.alloc_fragment((block_M, N), T.float32)
        sq = T.alloc_fragment((block_M, N), T.float32)
        w = T.alloc_fragment((N,), T.float32)
        ss = T.alloc_fragment((block_M,), T.float32)
        T.copy(X[bx * block_M, 0], x)
        T.copy(W, w)
        for i, j in T.Parallel(block_M, N):
            sq[i, j] = x[i, j] * x[i, j]
        T.reduce_sum(sq, ss, dim=1)
        for i in T.Parallel(block_M):
            ss[i] = T.rsqrt(ss[i] / N + eps)
        for i, j in T.Parallel(block_M, N):
            x[i, j] = x[i, j] * ss[i] * w[j]
        T.copy(x, Y[bx * block_M, 0])
    return Y


def main():
    M, N = 32, 256
    rng = np.random.default_rng(0)
    x = rng.standard_normal((M, N)).astype(ml_dtypes.bfloat16)
    w = (1 + 0.1 * rng.standard_normal(N)).astype(ml_dtypes.bfloat16)
    y = rms_norm(x, w)
    xd, wd = x.astype(np.float64), w.astype(np.float64)
    ref = xd / np.sqrt((xd * xd).mean(1, keepdims=True) + 1e-6) * wd
    # float32 math, one final rounding to bfloat16 (8 significant bits): within 2^-8 relative, plus slack
    err = np.abs(y.astype(np.float64) - ref)
    ok = bool((err <= 2.0**-8 * np.abs(ref) + 1e-3).all())
    print(f"rmsnorm {M}x{N} bfloat16: max abs err {err.max():.3g}: {'ok' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
