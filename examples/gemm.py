"""Tiled GEMM, classic style: C = A @ B with shared tiles, a float32 fragment accumulator and a pipelined K
loop, checked against numpy on target "interpret".

Run: python examples/gemm.py   (exits nonzero on a mismatch)
"""
import sys
import time

import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


@tilelang.jit(out_idx=[-1], target="interpret")
def matmul(M, N, K, block_M=64, block_N=64, block_K=32, dtype="float16", accum_dtype="float32"):
    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.use_swizzle(panel_size=8)
            T.clear(C_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
                T.copy(A[by * block_M, ko * block_K], A_shared)
                T.copy(B[ko * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])
    return gemm


def main():
    M, N, K = 256, 256, 256
    kernel = matmul(M, N, K)
    rng = np.random.default_rng(0)
    a = rng.standard_normal((M, K)).astype(np.float16)
    b = rng.standard_normal((K, N)).astype(np.float16)
    t = time.perf_counter()
    c = kernel(a, b)
    elapsed = time.perf_counter() - t
    ref = a.astype(np.float64) @ b.astype(np.float64)
    # float16 inputs are exact in float32; K=256 products summed in float32, then one rounding to float16:
    # the error is dominated by that rounding, 2^-11 relative (plus a little for cancellation near zero).
    err = np.abs(c.astype(np.float64) - ref)
    tol = 2.0**-10 * np.abs(ref) + 1e-2
    ok = bool((err <= tol).all())
    print(f"gemm {M}x{N}x{K} float16 (float32 accumulate): max abs err {err.max():.3g}, "
          f"{elapsed * 1e3:.1f} ms on the interpreter: {'ok' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
