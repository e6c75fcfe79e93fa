"""T.sin, T.cos, T.erf, T.expm1, T.log1p, T.floor, T.ceil and T.trunc in element-wise tile code on "tenstorrent"
(the SDK's sin_tile, cos_tile, erf_tile, expm1_tile, log1p_tile, floor_tile, ceil_tile, trunc_tile), on both
targets against a float64 numpy reference.

Tolerances:
  * floor, ceil, trunc are exact on the device (the SDK's _trunc_body_ masks the fraction bits off; floor/ceil
    then add ∓1 where the truncation moved the value the wrong way): results are compared for equality, signed
    zeros included, over values on both sides of integers, halves, negatives and values beyond 2^23.
  * sin, cos, erf, expm1, log1p: the emulator computes them with the C++ math library (≤ 1 ulp in fp32,
    docs/emulator-compute.md §6); the bounds are those the SDK's own fp32 routines meet (their error is larger;
    docs/emulator-compute.md lists it per API version), so that they would hold on the device too: 2^-12·|f(x)|
    plus an absolute term — 2^-20 for sin/cos (0.66: x·(1/π) rounded in fp32 before its degree-9 sin(πx)
    polynomial, ≤ 1e-8 on [-1/2, 1/2]; |x| ≤ 8 here, inside the int16 range reduction), 2^-10 for erf (0.66's
    piecewise degree-4 polynomial is within 8.6e-4 of erf), 2^-24 for expm1/log1p (both versions evaluate a
    polynomial in x near 0, so the error stays relative). bfloat16 results are one more rounding: 2^-8·|f(x)|.
  * expm1 and log1p are tested near 0 (|x| from 2^-20 to 2^-4), where exp(x) - 1 and log(1 + x) lose every
    significant bit to cancellation: the relative bound must still hold.
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import NP, U, assert_within, compile_both, f64, rnd

SF = 2.0**-12


def unary(fn, M, N, dtype):
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            A_s = T.alloc_shared((32, 32), dtype)
            B_l = T.alloc_fragment((32, 32), dtype)
            T.copy(A[by * 32, bx * 32], A_s)
            for i, j in T.Parallel(32, 32):
                B_l[i, j] = fn(A_s[i, j])
            T.copy(B_l, B[by * 32, bx * 32])
    return k


def run_both(fn, x, dtype):
    tt, interp = compile_both(unary(fn, *x.shape, dtype))
    a = x.astype(np.float32).astype(NP[dtype])
    return tt(a), interp(a), f64(a)


TRANSCENDENTAL = {  # name: (T function, numpy reference, input range, absolute error term)
    "sin": (T.sin, np.sin, -8.0, 8.0, 2.0**-20),
    "cos": (T.cos, np.cos, -8.0, 8.0, 2.0**-20),
    "erf": (T.erf, None, -4.0, 4.0, 2.0**-10),
    "expm1": (T.expm1, np.expm1, -6.0, 6.0, 2.0**-24),
    "log1p": (T.log1p, np.log1p, -0.9, 20.0, 2.0**-24),
}


def erf64(x):
    import math
    return np.vectorize(math.erf)(x)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("name", sorted(TRANSCENDENTAL))
def test_transcendental_functions(rng, name, dtype):
    fn, ref_fn, lo, hi, absolute = TRANSCENDENTAL[name]
    x = rng.uniform(lo, hi, (64, 64))
    out_tt, out_in, a = run_both(fn, x, dtype)
    ref = (ref_fn or erf64)(a)
    bound = SF * np.abs(ref) + absolute + (U["bfloat16"] * np.abs(ref) if dtype == "bfloat16" else 0)
    for out, target in ((out_tt, "tenstorrent"), (out_in, "interpret")):
        assert out.dtype == NP[dtype]
        assert_within(out, ref, bound, f"{name} {dtype} on {target} vs numpy")


@pytest.mark.parametrize("name", ["expm1", "log1p"])
def test_expm1_log1p_keep_relative_accuracy_near_zero(rng, name):
    fn, ref_fn, _, _, _ = TRANSCENDENTAL[name]
    mag = 2.0 ** rng.uniform(-20, -4, (32, 64))
    x = np.where(rng.uniform(size=mag.shape) < 0.5, -mag, mag)
    out_tt, out_in, a = run_both(fn, x, "float32")
    ref = ref_fn(a)
    for out, target in ((out_tt, "tenstorrent"), (out_in, "interpret")):
        assert_within(out, ref, SF * np.abs(ref), f"{name} near 0 on {target} vs numpy")
    # The naive forms lose the relative accuracy there: the bound above could fail.
    naive = np.exp(a.astype(np.float32)) - np.float32(1) if name == "expm1" else np.log(np.float32(1) + a.astype(np.float32))
    assert (np.abs(f64(naive) - ref) > SF * np.abs(ref)).any()


ROUNDING = {"floor": (T.floor, np.floor), "ceil": (T.ceil, np.ceil), "trunc": (T.trunc, np.trunc)}


def rounding_inputs(rng):
    k = rng.integers(-40, 40, (32, 64)).astype(np.float64)
    frac = rng.choice([0.0, 0.25, 0.5, 0.75, 1 - 2.0**-10, 2.0**-10], (32, 64))
    x = k + frac
    x[0, :8] = [0.0, -0.0, 0.5, -0.5, 2.0**24 + 2, -(2.0**23) - 1, 1e30, -1e30]  # zeros, |x| < 1, no fraction bits
    x[1, :4] = [np.inf, -np.inf, -0.25, 0.99]
    return x


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("name", sorted(ROUNDING))
def test_rounding_functions_are_exact(rng, name, dtype):
    fn, ref_fn = ROUNDING[name]
    out_tt, out_in, a = run_both(fn, rounding_inputs(rng), dtype)
    ref = ref_fn(a)
    for out, target in ((out_tt, "tenstorrent"), (out_in, "interpret")):
        o = f64(out)
        assert np.array_equal(o, ref), f"{name} {dtype} on {target}: {o[o != ref][:4]} vs {ref[o != ref][:4]}"
        assert np.array_equal(np.signbit(o), np.signbit(ref)), f"{name} {dtype} on {target}: signs of zeros"


def test_functions_compose_with_arithmetic(rng):
    """sin² + cos² = 1 and floor(x) + frac = x inside one expression (several function calls share DST slots)."""
    M = N = 64

    @T.prim_func
    def k(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            A_s = T.alloc_shared((32, 32), "float32")
            B_l = T.alloc_fragment((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], A_s)
            for i, j in T.Parallel(32, 32):
                B_l[i, j] = T.sin(A_s[i, j]) * T.sin(A_s[i, j]) + T.cos(A_s[i, j]) * T.cos(A_s[i, j]) \
                    + (A_s[i, j] - T.floor(A_s[i, j])) - (T.ceil(A_s[i, j]) - T.trunc(A_s[i, j]))
            T.copy(B_l, B[by * 32, bx * 32])

    a = rnd(rng.uniform(-5, 5, (M, N)), "float32")
    tt, interp = compile_both(k)
    ref = 1.0 + (a - np.floor(a)) - (np.ceil(a) - np.trunc(a))
    for out, target in ((tt(a.astype(np.float32)), "tenstorrent"), (interp(a.astype(np.float32)), "interpret")):
        assert_within(out, ref, 8 * SF, f"composition on {target} vs numpy")
