"""T.cumsum on target "tenstorrent" (a product with a triangular matrix of ones on the matrix engine,
transform/tt_cumsum_lowering.h), run on the emulator and compared with numpy (float64) and with "interpret".

Error bounds (n = the number of terms of a prefix sum, S = Σ|x| over them, u as in tt_check.py):
  * tenstorrent: the source is split into bfloat16 pieces that the multiplier takes exactly (one for bf16,
    three for float32), so every product with the 0/1 triangle is exact; the only error is the float32
    accumulation (in DST and in the packer's L1 accumulation of the pieces): at most (n + 2)·2^-24·S, plus
    the rounding to the output dtype, u_out·|y|.
  * interpret adds sequentially in the destination dtype: (n − 1)·u_out·S + u_out·|y|.
  * tenstorrent vs interpret: one ulp of the output plus the sum of both bounds.
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import U, check, f64, inputs


def cumsum_kernel(M, N, bM, bN, dtype, out_dtype, dim, reverse, in_place):
    """Each bM×bN block of A, its cumsum along dim into B (in place in the shared copy with in_place)."""

    @T.prim_func
    def cumsum_k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            if in_place:
                T.cumsum(A_s, dim=dim, reverse=reverse)
                T.copy(A_s, B[by * bM, bx * bN])
            else:
                B_f = T.alloc_fragment((bM, bN), out_dtype)
                T.cumsum(A_s, B_f, dim=dim, reverse=reverse)
                T.copy(B_f, B[by * bM, bx * bN])
    return cumsum_k


def reference(A, bM, bN, dim, reverse, out_dtype):
    """(cumsum of each block of A in float64, the bound of its errors on both targets against it, the
    interpret-only part of it)."""
    x = f64(A)
    M, N = x.shape
    y, s = np.zeros_like(x), np.zeros_like(x)
    for r in range(0, M, bM):
        for c in range(0, N, bN):
            blk = x[r:r + bM, c:c + bN]
            f = (lambda v: np.flip(np.cumsum(np.flip(v, dim), axis=dim), dim)) if reverse else \
                (lambda v: np.cumsum(v, axis=dim))
            y[r:r + bM, c:c + bN], s[r:r + bM, c:c + bN] = f(blk), f(np.abs(blk))
    n = bN if dim == 1 else bM
    u = U[out_dtype]
    tt = (n + 2) * 2.0**-24 * s
    interp = (n - 1) * u * s
    return y, tt + interp + u * np.abs(y), interp + tt


# (M, N, bM, bN): one tile, several tiles along the summed dim (the running sum crosses tiles), several blocks.
SHAPES = [(32, 32, 32, 32), (64, 128, 64, 128), (96, 64, 32, 64)]


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("M,N,bM,bN", SHAPES)
def test_cumsum(M, N, bM, bN, dtype, dim, reverse):
    rng = np.random.default_rng(M * 7 + N + dim + 2 * reverse)
    A = inputs(rng, (M, N), dtype)
    y, bound, extra = reference(A, bM, bN, dim, reverse, dtype)
    check(cumsum_kernel(M, N, bM, bN, dtype, dtype, dim, reverse, False), [A], y, bound, dtype, extra_interp=extra)
