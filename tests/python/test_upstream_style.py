"""Kernels in the style of upstream TileLang examples (written here): a per-token fp8 quantizer
(reduce_absmax, clamp, fp8 copy-cast, alloc_var, if_then_else) and a looped RMSNorm (`range` over K steps,
slices, T.Serial)."""
import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


@tilelang.jit(out_idx=[1, 2])
def per_token_cast_to_fp8(M, N, blk_m=8, group=32):
    fp8_max = 448.0

    @T.prim_func
    def main(X: T.Tensor((M, N), "bfloat16"), X_fp8: T.Tensor((M, N), "float8_e4m3"),
             X_amax: T.Tensor((M, N // group), "float32")):
        with T.Kernel(T.ceildiv(M, blk_m), N // group, threads=128) as (bx, by):
            x = T.alloc_fragment((blk_m, group), "float32")
            amax = T.alloc_fragment((blk_m,), "float32")
            q = T.alloc_fragment((blk_m, group), "float8_e4m3")
            row = T.alloc_var("int32")
            T.copy(X[bx * blk_m, by * group], x)
            T.reduce_absmax(x, amax, dim=1)
            for i in T.Parallel(blk_m):
                amax[i] = T.max(amax[i], 1e-4) / fp8_max
            for i, j in T.Parallel(blk_m, group):
                q[i, j] = T.clamp(x[i, j] / amax[i], -fp8_max, fp8_max)
            T.copy(q, X_fp8[bx * blk_m, by * group])
            for i in T.serial(blk_m):
                row = bx * blk_m + i
                X_amax[row, by] = T.if_then_else(row < M, amax[i], 0.0)
    return main


def test_per_token_fp8_cast(rng):
    M, N, group = 16, 64, 32
    x = (rng.standard_normal((M, N)) * 10).astype(ml_dtypes.bfloat16)
    q, s = per_token_cast_to_fp8(M, N)(x)
    xf = x.astype(np.float32).reshape(M, N // group, group)
    scale = np.maximum(np.abs(xf).max(-1), np.float32(1e-4)) / np.float32(448.0)
    np.testing.assert_allclose(s, scale, rtol=1e-6)
    ref = np.clip(xf / scale[..., None], -448, 448).reshape(M, N).astype(ml_dtypes.float8_e4m3fn)
    # float32 divide then one round-to-nearest-even to e4m3: equal to ml_dtypes' conversion of the same value
    np.testing.assert_array_equal(q.astype(np.float32), ref.astype(np.float32))


def rms_norm_splitk(M, N, blk_m=4, blk_k=32):
    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, blk_m), threads=128) as bx:
            a_sh = T.alloc_shared((blk_m, blk_k), "float32")
            a_loc = T.alloc_fragment((blk_m, blk_k), "float32")
            sq = T.alloc_fragment((blk_m, blk_k), "float32")
            ssum = T.alloc_fragment((blk_m,), "float32")
            T.clear(ssum)
            for k in range(N // blk_k):
                T.copy(A[bx * blk_m:(bx + 1) * blk_m, k * blk_k:(k + 1) * blk_k], a_sh)
                T.copy(a_sh, a_loc)
                for i, j in T.Parallel(blk_m, blk_k):
                    sq[i, j] = a_loc[i, j] * a_loc[i, j]
                T.reduce_sum(sq, ssum, dim=1, clear=False)
            for i in T.Parallel(blk_m):
                ssum[i] = T.rsqrt(ssum[i] / N + 1e-12)
            for k in T.Serial(N // blk_k):
                T.copy(A[bx * blk_m, k * blk_k], a_loc)
                for i, j in T.Parallel(blk_m, blk_k):
                    a_loc[i, j] *= ssum[i]
                T.copy(a_loc, B[bx * blk_m, k * blk_k])
    return main


def test_rms_norm_splitk(rng):
    a = rng.standard_normal((12, 128)).astype(np.float32)
    b = tilelang.compile(rms_norm_splitk(12, 128), out_idx=1)(a)
    ad = a.astype(np.float64)
    ref = ad / np.sqrt((ad * ad).mean(1, keepdims=True) + 1e-12)
    np.testing.assert_allclose(b, ref, rtol=1e-5, atol=1e-6)
