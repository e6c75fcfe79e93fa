"""The remaining dtypes: float8_e4m3 / float8_e5m2 (ml_dtypes arrays), bool, int8, uint8 (wrap-around),
and float16 accumulation in the fragment's dtype."""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

FP8 = {"float8_e4m3": ml_dtypes.float8_e4m3fn, "float8_e5m2": ml_dtypes.float8_e5m2}


@pytest.mark.parametrize("name", list(FP8))
def test_fp8_roundtrip_and_scale(rng, name):
    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), Q: T.Tensor((64,), name), D: T.Tensor((64,), "float32")):
        with T.Kernel(1) as bx:
            q = T.alloc_fragment((64,), name)
            T.copy(A, q)                       # float32 → fp8, round to nearest even
            T.copy(q, Q)
            for i in T.Parallel(64):
                D[i] = T.cast(Q[i], "float32") * 2.0
    a = (rng.standard_normal(64) * 4).astype(np.float32)
    q, d = tilelang.compile(f, out_idx=[1, 2])(a)
    assert q.dtype == FP8[name]
    expected = a.astype(FP8[name])
    np.testing.assert_array_equal(q.astype(np.float32), expected.astype(np.float32))
    np.testing.assert_array_equal(d, expected.astype(np.float32) * 2)


def test_fp8_inputs(rng):
    @T.prim_func
    def f(A: T.Tensor((32,), "float8_e4m3"), B: T.Tensor((32,), "float8_e5m2"), C: T.Tensor((32,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(32):
                C[i] = T.cast(A[i], "float32") + T.cast(B[i], "float32")
    a = rng.standard_normal(32).astype(ml_dtypes.float8_e4m3fn)
    b = rng.standard_normal(32).astype(ml_dtypes.float8_e5m2)
    c = tilelang.compile(f, out_idx=2)(a, b)
    np.testing.assert_array_equal(c, a.astype(np.float32) + b.astype(np.float32))


def test_bool_mask(rng):
    @T.prim_func
    def f(A: T.Tensor((32,), "float32"), M: T.Tensor((32,), "bool"), B: T.Tensor((32,), "float32"),
          P: T.Tensor((32,), "bool")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(32):
                B[i] = T.if_then_else(M[i], A[i], 0.0)
                P[i] = A[i] > 0
    a = rng.standard_normal(32).astype(np.float32)
    m = rng.random(32) > 0.5
    b, p = tilelang.compile(f, out_idx=[2, 3])(a, m)
    np.testing.assert_array_equal(b, np.where(m, a, 0))
    assert p.dtype == np.bool_
    np.testing.assert_array_equal(p, a > 0)


def test_int8_uint8_wrap(rng):
    @T.prim_func
    def f(A: T.Tensor((16,), "int8"), B: T.Tensor((16,), "uint8"), C: T.Tensor((16,), "int8"),
          D: T.Tensor((16,), "uint8")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(16):
                C[i] = A[i] * T.int8(3)
                D[i] = B[i] + T.uint8(200)
    a = rng.integers(-128, 128, 16).astype(np.int8)
    b = rng.integers(0, 256, 16).astype(np.uint8)
    c, d = tilelang.compile(f, out_idx=[2, 3])(a, b)
    np.testing.assert_array_equal(c, (a.astype(np.int64) * 3).astype(np.int8))   # wraps at 8 bits
    np.testing.assert_array_equal(d, (b.astype(np.int64) + 200).astype(np.uint8))


def test_float16_fragment_accumulates_in_float16():
    # summing 0.1 (as f16) 1000 times in a float16 accumulator stalls where f16 spacing exceeds the addend
    @T.prim_func
    def f(B: T.Tensor((1,), "float16")):
        with T.Kernel(1) as bx:
            acc = T.alloc_fragment((1,), "float16")
            T.clear(acc)
            for k in T.serial(1000):
                acc[0] = acc[0] + T.float16(0.1)
            B[0] = acc[0]
    b = tilelang.compile(f, out_idx=0)()
    ref = np.float16(0)
    for _ in range(1000):
        ref = np.float16(ref + np.float16(0.1))
    assert b[0] == ref and abs(float(ref) - 100.0) > 1.0


@pytest.mark.parametrize("name,npdt", [("int64", np.int64), ("uint32", np.uint32), ("float64", np.float64)])
def test_wide_dtypes(name, npdt):
    @T.prim_func
    def f(A: T.Tensor((8,), name), B: T.Tensor((8,), name)):
        with T.Kernel(1) as bx:
            for i in T.Parallel(8):
                B[i] = A[i] + A[i] * 3
    scale = 10**12 if name != "uint32" else 1000003   # int64/float64: values beyond the int32 range
    a = (np.arange(8) * scale).astype(npdt)
    np.testing.assert_array_equal(tilelang.compile(f, out_idx=1)(a), a + a * 3)
