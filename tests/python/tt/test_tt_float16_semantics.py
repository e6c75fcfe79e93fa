"""Float16 element-wise code keeps float16 semantics on "tenstorrent" (issue 10; the fuzz campaign's g01027): every
float16 arithmetic result is rounded to float16 in the fp32 DST (tt_float8.h), so overflow past 65504 gives inf,
sums round after each addition, and results below 2^-14 are float16 subnormals, as on "interpret" (each op in
double, rounded to float16) and in numpy's float16 arithmetic.

Tolerances: +, -, *, / and sqrt are correctly rounded in float16 (numpy) and the device's fp32 result rounded to
float16 is the same value (fp32's 24 bits ≥ 2·11 + 2 make the double rounding innocuous): exact equality, infs
and signed zeros included. exp and log are the SFPU's fp32 functions (≤ 1.5 ulp of fp32,
docs/emulator-compute.md §6) rounded to float16: within one float16 ulp of numpy's float16 exp/log (both are
a rounding of nearly the same real number), inf where numpy gives inf — except at the overflow threshold itself,
where the exact tie cannot occur for exp of a float16 input.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_within, compile_both, f64, ulp

F16 = "float16"


def binary_kernel(M, N, body, out_dtype="float32"):
    @T.prim_func
    def k(A: T.Tensor((M, N), F16), B: T.Tensor((M, N), F16), C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            A_s = T.alloc_shared((32, 32), F16)
            B_s = T.alloc_shared((32, 32), F16)
            C_l = T.alloc_fragment((32, 32), out_dtype)
            T.copy(A[by * 32, bx * 32], A_s)
            T.copy(B[by * 32, bx * 32], B_s)
            for i, j in T.Parallel(32, 32):
                C_l[i, j] = body(A_s[i, j], B_s[i, j])
            T.copy(C_l, C[by * 32, bx * 32])
    return k


def run_both(func, *args):
    tt, interp = compile_both(func)
    return f64(tt(*args)), f64(interp(*args))


def assert_same(out, ref, what):
    """Bit-for-bit equality as float values: the same numbers, the same infinities, the same signs of zeros."""
    ref = f64(ref)
    bad = ~((out == ref) & (np.signbit(out) == np.signbit(ref))) & ~(np.isnan(out) & np.isnan(ref))
    assert not bad.any(), f"{what}: {int(bad.sum())} differ, e.g. got {out[bad][:4]} expected {ref[bad][:4]}"


def f16(rng, shape, lo, hi):
    return rng.uniform(lo, hi, shape).astype(np.float16)


def test_exp_of_float16_overflows_to_inf_as_on_interpret(rng):
    """The fuzz campaign's g01027: exp of float16 x > 11.09 is inf in float16, stored into a float32 output."""
    M, N = 32, 64
    a = f16(rng, (M, N), -12.0, 12.0)
    a[0, :4] = [11.0859375, 11.09375, -17.5, 0.0]  # the largest x with finite exp(x) in float16, the next one up
    out, ref_out = run_both(binary_kernel(M, N, lambda x, y: T.exp(x)), a, a)
    ref = f64(np.exp(a.astype(np.float32)).astype(np.float16))
    assert np.isinf(ref).sum() > 50 and np.isfinite(out[0, 0]) and np.isinf(out[0, 1])
    for o, target in ((out, "tenstorrent"), (ref_out, "interpret")):
        assert np.array_equal(np.isinf(o), np.isinf(ref)), f"exp overflow on {target}"
        fin = np.isfinite(ref)
        assert (np.abs(o[fin] - ref[fin]) <= ulp(ref[fin], F16)).all(), f"exp on {target}: more than a float16 ulp"
    assert np.array_equal(np.isinf(out), np.isinf(ref_out))


