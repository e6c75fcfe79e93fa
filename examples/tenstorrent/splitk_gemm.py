"""Split-K GEMM on a Tenstorrent device (the emulator when no card is present), in the two-kernel form:
a first T.Kernel over (N-blocks, M-blocks, splits) writes each split's float32 partial product of A (M×K) and
B (K×N) to a workspace W[split, M, N]; a second T.Kernel of the same function sums the splits into C. A tall K
with few output blocks leaves most cores idle in a plain GEMM; the splits put them to work.

TileLang's CUDA example sums the splits with T.atomic_add into C instead (splitk_atomic_matmul below). TT-Metalium
has no atomic read-modify-write on DRAM; the compiler gives that form the same two-kernel shape (lower_tt_atomics:
a workspace of partials, one slice per split, and a combine kernel that adds them to C in a fixed order).

Prints the error against numpy and the modeled device time of both split-K forms next to the plain GEMM of the same
blocks.
Run: python examples/tenstorrent/splitk_gemm.py   (exits nonzero on a mismatch)
"""
import os
import sys

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gemm import matmul  # noqa: E402  the plain GEMM of examples/tenstorrent/gemm.py, to compare with


def splitk_matmul(M, N, K, block_M, block_N, block_K, splits, dtype="bfloat16", accum_dtype="float32",
                  out_dtype="bfloat16"):
    k_per_split = T.ceildiv(T.ceildiv(K, block_K), splits) * block_K  # whole K blocks per split

    @T.prim_func
    def splitk_gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
                    W: T.Tensor((splits, M, N), accum_dtype), C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), splits, threads=128) as (bx, by, bz):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for ko in T.Pipelined(k_per_split // block_K, num_stages=2):
                T.copy(A[by * block_M, bz * k_per_split + ko * block_K], A_shared)
                T.copy(B[bz * k_per_split + ko * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, W[bz, by * block_M, bx * block_N])
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            W_shared = T.alloc_shared((block_M, block_N), accum_dtype)
            C_sum = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_sum)
            for s in T.serial(splits):
                T.copy(W[s, by * block_M, bx * block_N], W_shared)
                for i, j in T.Parallel(block_M, block_N):
                    C_sum[i, j] += W_shared[i, j]
            T.copy(C_sum, C[by * block_M, bx * block_N])
    return splitk_gemm


def splitk_atomic_matmul(M, N, K, block_M, block_N, block_K, splits, dtype="bfloat16", accum_dtype="float32",
                         out_dtype="bfloat16"):
    """Upstream's form: each split adds its partial product into C (C += A·B) with T.atomic_add."""
    k_per_split = T.ceildiv(T.ceildiv(K, block_K), splits) * block_K

    @T.prim_func
    def splitk_atomic(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), splits, threads=128) as (bx, by, bz):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for ko in T.Pipelined(k_per_split // block_K, num_stages=2):
                T.copy(A[by * block_M, bz * k_per_split + ko * block_K], A_shared)
                T.copy(B[bz * k_per_split + ko * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            for i, j in T.Parallel(block_M, block_N):
                T.atomic_add(C[by * block_M + i, bx * block_N + j], C_local[i, j])
    return splitk_atomic


SIZES = (256, 256, 8192)  # M, N, K: tall K, 4×4 = 16 output blocks of 64×64
BLOCKS = (64, 64, 128)
SPLITS = 4                # 64 blocks in the first kernel: every core of an 8×8 grid


def main():
    M, N, K = SIZES
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (M, K)).astype(np.float32).astype(ml_dtypes.bfloat16)
    b = rng.uniform(-1, 1, (K, N)).astype(np.float32).astype(ml_dtypes.bfloat16)
    w = np.zeros((SPLITS, M, N), np.float32)

    # bf16 products are exact in fp32; the K products (split partials and their sum included) are summed in
    # fp32: error <= K·2^-24·Σ|a||b|; then one rounding to the bf16 output (2^-8 relative).
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    ref = a64 @ b64
    bound = 2.0**-8 * np.abs(ref) + K * 2.0**-24 * (np.abs(a64) @ np.abs(b64)) * 1.01

    ok = True
    times = {}
    for name, func, args in (("split-K", splitk_matmul(M, N, K, *BLOCKS, SPLITS), (a, b, w)),
                             ("split-K atomic_add", splitk_atomic_matmul(M, N, K, *BLOCKS, SPLITS), None),
                             ("plain", matmul(M, N, K, *BLOCKS), (a, b))):
        if args is None:  # C += A·B into C = 0, in place
            kernel = tilelang.compile(func, target="tenstorrent")
            c = np.zeros((M, N), ml_dtypes.bfloat16)
            kernel(a, b, c)
        else:
            kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent")
            c = kernel(*args)
        err = np.abs(c.astype(np.float64) - ref)
        good = bool((err <= bound).all())
        ok &= good
        programs = kernel.backend.last_run["programs"]
        times[name] = sum(p["modeled_seconds"] for p in programs)
        print(f"{name} gemm {M}x{N}x{K} on tenstorrent: max |error| {err.max():.3g} "
              f"(bound {bound[np.unravel_index(err.argmax(), err.shape)]:.3g} there): {'ok' if good else 'MISMATCH'}")
        for p in programs:
            print(f"  {p['program']}: {p['kernels'] // 3} cores, modeled device time {p['modeled_seconds'] * 1e6:.1f} us, "
                  f"DRAM read {p['noc_read_bytes_dram']} B, write {p['noc_write_bytes_dram']} B")
    for form in ("split-K", "split-K atomic_add"):
        print(f"{form} ({SPLITS} splits) vs plain GEMM, modeled: {times[form] * 1e6:.1f} us vs "
              f"{times['plain'] * 1e6:.1f} us ({times['plain'] / times[form]:.2f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
