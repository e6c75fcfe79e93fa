"""Float8 (e4m3fn and e5m2) on "tenstorrent" by conversion, against numpy (ml_dtypes) and the "interpret" target.

The device holds float8 data as bfloat16 tiles of exactly float8 values; the host converts float8 tensors when
it tilizes them; every value stored into float8 is rounded on the device (transform/tt_float8.h): the nearest
float8 value, ties to even, saturating at ±max (±inf too: both formats, as the interpreter and CUDA's
__NV_SATFINITE do), NaN kept. ml_dtypes' own astype does not saturate (overflow gives NaN / inf), so the
numpy reference clips first: rounding is monotonic and ±max is representable, so clip-then-round is
round-then-saturate. All float8 results are exact: compared with ==, NaN with NaN, and zeros by their sign (a
negative value that rounds to zero, or -0 itself, gives -0 on both targets).
"""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import assert_error_at, compile_both, f64, gemm_ref

E4M3, E5M2 = ml_dtypes.float8_e4m3fn, ml_dtypes.float8_e5m2
NP8 = {"float8_e4m3": E4M3, "float8_e5m2": E5M2}
MAX = {"float8_e4m3": 448.0, "float8_e5m2": 57344.0}
NPX = {"float32": np.float32, "bfloat16": ml_dtypes.bfloat16, **NP8}


def every_value(fmt):
    """All 256 bit patterns of a float8 format, as a 16 × 16 array."""
    return np.arange(256, dtype=np.uint8).view(NP8[fmt]).reshape(16, 16)


def rounded_ref(x, fmt):
    """x rounded to fmt as the compiler defines it (nearest, ties to even, saturating; NaN stays NaN)."""
    x = f64(x)
    return np.where(np.isnan(x), np.nan, np.clip(x, -MAX[fmt], MAX[fmt])).astype(np.float32).astype(NP8[fmt])


def assert_same_values(got, want, what):
    g, w = f64(got), f64(want)
    same = ((g == w) & (np.signbit(g) == np.signbit(w))) | (np.isnan(g) & np.isnan(w))
    assert same.all(), f"{what}: {np.count_nonzero(~same)} differ, e.g. input #{np.argmax(~same)}: " \
                       f"got {g.flat[np.argmax(~same)]}, want {w.flat[np.argmax(~same)]}"


def run_both(func, *args, out_idx=-1):
    tt, interp = compile_both(func, out_idx)
    return tt(*args), interp(*args)


def copy_through(M, N, src, mid, dst):
    """A (src) → fragment (mid) → fragment (dst) → B (dst), in 32 × 32 blocks."""

    @T.prim_func
    def copy_through(A: T.Tensor((M, N), src), B: T.Tensor((M, N), dst)):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            a = T.alloc_fragment((32, 32), mid)
            b = T.alloc_fragment((32, 32), dst)
            T.copy(A[by * 32, bx * 32], a)
            T.copy(a, b)
            T.copy(b, B[by * 32, bx * 32])

    return copy_through


@pytest.mark.parametrize("fmt", ["float8_e4m3", "float8_e5m2"])
@pytest.mark.parametrize("via,out", [("same", "same"), ("same", "float32"), ("float32", "same"),
                                     ("bfloat16", "bfloat16")])
def test_every_value_round_trips(fmt, via, out):
    """Each of the 256 float8 values (NaNs, ±inf for e5m2, subnormals, ±0) read from a float8 tensor, moved
    through fragments of float8/float32/bfloat16 and written as float8 or wider: unchanged on both targets."""
    mid, dst = (fmt if via == "same" else via), (fmt if out == "same" else out)
    a = np.tile(every_value(fmt), (2, 2))  # 32 × 32
    tt, interp = run_both(copy_through(32, 32, fmt, mid, dst), a)
    assert tt.dtype == NPX[dst]
    # a rounding copy (through float32 or bfloat16 into float8) saturates e5m2's infinities; nothing else changes
    want = a if mid == dst or dst != fmt else rounded_ref(a, fmt)
    assert_same_values(tt, want, "tenstorrent")
    assert_same_values(interp, want, "interpret")
    if mid == dst == fmt:  # every value but NaN keeps its bits (-0 included): nothing was rounded
        keep = ~np.isnan(f64(a))
        np.testing.assert_array_equal(tt.view(np.uint8)[keep], a.view(np.uint8)[keep])


