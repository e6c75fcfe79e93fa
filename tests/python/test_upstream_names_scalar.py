"""Upstream's remaining scalar names on interpret, against numpy: fast math (accurate here), ieee_* (round to nearest;
other rounding modes are errors), popcount / clz / __ffs over every integer width, ldexp, align_up,
index_to_coordinates, IntImm, assume."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError

FAST = {"__exp": np.exp, "__exp10": lambda x: np.power(10.0, x), "__log": np.log, "__log2": np.log2,
        "__log10": np.log10, "__sin": np.sin, "__cos": np.cos, "__tan": np.tan, "fast_rcp": lambda x: 1.0 / x,
        "ieee_frcp": lambda x: 1.0 / x, "ieee_fsqrt": np.sqrt, "ieee_frsqrt": lambda x: 1.0 / np.sqrt(x)}


@pytest.mark.parametrize("name", list(FAST))
def test_fast_math_is_the_accurate_function(rng, name):
    fn, ref = getattr(T, name), FAST[name]

    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                B[i] = fn(A[i])
    a = rng.uniform(0.2, 1.4, 64).astype(np.float32)
    b = tilelang.compile(f, out_idx=1, target="interpret")(a)
    # float32 results of libm-accurate functions: a few ulps
    np.testing.assert_allclose(b, ref(a.astype(np.float64)), rtol=4e-6)


def test_ieee_binary_ops_round_to_nearest(rng):
    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32"), C: T.Tensor((64,), "float32"),
          D: T.Tensor((5, 64), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                D[0, i] = T.ieee_add(A[i], B[i])
                D[1, i] = T.ieee_sub(A[i], B[i], "rn")
                D[2, i] = T.ieee_mul(A[i], B[i])
                D[3, i] = T.ieee_fdiv(A[i], B[i])
                D[4, i] = T.ieee_fmaf(A[i], B[i], C[i])
    a, b, c = (rng.uniform(-3, 3, 64).astype(np.float32) for _ in range(3))
    d = tilelang.compile(f, out_idx=-1, target="interpret")(a, b, c)
    # + - * / of float32 are correctly rounded: bit-equal to numpy's float32 operations
    np.testing.assert_array_equal(d[0], a + b)
    np.testing.assert_array_equal(d[1], a - b)
    np.testing.assert_array_equal(d[2], a * b)
    np.testing.assert_array_equal(d[3], a / b)
    # fma: one rounding of the exact a*b+c (float64 holds a*b exactly; its sum rounds once more only in ties)
    exact = a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)
    np.testing.assert_array_equal(d[4], exact.astype(np.float32))


def test_directed_rounding_is_an_error():
    with pytest.raises(TileLangError, match=r"\[ieee_add\] rounding_mode 'rz' is not provided") as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32"), B: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.Parallel(8):
                    B[i] = T.ieee_add(A[i], A[i], "rz")
    assert e.value.file == __file__ and 'T.ieee_add(A[i], A[i], "rz")' in str(e.value)


def _bits_ref(values, dtype):
    bits = np.dtype(dtype).itemsize * 8
    u = values.astype(dtype).view(f"uint{bits}").astype(object)
    pop = np.array([bin(int(v)).count("1") for v in u], dtype=np.int64)
    clz = np.array([bits - int(v).bit_length() for v in u], dtype=np.int64)
    ffs = np.array([(int(v) & -int(v)).bit_length() for v in u], dtype=np.int64)
    return pop, clz, ffs


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64"])
def test_popcount_clz_ffs(rng, dtype):
    info = np.iinfo(dtype)

    @T.prim_func
    def f(A: T.Tensor((64,), dtype), P: T.Tensor((64,), dtype), C: T.Tensor((64,), dtype),
          F: T.Tensor((64,), "int32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                P[i] = T.popcount(A[i])
                C[i] = T.clz(A[i])
                F[i] = T.__ffs(A[i])
    a = rng.integers(info.min, info.max, 64, dtype=dtype, endpoint=True)
    a[:6] = np.array([0, 1, info.max, info.min, -1 if info.min < 0 else 2, 1 << (info.bits - 2)]).astype(dtype)
    p, c, ff = tilelang.compile(f, out_idx=[1, 2, 3], target="interpret")(a)
    pop, clz, ffs = _bits_ref(a, dtype)
    np.testing.assert_array_equal(p.astype(np.int64), pop)
    np.testing.assert_array_equal(c.astype(np.int64), clz)
    np.testing.assert_array_equal(ff.astype(np.int64), ffs)


def test_bit_counts_need_integers():
    with pytest.raises(TileLangError, match=r"\[popcount\] expected an integer value, got float32") as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32"), B: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.Parallel(8):
                    B[i] = T.popcount(A[i])
    assert e.value.file == __file__ and "T.popcount(A[i])" in str(e.value)


def test_ldexp_over_the_float32_range(rng):
    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), E: T.Tensor((64,), "int32"), B: T.Tensor((64,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                B[i] = T.ldexp(A[i], E[i])
    a = rng.uniform(-2, 2, 64).astype(np.float32)
    e = rng.integers(-140, 128, 64).astype(np.int32)
    e[:4] = [-149, 127, 200, -200]
    a[:4] = [1.0, 1.5, 1e-30, 1e30]
    b = tilelang.compile(f, out_idx=-1, target="interpret")(a, e)
    # x * 2^e is exact while the result is normal; subnormal results may round twice (one ulp of the subnormal)
    ref = np.ldexp(a, e)
    np.testing.assert_allclose(b, ref, rtol=0, atol=2.0 ** -149)


def test_align_up_index_to_coordinates_intimm():
    assert T.align_up(10, 4) == 12 and T.align_up(12, 4) == 12
    assert T.index_to_coordinates(23, (2, 3, 4)) == [1, 2, 3]

    @T.prim_func
    def f(A: T.Tensor((24,), "int32"), B: T.Tensor((24, 4), "int32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(24):
                n, h, w = T.index_to_coordinates(A[i], (2, 3, 4))
                T.assume(A[i] >= 0)
                B[i, 0], B[i, 1], B[i, 2] = n, h, w
                B[i, 3] = T.align_up(A[i], 8) + T.IntImm("int32", 1)
    a = np.arange(24, dtype=np.int32)[::-1].copy()
    b = tilelang.compile(f, out_idx=1, target="interpret")(a)
    np.testing.assert_array_equal(b[:, :3], np.stack(np.unravel_index(a, (2, 3, 4)), axis=1))
    np.testing.assert_array_equal(b[:, 3], (a + 7) // 8 * 8 + 1)
