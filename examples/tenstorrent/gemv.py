"""GEMV on a Tenstorrent device (the emulator when no card is present), in TileLang's tile-level forms:
  * y = A·x: per K block, A's block times x's block broadcast along the rows (P[i, j] = A_s[i, j] * x_s[j]),
    then T.reduce_sum(P, y_l, dim=1, clear=False) accumulates the row sums; one core per block of outputs;
  * y = x·Bᵀ: T.gemm with transpose_B and the one-row x padded to a 32-row tile.
A GEMV is bound by DRAM bandwidth (each matrix element is used once): the example prints the DRAM bytes moved
over the compulsory bytes (matrix, vector and result once each) and the modeled device time.

Run: python examples/tenstorrent/gemv.py   (exits nonzero on a mismatch)
"""
import sys

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def gemv_rows(M, K, block_M, block_K, dtype="bfloat16", accum_dtype="float32"):
    @T.prim_func
    def gemv(A: T.Tensor((M, K), dtype), x: T.Tensor((K,), dtype), y: T.Tensor((M,), accum_dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            x_shared = T.alloc_shared((block_K,), dtype)
            prod = T.alloc_fragment((block_M, block_K), accum_dtype)
            y_local = T.alloc_fragment((block_M,), accum_dtype)
            T.clear(y_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[bx * block_M, ko * block_K], A_shared)
                T.copy(x[ko * block_K], x_shared)
                for i, j in T.Parallel(block_M, block_K):
                    prod[i, j] = A_shared[i, j] * x_shared[j]
                T.reduce_sum(prod, y_local, dim=1, clear=False)
            T.copy(y_local, y[bx * block_M])
    return gemv


def gemv_one_row(N, K, block_N, block_K, dtype="bfloat16", accum_dtype="float32"):
    @T.prim_func
    def gemv_t(x: T.Tensor((1, K), dtype), B: T.Tensor((N, K), dtype), y: T.Tensor((1, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), threads=128) as bx:
            x_shared = T.alloc_shared((32, block_K), dtype)  # row 0 is x, rows 1..31 the tile's zero pad
            B_shared = T.alloc_shared((block_N, block_K), dtype)
            y_local = T.alloc_fragment((32, block_N), accum_dtype)
            T.clear(y_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(x[0, ko * block_K], x_shared)
                T.copy(B[bx * block_N, ko * block_K], B_shared)
                T.gemm(x_shared, B_shared, y_local, transpose_B=True)
            T.copy(y_local, y[0, bx * block_N])
    return gemv_t


SIZES = (4096, 4096)   # rows of the matrix, K
BLOCKS = (128, 128)    # 32 blocks of 128 outputs, K in steps of 128


def main():
    M, K = SIZES
    rng = np.random.default_rng(0)
    mat = rng.uniform(-1, 1, (M, K)).astype(np.float32).astype(ml_dtypes.bfloat16)
    vec = rng.uniform(-1, 1, (K,)).astype(np.float32).astype(ml_dtypes.bfloat16)
    m64, v64 = mat.astype(np.float64), vec.astype(np.float64)
    ref = m64 @ v64
    mag = np.abs(m64) @ np.abs(v64)
    ok = True
    # Broadcast-reduce: the reduction reads the float32 products with 9 mantissa bits (2^-9 each), summed in
    # float32 (K·2^-24). Gemm: exact bf16 products summed in float32, then one rounding to bf16 (2^-8).
    cases = (("A·x broadcast-reduce", gemv_rows(M, K, *BLOCKS), (mat, vec), (2.0**-9 + K * 2.0**-24) * mag),
             ("x·Bᵀ gemm", gemv_one_row(M, K, *BLOCKS), (vec.reshape(1, K), mat),
              2.0**-8 * np.abs(ref) + K * 2.0**-24 * mag))
    for name, func, args, bound in cases:
        kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent")
        y = kernel(*args).reshape(M)
        err = np.abs(y.astype(np.float64) - ref)
        good = bool((err <= bound * 1.01).all())
        ok &= good
        compulsory = mat.nbytes + vec.nbytes + y.nbytes
        p = kernel.backend.last_run["programs"][0]
        moved = p["noc_read_bytes_dram"] + p["noc_write_bytes_dram"]
        print(f"gemv {name} {M}x{K} on tenstorrent: max |error| {err.max():.3g}: {'ok' if good else 'MISMATCH'}; "
              f"{p['kernels'] // 3} cores, modeled device time {p['modeled_seconds'] * 1e6:.1f} us, DRAM bytes "
              f"{moved} = {moved / compulsory:.3f} x compulsory")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