def rounding_cases(fmt):
    """float32 values whose float8 rounding is each kind of case: every float8 value, every midpoint between
    neighbours (ties, to even), one float32 ulp either side of each midpoint, saturation (the largest value,
    the tie above it, beyond it, 1e30, ±inf), NaN, the subnormals and below half the smallest of them."""
    v = np.unique(f64(every_value(fmt)))
    v = v[np.isfinite(v)]
    mid = ((v[1:] + v[:-1]) / 2).astype(np.float32)
    up, down = np.nextafter(mid, np.float32(np.inf)), np.nextafter(mid, np.float32(-np.inf))
    tiny = 2.0 ** (-9 if fmt == "float8_e4m3" else -16)
    extra = np.array([MAX[fmt] * 17 / 16, MAX[fmt] * 1.07, 1e30, np.inf, np.nan, tiny / 2, tiny * 0.51,
                      tiny * 0.49, tiny * 1.5, 1e-30, 0.0], np.float32)
    x = np.concatenate([v.astype(np.float32), mid, up, down, extra, -extra])
    n = -(-x.size // 1024) * 1024
    return np.resize(x, n).reshape(-1, 32)


@pytest.mark.parametrize("fmt", ["float8_e4m3", "float8_e5m2"])
@pytest.mark.parametrize("src", ["float32", "bfloat16"])
def test_device_rounding(fmt, src):
    """T.copy of a float32 (or bfloat16) fragment into a float8 one rounds on the device exactly as numpy
    does (clip, then ml_dtypes' round to nearest even)."""
    x = rounding_cases(fmt).astype(NPX[src])
    tt, interp = run_both(copy_through(x.shape[0], 32, src, src, fmt), x)
    want = rounded_ref(x, fmt)
    assert_same_values(tt, want, "tenstorrent")
    assert_same_values(interp, want, "interpret")


def cast_expr(M, N, fmt):
    @T.prim_func
    def cast_expr(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), fmt), C: T.Tensor((M, N), fmt)):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            for i, j in T.Parallel(32, 32):
                B[by * 32 + i, bx * 32 + j] = T.Cast(fmt, A[by * 32 + i, bx * 32 + j] * 3.0)
                C[by * 32 + i, bx * 32 + j] = B[by * 32 + i, bx * 32 + j] + B[by * 32 + i, bx * 32 + j] * 0.5
    return cast_expr


@pytest.mark.parametrize("fmt", ["float8_e4m3", "float8_e5m2"])
def test_cast_and_float8_arithmetic(rng, fmt):
    """T.Cast to float8 inside element-wise code, and float8 arithmetic (each result rounded to float8, as the
    interpreter computes in the expression's dtype) stored into a float8 tensor."""
    x = (rng.standard_normal((64, 64)) * 40).astype(np.float32)
    (b, c), (bi, ci) = run_both(cast_expr(64, 64, fmt), x, out_idx=[1, 2])
    want_b = rounded_ref(f64(x) * 3, fmt)
    half = rounded_ref(f64(want_b) * 0.5, fmt)
    want_c = rounded_ref(f64(want_b) + f64(half), fmt)
    for got, interp, want, what in [(b, bi, want_b, "cast"), (c, ci, want_c, "float8 arithmetic")]:
        assert_same_values(got, want, what + " on tenstorrent")
        assert_same_values(interp, want, what + " on interpret")


