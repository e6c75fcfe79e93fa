"""Tiled GEMM on a Tenstorrent device (the emulator when no card is present): C = A @ B in bfloat16 with a
float32 accumulator, 128×128 output blocks and a pipelined K loop. Prints what was generated, the error against
numpy, the modeled device time and the device counters.

Run: python examples/tenstorrent/gemm.py   (exits nonzero on a mismatch)
"""
import sys
import time

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def matmul(M, N, K, block_M=128, block_N=128, block_K=32, dtype="bfloat16", accum_dtype="float32"):
    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, ko * block_K], A_shared)
                T.copy(B[ko * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])
    return gemm


SIZES = (512, 512, 256)  # M, N, K: 4×4 = 16 blocks of 128×128, K in 8 steps of 32


def main():
    M, N, K = SIZES
    t = time.perf_counter()
    kernel = tilelang.compile(matmul(M, N, K), out_idx=-1, target="tenstorrent")
    compile_s = time.perf_counter() - t
    files = kernel.get_kernel_source()
    print(f"gemm {M}x{N}x{K} bfloat16 (float32 accumulate) for tenstorrent: emitted {', '.join(sorted(files))}")
    print(f"  lowering {kernel.backend.lower_seconds * 1e3:.1f} ms, host build {kernel.backend.build_seconds:.2f} s "
          f"({'cache hit' if kernel.backend.cache_hit else 'built'}), compile total {compile_s:.2f} s")

    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (M, K)).astype(np.float32).astype(ml_dtypes.bfloat16)
    b = rng.uniform(-1, 1, (K, N)).astype(np.float32).astype(ml_dtypes.bfloat16)
    t = time.perf_counter()
    c = kernel(a, b)
    run_s = time.perf_counter() - t

    # bf16 products are exact in fp32; K products summed in fp32 (error <= K·2^-24·Σ|a||b|), then one rounding
    # to bfloat16 (half an ulp: 2^-8 relative).
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    ref = a64 @ b64
    bound = 2.0**-8 * np.abs(ref) + K * 2.0**-24 * (np.abs(a64) @ np.abs(b64)) * 1.01
    err = np.abs(c.astype(np.float64) - ref)
    ok = bool((err <= bound).all())
    print(f"  ran on the emulator in {run_s:.2f} s: max |error| {err.max():.3g} "
          f"(bound {bound[np.unravel_index(err.argmax(), err.shape)]:.3g} there): {'ok' if ok else 'MISMATCH'}")
    for p in kernel.backend.last_run["programs"]:
        flops = 2.0 * M * N * K
        print(f"  {p['program']} on {p['device']}: modeled device time {p['modeled_seconds'] * 1e6:.1f} us "
              f"({p['modeled_cycles']} cycles, {flops / p['modeled_seconds'] / 1e12:.2f} TFLOP/s modeled), "
              f"DRAM read {p['noc_read_bytes_dram']} B, write {p['noc_write_bytes_dram']} B, tile ops {p['tile_ops']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
