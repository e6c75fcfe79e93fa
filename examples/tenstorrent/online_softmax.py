"""Online softmax on a Tenstorrent device (the emulator when no card is present), in ordinary TileLang.

Each core owns block_M rows. Pass 1 walks the row in block_N column blocks keeping a running max m (reduce_max
with clear=False) and a running sum l of exp2((x - m)·log2 e), rescaled by exp2((m_old - m)·log2 e) whenever the
max grows; pass 2 reads the row again and writes exp2((x - m)·log2 e) / l. A row is never held whole in L1, so N
can be as long as DRAM allows.

Run: python examples/tenstorrent/online_softmax.py   (exits nonzero on a mismatch)
"""
import sys

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T

LOG2E = 1.4426950408889634


def online_softmax(M, N, block_M, block_N, dtype="bfloat16"):
    @T.prim_func
    def online_softmax_k(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_shared((block_M, block_N), dtype)
            p = T.alloc_fragment((block_M, block_N), "float32")
            y = T.alloc_fragment((block_M, block_N), dtype)
            m = T.alloc_fragment((block_M,), "float32")
            m_prev = T.alloc_fragment((block_M,), "float32")
            scale = T.alloc_fragment((block_M,), "float32")
            rs = T.alloc_fragment((block_M,), "float32")
            l = T.alloc_fragment((block_M,), "float32")
            T.fill(m, -T.infinity("float32"))
            T.fill(l, 0.0)
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=2):
                T.copy(X[bx * block_M, k * block_N], x)
                T.copy(m, m_prev)
                T.reduce_max(x, m, dim=1, clear=False)
                for i in T.Parallel(block_M):
                    scale[i] = T.exp2((m_prev[i] - m[i]) * LOG2E)
                for i, j in T.Parallel(block_M, block_N):
                    p[i, j] = T.exp2((x[i, j] - m[i]) * LOG2E)
                T.reduce_sum(p, rs, dim=1)
                for i in T.Parallel(block_M):
                    l[i] = l[i] * scale[i] + rs[i]
            for i in T.Parallel(block_M):
                l[i] = 1.0 / l[i]
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=2):
                T.copy(X[bx * block_M, k * block_N], x)
                for i, j in T.Parallel(block_M, block_N):
                    y[i, j] = T.exp2((x[i, j] - m[i]) * LOG2E) * l[i]
                T.copy(y, Y[bx * block_M, k * block_N])
    return online_softmax_k


SIZES = (1024, 2048)   # rows, row length
BLOCKS = (32, 256)     # 32 cores of 32 rows, 8 column blocks per pass


def main():
    M, N = SIZES
    rng = np.random.default_rng(0)
    X = rng.uniform(-6, 6, (M, N)).astype(np.float32).astype(ml_dtypes.bfloat16)
    x = X.astype(np.float64)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    kernel = tilelang.compile(online_softmax(M, N, *BLOCKS), out_idx=-1, target="tenstorrent")
    Y = kernel(X).astype(np.float64)
    # float32 FPU operands keep 9 mantissa bits (reduce, broadcasts: 2^-9 each, the max's shift 2^-9·|m| in
    # both passes), exp2 on the SFPU, the bf16 output (2^-8): see tests/python/tt/test_tt_softmax.py.
    bound = (2 * 2.0**-9 * 6 + 3 * 2.0**-9 + 2 * 2.0**-12 + 2.0**-8) * ref
    err = np.abs(Y - ref)
    good = bool((err <= bound).all())
    p = kernel.backend.last_run["programs"][0]
    print(f"online softmax {M}x{N} on tenstorrent: max |error| {err.max():.3g}: {'ok' if good else 'MISMATCH'}; "
          f"{p['kernels'] // 3} cores, modeled device time {p['modeled_seconds'] * 1e6:.1f} us, "
          f"DRAM bytes {p['dram_bytes']} = {p['dram_bytes'] / (3 * X.nbytes):.2f} x (X read twice, Y written once)")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