def gemm_f8(M, N, K, fmt, out):
    @T.prim_func
    def gemm_f8(A: T.Tensor((M, K), fmt), B: T.Tensor((K, N), fmt), C: T.Tensor((M, N), out)):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            a = T.alloc_shared((32, 64), fmt)
            b = T.alloc_shared((64, 32), fmt)
            acc = T.alloc_fragment((32, 32), "float32")
            T.clear(acc)
            for k in T.Pipelined(K // 64, num_stages=2):
                T.copy(A[by * 32, k * 64], a)
                T.copy(B[k * 64, bx * 32], b)
                T.gemm(a, b, acc)
            T.copy(acc, C[by * 32, bx * 32])
    return gemm_f8


@pytest.mark.parametrize("fmt", ["float8_e4m3", "float8_e5m2"])
def test_gemm_float8_operands(rng, fmt):
    """float8 operands are exact in bfloat16, the matrix engine's bf16 products at HiFi4 are exact in fp32, the
    sum is fp32: the float32 result is within the fp32 accumulation bound of the exact product; its float8 copy
    within that of the exactly rounded product (one float8 ulp where the sum lies near a rounding boundary)."""
    M, N, K = 64, 64, 256
    a = (rng.standard_normal((M, K)) * 2).astype(NP8[fmt])
    b = (rng.standard_normal((K, N)) * 2).astype(NP8[fmt])
    exact, bound = gemm_ref(a, b)
    tt, interp = run_both(gemm_f8(M, N, K, fmt, "float32"), a, b)
    for got, what in [(tt, "tenstorrent"), (interp, "interpret")]:
        assert np.all(np.abs(f64(got) - exact) <= bound), what
    tt8, interp8 = run_both(gemm_f8(M, N, K, fmt, fmt), a, b)
    lo, hi = rounded_ref(exact - bound, fmt), rounded_ref(exact + bound, fmt)
    for got, what in [(tt8, "tenstorrent"), (interp8, "interpret")]:
        assert got.dtype == NP8[fmt]
        assert np.all((f64(lo) <= f64(got)) & (f64(got) <= f64(hi))), what


def test_export_passes_its_own_check(tmp_path):
    """The exported project of a float8 GEMM (float8 in and out) converts its float8 data files on the host and
    passes its self-check against "interpret" (tolerance one float8 ulp: the fp32 sums may be ordered
    differently and land on the other side of a rounding boundary)."""
    import tilelang_tt as tilelang
    from tt_check import run_exported
    k = tilelang.compile(gemm_f8(64, 64, 128, "float8_e4m3", "float8_e4m3"), out_idx=-1, target="tenstorrent")
    r = run_exported(k, str(tmp_path / "gemm_f8"), k.func.name)
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr


def per_token_cast(M, N, blk_m):
    """Upstream's per-token cast with the scale of each row written to a 1-D tensor (one 128-column group)."""
    group = 128

    @T.prim_func
    def per_token_cast(X: T.Tensor((M, N), "float32"), X_fp8: T.Tensor((M, N), "float8_e4m3"),
                       X_amax: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, blk_m), 1) as (bx, by):
            y = T.alloc_fragment((blk_m, group), "float32")
            amax = T.alloc_fragment((blk_m,), "float32")
            s = T.alloc_fragment((blk_m,), "float32")
            q = T.alloc_fragment((blk_m, group), "float32")
            q8 = T.alloc_fragment((blk_m, group), "float8_e4m3")
            T.copy(X[bx * blk_m:(bx + 1) * blk_m, 0:group], y)
            T.reduce_absmax(y, amax, dim=1)
            for i in T.Parallel(blk_m):
                amax[i] = T.max(amax[i], 1e-4)
                s[i] = amax[i] / 448.0
            for i, j in T.Parallel(blk_m, group):
                q[i, j] = T.clamp(y[i, j] / s[i], -448.0, 448.0)
            T.copy(q, q8)
            for i in T.Parallel(blk_m):
                X_amax[bx * blk_m + i] = s[i]
            T.copy(q8, X_fp8[bx * blk_m:(bx + 1) * blk_m, 0:group])
    return per_token_cast


