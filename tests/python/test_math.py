"""Scalar math: intrinsics, T.max/T.min, T.cast, T.if_then_else, T.infinity, T.clamp, T.ceildiv, operators."""
import math

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

UNARY = {
    "exp": (T.exp, np.exp), "exp2": (T.exp2, np.exp2), "log": (T.log, np.log), "log2": (T.log2, np.log2),
    "sqrt": (T.sqrt, np.sqrt), "rsqrt": (T.rsqrt, lambda x: 1 / np.sqrt(x)), "abs": (T.abs, np.abs),
    "tanh": (T.tanh, np.tanh), "sigmoid": (T.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
    "floor": (T.floor, np.floor), "ceil": (T.ceil, np.ceil), "sin": (T.sin, np.sin), "cos": (T.cos, np.cos),
    "erf": (T.erf, np.vectorize(math.erf)), "log1p": (T.log1p, np.log1p), "expm1": (T.expm1, np.expm1),
    "trunc": (T.trunc, np.trunc), "tan": (T.tan, np.tan), "asin": (T.asin, np.arcsin),
    "acos": (T.acos, np.arccos), "atan": (T.atan, np.arctan), "sinh": (T.sinh, np.sinh), "cosh": (T.cosh, np.cosh),
    "asinh": (T.asinh, np.arcsinh), "acosh": (T.acosh, np.arccosh), "atanh": (T.atanh, np.arctanh),
    "exp10": (T.exp10, lambda x: np.power(10.0, x)), "nearbyint": (T.nearbyint, np.rint),
}
POSITIVE = {"log", "log2", "sqrt", "rsqrt", "log1p"}
DOMAIN = {"asin": (-0.95, 0.95), "acos": (-0.95, 0.95), "atanh": (-0.9, 0.9), "acosh": (1.05, 4.0),
          "tan": (-1.4, 1.4)}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_float32(rng, name):
    fn, ref = UNARY[name]

    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                B[i] = fn(A[i])
    lo, hi = DOMAIN.get(name, (0.1, 3.0) if name in POSITIVE else (-3.0, 3.0))
    a = rng.uniform(lo, hi, 64).astype(np.float32)
    b = tilelang.compile(f, out_idx=1)(a)
    # float32 libm-level accuracy: a few ulps
    np.testing.assert_allclose(b, ref(a.astype(np.float64)), rtol=4e-6, atol=1e-6)


def test_unary_float16_rounds_to_float16(rng):
    @T.prim_func
    def f(A: T.Tensor((64,), "float16"), B: T.Tensor((64,), "float16")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                B[i] = T.exp(A[i])
    a = rng.uniform(-2, 2, 64).astype(np.float16)
    b = tilelang.compile(f, out_idx=1)(a)
    # exp computed then rounded to float16: within half an ulp of f16 (2^-11 relative), plus libm slack
    np.testing.assert_allclose(b.astype(np.float64), np.exp(a.astype(np.float64)), rtol=2.0**-10)


def test_binary_helpers(rng):
    @T.prim_func
    def f(A: T.Tensor((32,), "float32"), B: T.Tensor((32,), "float32"), C: T.Tensor((6, 32), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(32):
                C[0, i] = T.max(A[i], B[i])
                C[1, i] = T.min(A[i], B[i])
                C[2, i] = T.pow(T.abs(A[i]), 1.5)
                C[3, i] = T.clamp(A[i], -0.5, 0.5)
                C[4, i] = T.if_then_else(A[i] > B[i], A[i] - B[i], 0.0)
                C[5, i] = A[i] * 2 - B[i] / 4 + (-A[i])
    a = rng.standard_normal(32).astype(np.float32)
    b = rng.standard_normal(32).astype(np.float32)
    c = tilelang.compile(f, out_idx=2)(a, b)
    np.testing.assert_array_equal(c[0], np.maximum(a, b))
    np.testing.assert_array_equal(c[1], np.minimum(a, b))
    np.testing.assert_allclose(c[2], np.abs(a.astype(np.float64)) ** 1.5, rtol=4e-6)
    np.testing.assert_array_equal(c[3], np.clip(a, -0.5, 0.5))
    np.testing.assert_array_equal(c[4], np.where(a > b, a - b, 0))
    np.testing.assert_allclose(c[5], a * 2 - b / 4 - a, rtol=1e-6, atol=1e-6)


def test_cast_infinity_integer_ops(rng):
    @T.prim_func
    def f(A: T.Tensor((16,), "float32"), I: T.Tensor((16,), "int32"), B: T.Tensor((16,), "int32"),
          C: T.Tensor((16,), "float32"), D: T.Tensor((16,), "int32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(16):
                B[i] = T.cast(A[i] * 10.0, "int32")
                C[i] = T.if_then_else(A[i] > 0, T.infinity("float32"), -T.infinity(T.float32))
                D[i] = I[i] // 3 + I[i] % 3 * 100 + T.ceildiv(I[i], 4) * 10000
    a = rng.standard_normal(16).astype(np.float32)
    ints = rng.integers(-50, 50, 16).astype(np.int32)
    b, c, d = tilelang.compile(f, out_idx=[2, 3, 4])(a, ints)
    np.testing.assert_array_equal(b, np.trunc(a * np.float32(10)).astype(np.int32))
    np.testing.assert_array_equal(c, np.where(a > 0, np.inf, -np.inf))
    # // and % on integers are floor division/modulo, like Python's
    np.testing.assert_array_equal(d, ints // 3 + (ints % 3) * 100 + (-(-ints // 4)) * 10000)


def test_python_values_stay_python():
    assert T.ceildiv(10, 4) == 3 and isinstance(T.ceildiv(10, 4), int)
    assert T.max(3, 7) == 7 and T.min(3, 7) == 3
    assert T.if_then_else(True, 1, 2) == 1


def test_max_min_value():
    @T.prim_func
    def f(A: T.Tensor((2,), "float16"), B: T.Tensor((2,), "int8"), C: T.Tensor((2,), "bfloat16")):
        with T.Kernel(1) as bx:
            A[0] = T.max_value("float16")
            A[1] = T.min_value(T.float16)
            B[0] = T.max_value("int8")
            B[1] = T.min_value("int8")
            C[0] = T.max_value("bfloat16")
            C[1] = -T.infinity("bfloat16")
    a, b, c = tilelang.compile(f, out_idx=[0, 1, 2])()
    np.testing.assert_array_equal(a, [np.finfo(np.float16).max, np.finfo(np.float16).min])
    np.testing.assert_array_equal(b, [127, -128])
    import ml_dtypes
    assert float(c[0]) == float(ml_dtypes.finfo(ml_dtypes.bfloat16).max) and float(c[1]) == -np.inf


def test_c_binary_functions(rng):
    """atan2, fmod, hypot, copysign, nextafter: C's functions in float32 (numpy's float32 ufuncs are the reference:
    atan2 and hypot within a few ulps, the others exact)."""
    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32"), C: T.Tensor((5, 64), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                C[0, i] = T.atan2(A[i], B[i])
                C[1, i] = T.fmod(A[i], B[i])
                C[2, i] = T.hypot(A[i], B[i])
                C[3, i] = T.copysign(A[i], B[i])
                C[4, i] = T.nextafter(A[i], B[i])
    a = rng.uniform(-5, 5, 64).astype(np.float32)
    b = rng.uniform(-2, 2, 64).astype(np.float32)
    c = tilelang.compile(f, out_idx=2)(a, b)
    np.testing.assert_allclose(c[0], np.arctan2(a, b), rtol=4e-7 * 8, atol=1e-7)
    np.testing.assert_array_equal(c[1], np.fmod(a, b))
    np.testing.assert_allclose(c[2], np.hypot(a, b), rtol=4e-7 * 4)
    np.testing.assert_array_equal(c[3], np.copysign(a, b))
    np.testing.assert_array_equal(c[4], np.nextafter(a, b))


def test_float_classification_and_truncmod():
    """isnan / isinf / isfinite are bool expressions; truncmod is C's remainder (sign of the dividend), unlike
    floormod; likely(c) is c."""
    @T.prim_func
    def f(A: T.Tensor((8,), "float32"), I: T.Tensor((8,), "int32"), C: T.Tensor((6, 8), "int32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(8):
                C[0, i] = T.isnan(A[i])
                C[1, i] = T.isinf(A[i])
                C[2, i] = T.isfinite(A[i])
                C[3, i] = T.truncmod(I[i], 3)
                C[4, i] = T.floormod(I[i], 3)
                C[5, i] = T.if_then_else(T.likely(I[i] > 0), 1, 0)
    a = np.array([0.0, np.nan, np.inf, -np.inf, 1.5, -2.0, np.float32(3e38), -0.0], np.float32)
    ints = np.array([7, -7, 0, 5, -5, 3, -3, 2], np.int32)
    c = tilelang.compile(f, out_idx=2)(a, ints)
    np.testing.assert_array_equal(c[0], np.isnan(a))
    np.testing.assert_array_equal(c[1], np.isinf(a))
    np.testing.assert_array_equal(c[2], np.isfinite(a))
    np.testing.assert_array_equal(c[3], np.fmod(ints, 3))
    np.testing.assert_array_equal(c[4], np.mod(ints, 3))
    np.testing.assert_array_equal(c[5], (ints > 0).astype(np.int32))


NO_SFPU = ["tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "exp10", "nearbyint", "atan2",
           "fmod", "hypot", "copysign", "nextafter"]


@pytest.mark.parametrize("name", NO_SFPU)
def test_c_functions_in_tenstorrent_tile_code_are_errors_naming_them(name):
    """Tile code on tenstorrent has the SFPU's functions; the C functions without an SFPU form are located errors
    naming them (docs/tenstorrent.md's inventory lists them)."""
    from tilelang_tt.errors import TileLangError
    fn = getattr(T, name)
    binary = name in ("atan2", "fmod", "hypot", "copysign", "nextafter")

    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            B_l = T.alloc_fragment((32, 32), "float32")
            T.copy(A, A_s)
            for i, j in T.Parallel(32, 32):
                B_l[i, j] = fn(A_s[i, j], 2.0) if binary else fn(A_s[i, j])
            T.copy(B_l, B)
    with pytest.raises(TileLangError) as e:
        tilelang.compile(f, out_idx=1, target="tenstorrent")
    assert f"[T.{name}] is not supported in tile code on tenstorrent yet" in str(e.value), str(e.value)
    assert "test_math.py" in str(e.value)
