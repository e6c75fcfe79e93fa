"""T.gemm: shapes, transposes, clear_accum, dtypes (accumulating in the fragment's dtype), and speed."""
import time

import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from conftest import assert_close


def matmul(M, N, K, bM, bN, bK, dtype, accum="float32", trans_A=False, trans_B=False, stages=2):
    a_shape = (K, M) if trans_A else (M, K)
    b_shape = (N, K) if trans_B else (K, N)
    a_tile = (bK, bM) if trans_A else (bM, bK)
    b_tile = (bN, bK) if trans_B else (bK, bN)

    @T.prim_func
    def gemm(A: T.Tensor(a_shape, dtype), B: T.Tensor(b_shape, dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared(a_tile, dtype)
            B_s = T.alloc_shared(b_tile, dtype)
            C_l = T.alloc_fragment((bM, bN), accum)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=stages):
                if trans_A:
                    T.copy(A[k * bK, by * bM], A_s)
                else:
                    T.copy(A[by * bM, k * bK], A_s)
                if trans_B:
                    T.copy(B[bx * bN, k * bK], B_s)
                else:
                    T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l, transpose_A=trans_A, transpose_B=trans_B)
            T.copy(C_l, C[by * bM, bx * bN])
    return gemm


@pytest.mark.parametrize("trans_A,trans_B", [(False, False), (False, True), (True, False), (True, True)])
def test_gemm_transposes(rng, trans_A, trans_B):
    M, N, K = 64, 96, 80
    a = rng.standard_normal((K, M) if trans_A else (M, K)).astype(np.float32)
    b = rng.standard_normal((N, K) if trans_B else (K, N)).astype(np.float32)
    kernel = tilelang.compile(matmul(M, N, K, 32, 32, 16, "float32", trans_A=trans_A, trans_B=trans_B), out_idx=-1)
    c = kernel(a, b)
    ref = (a.T if trans_A else a).astype(np.float64) @ (b.T if trans_B else b).astype(np.float64)
    # K=80 products summed in float32: error ~ K * 2^-24 * |terms|
    np.testing.assert_allclose(c, ref, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_gemm_low_precision_inputs(rng, dtype):
    npdt = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    M = N = K = 64
    a = rng.standard_normal((M, K)).astype(npdt)
    b = rng.standard_normal((K, N)).astype(npdt)
    c = tilelang.compile(matmul(M, N, K, 32, 32, 32, dtype), out_idx=-1)(a, b)
    # products of exact inputs accumulated in f32, then one rounding to the output dtype
    ref = (a.astype(np.float64) @ b.astype(np.float64))
    assert_close(c, ref, dtype)


def test_gemm_clear_accum_and_accumulate(rng):
    @T.prim_func
    def g(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32"), C: T.Tensor((32, 32), "float32"),
          D: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            acc = T.alloc_fragment((32, 32), "float32")
            T.fill(acc, 1.0)
            T.gemm(A, B, acc)                   # acc = 1 + A@B
            T.copy(acc, C)
            T.gemm(A, B, acc, clear_accum=True)  # acc = A@B
            T.copy(acc, D)
    a = rng.standard_normal((32, 32)).astype(np.float32)
    b = rng.standard_normal((32, 32)).astype(np.float32)
    c, d = tilelang.compile(g, out_idx=[2, 3])(a, b)
    ref = a.astype(np.float64) @ b
    np.testing.assert_allclose(c, ref + 1, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(d, ref, rtol=1e-5, atol=1e-5)


def test_gemm_speed_256():
    rng = np.random.default_rng(1)
    kernel = tilelang.compile(matmul(256, 256, 256, 64, 64, 32, "float32"), out_idx=-1)
    a = rng.standard_normal((256, 256)).astype(np.float32)
    b = rng.standard_normal((256, 256)).astype(np.float32)
    t = time.perf_counter()
    c = kernel(a, b)
    elapsed = time.perf_counter() - t
    np.testing.assert_allclose(c, a.astype(np.float64) @ b, rtol=1e-4, atol=1e-3)
    assert elapsed < 1.0, f"256^3 float32 GEMM took {elapsed:.3f}s"


@tilelang.jit
def eager_matmul(A, B, block_M=32, block_N=32, block_K=32):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), T.float16)
    B: T.Tensor((K, N), T.float16)
    C = T.empty((M, N), T.float32)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        A_s = T.alloc_shared((block_M, block_K), T.float16)
        B_s = T.alloc_shared((block_K, block_N), T.float16)
        acc = T.alloc_fragment((block_M, block_N), T.float32)
        T.clear(acc)
        for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
            T.copy(A[by * block_M, k * block_K], A_s)
            T.copy(B[k * block_K, bx * block_N], B_s)
            T.gemm(A_s, B_s, acc)
        T.copy(acc, C[by * block_M, bx * block_N])
    return C


def test_eager_gemm(rng):
    a = rng.standard_normal((64, 48)).astype(np.float16)
    b = rng.standard_normal((48, 96)).astype(np.float16)
    c = eager_matmul(a, b)
    assert c.dtype == np.float32
    np.testing.assert_allclose(c, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-5, atol=1e-4)