@pytest.mark.parametrize("M,blk_m", [(64, 8), (96, 32)])
def test_per_token_cast_with_vector_scales(rng, M, blk_m):
    """The reduction, scale and clamp of upstream's per-token cast and its float8 copy, with sub-tile blocks
    (blk_m = 8 grouped into tiles). "interpret" is exact: its scales are amax / 448 to float32 rounding and its
    float8 values the rounding of x / s. On "tenstorrent" the float32 reduction reads each element through the
    FPU (9 mantissa bits: amax within 2^-9 relative, docs/tenstorrent.md, "Math") and the scale vector is
    broadcast through the FPU's source registers (10 mantissa bits) for the division, so x / s is within 2^-8
    relative and its float8 value one of the roundings of that interval."""
    x = (rng.standard_normal((M, 128)) * 4).astype(np.float32)
    (q, s), (qi, si) = run_both(per_token_cast(M, 128, blk_m), x, out_idx=[1, 2])
    amax = np.maximum(np.abs(f64(x)).max(1), 1e-4)
    np.testing.assert_allclose(f64(si), amax / 448.0, rtol=2.0**-23)
    np.testing.assert_allclose(f64(s), amax / 448.0, rtol=2.0**-9)
    y = f64(x) / (amax / 448.0)[:, None]
    assert_same_values(qi, rounded_ref(y, "float8_e4m3"), "interpret")
    lo, hi = rounded_ref(y - np.abs(y) * 2.0**-8, "float8_e4m3"), rounded_ref(y + np.abs(y) * 2.0**-8, "float8_e4m3")
    assert np.all((f64(lo) <= f64(q)) & (f64(q) <= f64(hi))), "tenstorrent"


@pytest.mark.parametrize("M,blk_m", [(64, 8), (96, 32)])
def test_per_token_cast_exact_with_fp32_exact_configs(rng, M, blk_m):
    """With pass_configs tt.fp32_exact and tt.fp32_exact_broadcast the absmax reads every float32 element exactly
    and the scale is broadcast through its bfloat16 parts (tt_fp32_exact.h): scales and float8 values equal
    "interpret"'s."""
    import tilelang_tt as tilelang
    x = (rng.standard_normal((M, 128)) * 4).astype(np.float32)
    f = per_token_cast(M, 128, blk_m)
    q, s = tilelang.compile(f, out_idx=[1, 2], target="tenstorrent",
                            pass_configs={"tt.fp32_exact": True, "tt.fp32_exact_broadcast": True})(x)
    qi, si = tilelang.compile(f, out_idx=[1, 2], target="interpret")(x)
    np.testing.assert_array_equal(s, si)
    assert_same_values(q, qi, "tenstorrent with tt.fp32_exact vs interpret")
    assert_same_values(q, rounded_ref(f64(x) / f64(si)[:, None], "float8_e4m3"), "vs numpy")


def test_float8_accumulator_is_an_error():
    @T.prim_func
    def gemm_into_f8(A: T.Tensor((32, 32), "float8_e4m3"), C: T.Tensor((32, 32), "float8_e4m3")):
        with T.Kernel(1, 1) as (bx, by):
            a = T.alloc_shared((32, 32), "float8_e4m3")
            acc = T.alloc_fragment((32, 32), "float8_e4m3")
            T.copy(A[0, 0], a)
            T.clear(acc)
            T.gemm(a, a, acc)  # f8-acc
            T.copy(acc, C[0, 0])

    import tilelang_tt as tilelang
    from tilelang_tt.errors import TileLangError
    with pytest.raises(TileLangError) as e:
        tilelang.compile(gemm_into_f8, out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "f8-acc", "T.gemm", "T.gemm",
                    "accumulator acc is float8_e4m3; on tenstorrent accumulate in float32 and T.copy the result "
                    "into float8")


def test_veltkamp_split_rounds_to_nearest_even():
    """The argument of tt_float8.h in numpy: g = a·(2^(23-m)+1), g + (a - g) in float32 arithmetic is a rounded
    to m mantissa bits, nearest, ties to even — for every float32 in [1, 4) (two binades; the split is
    scale-invariant away from over/underflow), for both formats; and the magic add rounds every float32 below
    the smallest normal to the subnormal grid."""
    x = np.arange(0x3F800000, 0x40800000, dtype=np.uint32).view(np.float32)
    for fmt, m in [("float8_e4m3", 3), ("float8_e5m2", 2)]:
        g = x * np.float32(2 ** (23 - m) + 1)
        np.testing.assert_array_equal(g + (x - g), x.astype(NP8[fmt]).astype(np.float32))
    for fmt, m, emin in [("float8_e4m3", 3, -6), ("float8_e5m2", 2, -14)]:
        lo = np.arange(1, np.float32(2.0**emin).view(np.uint32), 97, dtype=np.uint32).view(np.float32)
        magic = np.float32(1.5 * 2.0 ** (emin - m + 23))
        np.testing.assert_array_equal((lo + magic) - magic, lo.astype(NP8[fmt]).astype(np.float32))