@pytest.mark.parametrize("op", ["add", "sub", "mul", "div"])
def test_float16_arithmetic_is_exactly_numpys(rng, op):
    """Products past 65504 are inf, sums and quotients round to float16: exactly numpy's float16 results."""
    M, N = 32, 64
    fns = {"add": (lambda x, y: x + y, np.add), "sub": (lambda x, y: x - y, np.subtract),
           "mul": (lambda x, y: x * y, np.multiply), "div": (lambda x, y: x / y, np.divide)}
    body, np_op = fns[op]
    big = {"add": 60000.0, "sub": 60000.0, "mul": 400.0, "div": 60000.0}[op]
    a = f16(rng, (M, N), -big, big)
    b = f16(rng, (M, N), -big, big) if op != "div" else f16(rng, (M, N), 2.0**-6, 4.0) * np.where(
        rng.uniform(size=(M, N)) < 0.5, -1, 1).astype(np.float16)
    b[0, :3] = [1.0, 0.0, -0.0] if op == "div" else b[0, :3]  # x/0 = ±inf
    out, ref_out = run_both(binary_kernel(M, N, body), a, b)
    with np.errstate(all="ignore"):
        ref = np_op(a, b)  # numpy: correctly rounded float16
    assert np.isinf(ref).any() and not np.array_equal(f64(ref), np_op(f64(a), f64(b)))  # overflow and rounding occur
    assert_same(out, ref, f"{op} on tenstorrent vs numpy float16")
    assert_same(ref_out, ref, f"{op} on interpret vs numpy float16")


def test_chained_sums_round_after_each_addition(rng):
    """(a + b) + a - b in float16: each addition rounds, so the result is not a (as in float32)."""
    M, N = 32, 64
    a = f16(rng, (M, N), -2000.0, 2000.0)
    b = f16(rng, (M, N), -0.5, 0.5)
    out, ref_out = run_both(binary_kernel(M, N, lambda x, y: ((x + y) + y) - x), a, b)
    ref = ((a + b) + b) - a
    assert not np.array_equal(f64(ref), 2 * f64(b))  # the float16 roundings are visible
    assert_same(out, ref, "sum chain on tenstorrent")
    assert_same(ref_out, ref, "sum chain on interpret")


def test_subnormal_products_and_underflow(rng):
    """Products between 2^-26 and 2^-14 are float16 subnormals (multiples of 2^-24) or underflow to ±0."""
    M, N = 32, 64
    a = (rng.uniform(0.5, 1.0, (M, N)) * 2.0 ** rng.integers(-13, -5, (M, N))).astype(np.float16)
    b = (rng.uniform(-1.0, 1.0, (M, N)) * 2.0 ** rng.integers(-13, -5, (M, N))).astype(np.float16)
    out, ref_out = run_both(binary_kernel(M, N, lambda x, y: x * y), a, b)
    ref = a * b
    r = np.abs(f64(ref))
    assert ((r > 0) & (r < 2.0**-14)).sum() > 100 and (ref == 0).sum() > 10
    assert_same(out, ref, "subnormal products on tenstorrent")
    assert_same(ref_out, ref, "subnormal products on interpret")


def test_sqrt_and_cast_from_float32_round_to_float16(rng):
    """sqrt is correctly rounded; a float32 value cast to float16 inside the expression rounds (and overflows)."""
    M, N = 32, 64
    a = f16(rng, (M, N), 0.0, 60000.0)
    b = f16(rng, (M, N), -300.0, 300.0)
    out, ref_out = run_both(binary_kernel(M, N, lambda x, y: T.sqrt(x) + T.cast(T.cast(y, "float32") * 300.0, F16)),
                            a, b)
    with np.errstate(over="ignore"):
        ref = np.sqrt(a) + (b.astype(np.float32) * np.float32(300.0)).astype(np.float16)
    assert np.isinf(ref).any()
    assert_same(out, ref, "sqrt + cast on tenstorrent")
    assert_same(ref_out, ref, "sqrt + cast on interpret")


def test_log_is_within_a_float16_ulp(rng):
    M, N = 32, 64
    a = f16(rng, (M, N), 2.0**-20, 60000.0)
    out, ref_out = run_both(binary_kernel(M, N, lambda x, y: T.log(x) * y), a, np.ones_like(a))
    ref = f64(np.log(a.astype(np.float32)).astype(np.float16))
    for o, target in ((out, "tenstorrent"), (ref_out, "interpret")):
        assert (np.abs(o - ref) <= ulp(ref, F16)).all(), f"log on {target}"


