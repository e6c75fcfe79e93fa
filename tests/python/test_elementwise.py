"""Element-wise kernels in both styles, over the supported dtypes (T.Parallel, scalar loads/stores)."""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from conftest import assert_close

NP = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16, "int32": np.int32,
      "int8": np.int8, "uint8": np.uint8}


def classic_add(M, N, bM, bN, dtype):
    @T.prim_func
    def add(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                C[by * bM + i, bx * bN + j] = A[by * bM + i, bx * bN + j] + B[by * bM + i, bx * bN + j]
    return add


@tilelang.jit
def eager_add(A, B, block_M=32, block_N=32, dtype=T.float32):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B: T.Tensor((M, N), dtype)
    C = T.empty((M, N), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        for i, j in T.Parallel(block_M, block_N):
            C[by * block_M + i, bx * block_N + j] = A[by * block_M + i, bx * block_N + j] + \
                B[by * block_M + i, bx * block_N + j]
    return C


def _inputs(rng, shape, dtype):
    if dtype in ("int32", "int8"):
        return [rng.integers(-50, 50, shape).astype(NP[dtype]) for _ in range(2)]
    if dtype == "uint8":
        return [rng.integers(0, 100, shape).astype(NP[dtype]) for _ in range(2)]
    return [rng.standard_normal(shape).astype(NP[dtype]) for _ in range(2)]


@pytest.mark.parametrize("dtype", list(NP))
def test_classic_add(rng, dtype):
    a, b = _inputs(rng, (64, 96), dtype)
    kernel = tilelang.compile(classic_add(64, 96, 32, 32, dtype), out_idx=-1, target="interpret")
    c = kernel(a, b)
    assert c.dtype == NP[dtype]
    # one rounding of an exact sum: correctly rounded result equals numpy's same-dtype add
    expected = (a.astype(np.float64) + b.astype(np.float64)).astype(NP[dtype])
    np.testing.assert_array_equal(c.astype(np.float64), expected.astype(np.float64))


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "int32"])
def test_eager_add(rng, dtype):
    a, b = _inputs(rng, (64, 64), dtype)
    c = eager_add(a, b, dtype=dtype)
    expected = (a.astype(np.float64) + b.astype(np.float64)).astype(NP[dtype])
    np.testing.assert_array_equal(c.astype(np.float64), expected.astype(np.float64))


def test_eager_partial_tiles_and_cache(rng):
    # 50x70 is not a multiple of the 32x32 block: out-of-bounds reads give 0, writes are dropped
    a, b = _inputs(rng, (50, 70), "float32")
    c = eager_add(a, b)
    np.testing.assert_array_equal(c, a + b)
    n = len(eager_add.cache)
    eager_add(b, a)
    assert len(eager_add.cache) == n  # same shapes/dtypes/params: no new compile
    eager_add(a[:40], b[:40])
    assert len(eager_add.cache) == n + 1


def test_eager_compile_returns_kernel(rng):
    kernel = eager_add.compile(M=64, N=32, block_M=16)
    a, b = _inputs(rng, (64, 32), "float32")
    np.testing.assert_array_equal(kernel(a, b), a + b)
    assert "grid(1, 4)" in kernel.get_ir()
    assert kernel.get_kernel_source() == kernel.get_ir()


@tilelang.jit(out_idx=[-1])
def lazy_scale(M, N, factor, dtype="float16"):
    @T.prim_func
    def scale(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(M) as bx:
            for j in T.Parallel(N):
                B[bx, j] = A[bx, j] * factor
    return scale


def test_lazy_jit_factory(rng):
    k = lazy_scale(8, 16, 0.5)
    assert lazy_scale(8, 16, 0.5) is k  # cached per arguments
    a = rng.standard_normal((8, 16)).astype(np.float16)
    np.testing.assert_array_equal(k(a), a * np.float16(0.5))


def test_in_place_without_out_idx(rng):
    kernel = tilelang.compile(classic_add(32, 32, 32, 32, "float32"))
    a, b = _inputs(rng, (32, 32), "float32")
    c = np.zeros((32, 32), np.float32)
    assert kernel(a, b, c) is None
    np.testing.assert_array_equal(c, a + b)
    # a non-contiguous output view is written back too
    big = np.zeros((32, 64), np.float32)
    kernel(a, b, big[:, ::2])
    np.testing.assert_array_equal(big[:, ::2], a + b)


def test_multiple_outputs_list(rng):
    @T.prim_func
    def two(A: T.Tensor((16,), "float32"), B: T.Tensor((16,), "float32"), C: T.Tensor((16,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(16):
                B[i] = A[i] * 2.0
                C[i] = A[i] - 1.0
    a = rng.standard_normal(16).astype(np.float32)
    b, c = tilelang.compile(two, out_idx=[1, 2])(a)
    np.testing.assert_array_equal(b, a * 2)
    np.testing.assert_array_equal(c, a - 1)


def test_bf16_rounding_tolerance(rng):
    # a chain of bf16 ops: each rounds to 8 significant bits, so compare within a few bf16 ulps
    @T.prim_func
    def chain(A: T.Tensor((64,), "bfloat16"), B: T.Tensor((64,), "bfloat16")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                B[i] = (A[i] * A[i] + A[i]) * 0.75
    a = rng.standard_normal(64).astype(ml_dtypes.bfloat16)
    b = tilelang.compile(chain, out_idx=1)(a)
    x = a.astype(np.float64)
    assert_close(b, (x * x + x) * 0.75, "bfloat16")
