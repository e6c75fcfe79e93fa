"""Element-wise add, eager style: C = A + B for any (M, N), checked against numpy on target "interpret".

Run: python examples/elementwise_add.py   (exits nonzero on a mismatch)
"""
import sys

import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


@tilelang.jit(target="interpret")
def elementwise_add(A, B, block_M=32, block_N=64, dtype=T.float32):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B: T.Tensor((M, N), dtype)
    C = T.empty((M, N), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        a_tile = T.alloc_shared((block_M, block_N), dtype)
        b_tile = T.alloc_shared((block_M, block_N), dtype)
        c_tile = T.alloc_fragment((block_M, block_N), dtype)
        T.copy(A[by * block_M, bx * block_N], a_tile)
        T.copy(B[by * block_M, bx * block_N], b_tile)
        for i, j in T.Parallel(block_M, block_N):
            c_tile[i, j] = a_tile[i, j] + b_tile[i, j]
        T.copy(c_tile, C[by * block_M, bx * block_N])
    return C


def main():
    rng = np.random.default_rng(0)
    ok = True
    for shape in [(128, 256), (100, 70)]:          # the second leaves partial edge tiles
        a = rng.standard_normal(shape).astype(np.float32)
        b = rng.standard_normal(shape).astype(np.float32)
        c = elementwise_add(a, b)
        exact = np.array_equal(c, a + b)           # one float32 rounding each: must match numpy exactly
        print(f"elementwise_add {shape}: {'ok' if exact else 'MISMATCH'}")
        ok &= exact
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