def softmax_like(M, N, dtype):
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(1, M // 32, threads=128) as (bx, by):
            A_s = T.alloc_shared((32, N), dtype)
            m = T.alloc_fragment((32,), dtype)
            s = T.alloc_fragment((32,), "float32")
            E = T.alloc_fragment((32, N), dtype)
            E32 = T.alloc_fragment((32, N), "float32")
            C_l = T.alloc_fragment((32, N), dtype)
            T.copy(A[by * 32, 0], A_s)
            T.reduce_max(A_s, m, dim=1)
            for i, j in T.Parallel(32, N):
                E[i, j] = T.exp(A_s[i, j] - m[i])
            T.copy(E, E32)
            T.reduce_sum(E32, s, dim=1)
            for i, j in T.Parallel(32, N):
                C_l[i, j] = E[i, j] / T.cast(s[i], dtype)
            T.copy(C_l, C[by * 32, 0])
    return k


def test_float16_softmax_like_kernel_and_its_cost(rng):
    """A float16 softmax (exp of a difference, a division by a float32 sum cast to float16) is within two float16
    ulps of the interpreter: the float16 steps are rounded as there (exp within an ulp), and tt.fp32_exact makes
    the float32 row sums exact to fp32 rounding (without it the FPU reads each addend with 9 mantissa bits,
    2^-9 relative: coarser than float16). The modeled time is reported against the same kernel in float32."""
    M, N = 64, 128
    a = f16(rng, (M, N), -8.0, 8.0)
    exact = {"tt.fp32_exact": True}
    tt = tilelang.compile(softmax_like(M, N, F16), out_idx=-1, target="tenstorrent", pass_configs=exact)
    interp = tilelang.compile(softmax_like(M, N, F16), out_idx=-1, target="interpret")
    out, ref_out = f64(tt(a)), f64(interp(a))
    e = np.exp(f64(a) - f64(a).max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    assert (np.abs(out - ref_out) <= 2 * ulp(ref_out, F16)).all()
    # Against float64: x - max rounded to float16 moves exp's argument by up to 2^-11·|x - max| (relative to the
    # result), then exp, the sum, the cast and the quotient add a few float16 roundings; 2^-24 is the subnormal
    # spacing.
    d = np.abs(f64(a) - f64(a).max(axis=1, keepdims=True))
    bound = (d + 4) * 2.0**-11 * ref + 2.0**-24
    assert_within(out, ref, bound, "float16 softmax on tenstorrent vs float64")
    assert_within(ref_out, ref, bound, "float16 softmax on interpret vs float64")
    t16 = sum(p["modeled_seconds"] for p in tt.backend.last_run["programs"])
    tt32 = tilelang.compile(softmax_like(M, N, "float32"), out_idx=-1, target="tenstorrent", pass_configs=exact)
    tt32(a.astype(np.float32))
    t32 = sum(p["modeled_seconds"] for p in tt32.backend.last_run["programs"])
    print(f"float16 softmax-like {M}x{N}: {t16 * 1e6:.2f} us modeled, float32: {t32 * 1e6:.2f} us "
          f"(ratio {t16 / t32:.2f})")
    assert t16 > 0 and t32 > 0


# ---- bfloat16 intermediates in an fp32 DST (a float32 buffer in the kernel): rounded to bfloat16 after each op

def test_bfloat16_intermediates_in_an_fp32_dst_round_as_on_interpret(rng):
    """C (float32) = (a·b + a)·a − b with bfloat16 a, b: the fp32 DST computes each op in fp32 and rounds it to
    bfloat16 (typecast_tile<Float32, Float16_b>), so the result is numpy's bfloat16 arithmetic exactly (fp32's
    24 bits ≥ 2·8 + 2: the double rounding is innocuous), as on interpret; unrounded, it would differ."""
    import ml_dtypes
    bf16 = ml_dtypes.bfloat16
    M, N = 32, 64

    @T.prim_func
    def k(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            A_s = T.alloc_shared((32, 32), "bfloat16")
            B_s = T.alloc_shared((32, 32), "bfloat16")
            C_l = T.alloc_fragment((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], A_s)
            T.copy(B[by * 32, bx * 32], B_s)
            for i, j in T.Parallel(32, 32):
                C_l[i, j] = (A_s[i, j] * B_s[i, j] + A_s[i, j]) * A_s[i, j] - B_s[i, j]
            T.copy(C_l, C[by * 32, bx * 32])

    a = rng.uniform(-3, 3, (M, N)).astype(bf16)
    b = rng.uniform(-3, 3, (M, N)).astype(bf16)
    out, ref_out = run_both(k, a, b)
    ref = (a * b + a) * a - b  # ml_dtypes: each op in float32, rounded to bfloat16
    exact = (f64(a) * f64(b) + f64(a)) * f64(a) - f64(b)
    assert not np.array_equal(f64(ref), exact)  # the roundings are visible
    assert_same(out, ref, "bf16 chain on tenstorrent")
    assert_same(ref_out, ref, "bf16 chain on interpret")
