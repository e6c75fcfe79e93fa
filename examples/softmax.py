"""Row softmax, classic style: each block owns block_M rows, computes the row max, exp2 of the scaled
difference, the row sum, and normalizes. Checked against numpy on target "interpret".

Run: python examples/softmax.py   (exits nonzero on a mismatch)
"""
import math
import sys

import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def softmax(M, N, block_M=8, dtype="float32"):
    log2e = math.log2(math.e)

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_fragment((block_M, N), "float32")
            row_max = T.alloc_fragment((block_M,), "float32")
            row_sum = T.alloc_fragment((block_M,), "float32")
            T.copy(X[bx * block_M, 0], x)
            T.reduce_max(x, row_max, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = T.exp2((x[i, j] - row_max[i]) * log2e)
            T.reduce_sum(x, row_sum, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = x[i, j] / row_sum[i]
            T.copy(x, Y[bx * block_M, 0])
    return main


def main():
    M, N = 64, 512
    kernel = tilelang.compile(softmax(M, N), out_idx=1, target="interpret")
    rng = np.random.default_rng(0)
    x = (rng.standard_normal((M, N)) * 3).astype(np.float32)
    y = kernel(x)
    z = np.exp(x.astype(np.float64) - x.max(1, keepdims=True))
    ref = z / z.sum(1, keepdims=True)
    # float32 throughout: exp2 and a 512-term sum stay within ~1e-6 relative
    ok = np.allclose(y, ref, rtol=1e-5, atol=1e-7) and np.allclose(y.sum(1), 1.0, atol=1e-5)
    print(f"softmax {M}x{N}: max abs err {np.abs(y - ref).max():.3g}: {'ok' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
