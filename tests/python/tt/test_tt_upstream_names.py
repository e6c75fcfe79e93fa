"""Upstream names the tenstorrent lowering takes as they are (docs/language.md, "Upstream constructs"): fast math and
ieee_* in element-wise code, ldexp, transpose, async_copy, reshape, T.parallel and loop_break — each against numpy
on both targets; and the composed tile operations it has no form for (cummax, reduce_bitor, popcount, rng_rand)
as located errors."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import check, f64

U32 = 2.0**-24


def unary(fn):
    @T.prim_func
    def f(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2) as (bx, by):
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], s)
            for i, j in T.Parallel(32, 32):
                s[i, j] = fn(s[i, j])
            T.copy(s, B[by * 32, bx * 32])
    return f


FAST = {"__exp": np.exp, "__log": np.log, "__sin": np.sin, "__cos": np.cos, "fast_rcp": lambda x: 1 / x,
        "ieee_frcp": lambda x: 1 / x, "ieee_fsqrt": np.sqrt, "ieee_frsqrt": lambda x: 1 / np.sqrt(x)}


@pytest.mark.parametrize("name", list(FAST))
def test_fast_math_and_ieee_unary(rng, name):
    a = rng.uniform(0.25, 2.0, (64, 64)).astype(np.float32)
    ref = FAST[name](f64(a))
    # fp32 SFPU functions: exp within 1.5 ulp, the others libm's (<= 1 ulp), 1/x and sqrt correctly rounded, frsqrt
    # two fp32 roundings (docs/emulator-compute.md §6): 4 ulp (ulp <= 2^-23 |ref|), plus 2^-24 absolute for log
    # near x = 1, where |ref| is tiny and the argument's own rounding dominates
    check(unary(getattr(T, name)), [a], ref, 4 * 2.0**-23 * np.abs(ref) + U32, "float32", name=name)


def test_ieee_binary_and_fma(rng):
    @T.prim_func
    def f(A: T.Tensor((32, 64), "float32"), B: T.Tensor((32, 64), "float32"), C: T.Tensor((32, 64), "float32"),
          D: T.Tensor((32, 64), "float32")):
        with T.Kernel(2) as bx:
            s = T.alloc_shared((32, 32), "float32")
            t = T.alloc_shared((32, 32), "float32")
            u = T.alloc_shared((32, 32), "float32")
            T.copy(A[0, bx * 32], s)
            T.copy(B[0, bx * 32], t)
            T.copy(C[0, bx * 32], u)
            for i, j in T.Parallel(32, 32):
                s[i, j] = T.ieee_fmaf(T.ieee_add(s[i, j], t[i, j]), T.ieee_mul(t[i, j], 0.5), u[i, j])
            T.copy(s, D[0, bx * 32])
    a, b, c = (rng.uniform(-2, 2, (32, 64)).astype(np.float32) for _ in range(3))
    x = (a + b).astype(np.float64)          # both targets round a + b and b * 0.5 once each (exact: a power of 2)
    y = (b * np.float32(0.5)).astype(np.float64)
    ref = x * y + f64(c)
    # interpret: the fma rounds once (u |ref|); tenstorrent's fp32 SFPU rounds the product, then the sum: the two
    # differ by up to that product rounding (u |x y|, many ulps of ref where the sum cancels) and one ulp
    bound = U32 * np.abs(x * y) + U32 * np.abs(ref)
    check(f, [a, b, c], ref, bound, "float32", extra_interp=U32 * np.abs(x * y), name="ieee_fmaf")


def test_ldexp(rng):
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A, s)
            for i, j in T.Parallel(32, 32):
                s[i, j] = T.ldexp(s[i, j], 5)
            T.copy(s, B)
    a = rng.uniform(-2, 2, (32, 32)).astype(np.float32)
    # x * 2^2 * 2^3: exact on interpret; the SFPU's exp2 of the two halves within 1.5 ulp each (three roundings)
    check(f, [a], f64(a) * 32, 3 * 2.0**-23 * np.abs(f64(a) * 32), "float32", name="ldexp")


def test_transpose_async_copy_reshape_parallel_loop_break(rng):
    @T.prim_func
    def f(A: T.Tensor((2, 32, 96), "float32"), B: T.Tensor((96, 64), "float32")):
        with T.Kernel(3, 2) as (bx, by):
            Av = T.reshape(A, (64, 96))
            s = T.alloc_shared((32, 32), "float32")
            t = T.alloc_shared((32, 32), "float32")
            n = T.alloc_var("int32", 0)
            for k in T.serial(8):
                if k == 3:
                    T.loop_break()
                n = n + 1
            T.async_copy(Av[by * 32, bx * 32], s)
            T.transpose(s, t)
            for i in T.parallel(0, 32):
                for j in T.Parallel(32):
                    t[i, j] = t[i, j] * n
            T.copy(t, B[bx * 32, by * 32])
    a = rng.uniform(-2, 2, (2, 32, 96)).astype(np.float32)
    # a transpose (exact) and a multiply by n = 3 (loop_break left the loop at k = 3): one fp32 rounding
    ref = f64(a).reshape(64, 96).T * 3
    check(f, [a], ref, U32 * np.abs(ref), "float32", name="transpose")


@pytest.mark.parametrize("construct,message", [
    ("cummax", "a 1-D T.Parallel must store to a 1-D buffer"),
    ("reduce_bitor", "not supported inside an element-wise T.Parallel on tenstorrent"),
    ("popcount", "operator '&' on int32 tiles is not supported on tenstorrent"),
    ("rng_rand", "a scalar store to B outside an element-wise T.Parallel over whole tiles is not supported"),
])
def test_composed_names_without_a_tenstorrent_form_are_located_errors(construct, message):
    @T.prim_func
    def f(A: T.Tensor((32, 32), "int32"), B: T.Tensor((32, 32), "int32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "int32")
            r = T.alloc_fragment((32,), "int32")
            T.copy(A, s)
            if construct == "cummax":
                T.cummax(s, dim=1)  # UNSUPPORTED
            elif construct == "reduce_bitor":
                T.reduce_bitor(s, r, dim=1)  # UNSUPPORTED
                T.copy(r, s[0, :])
            elif construct == "popcount":  # the error points at the element-wise nest
                for i, j in T.Parallel(32, 32):  # UNSUPPORTED
                    s[i, j] = T.popcount(s[i, j])
            else:
                T.rng_init(7, 0)
                B[0, 0] = T.cast(T.rng_rand(), "int32")  # UNSUPPORTED
            T.copy(s, B)
    with pytest.raises(tilelang.TileLangError, match=message) as e:
        tilelang.compile(f, out_idx=1, target="tenstorrent")
    src = open(__file__).read().splitlines()
    assert e.value.file == __file__ and "# UNSUPPORTED" in src[e.value.line - 1], (e.value.line, str(e.value))
