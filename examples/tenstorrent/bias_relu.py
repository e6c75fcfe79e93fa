"""Bias add and ReLU on a Tenstorrent device (the emulator when no card is present): Y = relu(X + bias) with a
per-column bias vector, in bfloat16. The vector operand becomes a row-broadcast FPU add (any_tiles_bcast), the
ReLU an SFPU op on the same DST tile.

Run: python examples/tenstorrent/bias_relu.py   (exits nonzero on a mismatch)
"""
import sys

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def bias_relu(M, N, block_M=64, block_N=128, dtype="bfloat16"):
    @T.prim_func
    def bias_relu(X: T.Tensor((M, N), dtype), bias: T.Tensor((N,), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            X_shared = T.alloc_shared((block_M, block_N), dtype)
            b_shared = T.alloc_shared((block_N,), dtype)
            Y_local = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(X[by * block_M, bx * block_N], X_shared)
            T.copy(bias[bx * block_N], b_shared)
            for i, j in T.Parallel(block_M, block_N):
                Y_local[i, j] = T.max(X_shared[i, j] + b_shared[j], 0)
            T.copy(Y_local, Y[by * block_M, bx * block_N])
    return bias_relu


SIZES = (200, 500)  # 4×4 blocks, partial edge tiles in both dimensions


def main():
    M, N = SIZES
    kernel = tilelang.compile(bias_relu(M, N), out_idx=-1, target="tenstorrent")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((M, N)).astype(ml_dtypes.bfloat16)
    bias = rng.standard_normal((N,)).astype(ml_dtypes.bfloat16)
    y = kernel(x, bias)
    # One rounding of the exact sum to bfloat16 (half an ulp: 2^-8 relative); relu is exact.
    ref = np.maximum(x.astype(np.float64) + bias.astype(np.float64)[None, :], 0)
    err = np.abs(y.astype(np.float64) - ref)
    ok = bool((err <= 2.0**-8 * ref).all())
    p = kernel.backend.last_run["programs"][0]
    print(f"bias_relu {M}x{N} bfloat16 on tenstorrent: max |error| {err.max():.3g}: {'ok' if ok else 'MISMATCH'}; "
          f"modeled device time {p['modeled_seconds'] * 1e6:.1f} us, tile ops {p['tile_ops']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
