"""Integer tiles on "tenstorrent" (issue 13, item 5 and the integer parts of item 1): int32 tiles are values of the
element-wise lowering (transform/tt_int_tiles.h) computed with the SFPU's int32 ops — fills with any constant,
+ - * (modulo 2^32), max/min/abs, comparisons, selects, casts to and from float32/bfloat16 (typecast_tile:
float -> int32 truncates toward zero, as a C cast) and copies of int32 tensors. Every kernel runs on both targets
and is compared with numpy exactly (int32 results are exact; float results of a cast are exact too: the values
are integers below 2^24, or the cast rounds once to the output's format, which numpy's astype does the same way).
What the hardware lacks is a located error: int8 T.gemm, int32 T.gemm, bool tiles (int32 reductions are exact:
test_tt_int_reduce.py; into a float buffer they are an error).
"""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError
from tt_check import assert_error_at, assert_within, compile_both, ulp

I32 = "int32"
M, N, BM, BN = 64, 96, 32, 32


def run_both(func, *args):
    tt, interp = compile_both(func)
    return tt(*args), interp(*args)


def assert_exact(outs, ref, what):
    for out, target in zip(outs, ("tenstorrent", "interpret")):
        assert out.dtype == ref.dtype, (what, target, out.dtype)
        bad = out != ref
        assert not bad.any(), f"{what} on {target}: {int(bad.sum())} of {ref.size} differ; first at " \
                              f"{np.argwhere(bad)[0]}: got {out[bad][0]}, expected {ref[bad][0]}"


def ints(rng, shape, lo=-(2**31), hi=2**31 - 1):
    return rng.integers(lo, hi, shape, dtype=np.int64, endpoint=True).astype(np.int32)


def wrap(x):
    """int64 -> int32 modulo 2^32 (the SFPU's int32 + - *, and numpy's int32 arithmetic)."""
    return np.asarray(x, dtype=np.int64).astype(np.uint64).astype(np.uint32).astype(np.int32)


# ---- element-wise int32 arithmetic, comparisons, selects, max/min/abs, fills with constants and scalars

def int_arith(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), I32), B: T.Tensor((M, N), I32), C: T.Tensor((M, N), I32)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), I32)
            B_s = T.alloc_shared((bM, bN), I32)
            C_l = T.alloc_fragment((bM, bN), I32)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = (A_s[i, j] + B_s[i, j]) * 3 - T.max(A_s[i, j], B_s[i, j] - 7) + T.min(A_s[i, j], bx)
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def test_int32_arithmetic_wraps_exactly(rng):
    """+ - * wrap modulo 2^32 over the whole int32 range; max/min are signed; a block index is an int32 fill."""
    a, b = ints(rng, (M, N)), ints(rng, (M, N))
    a[0, :4] = [2**31 - 1, -(2**31), 0, -1]
    b[0, :4] = [1, -1, -(2**31), 2**31 - 1]
    bx = np.arange(N)[None, :] // BN
    a64, b64 = a.astype(np.int64), b.astype(np.int64)
    ref = wrap(wrap(wrap(a64 + b64) * 3) - np.maximum(a64, wrap(b64 - 7)) + np.minimum(a64, bx))
    assert_exact(run_both(int_arith(M, N, BM, BN), a, b), ref, "int32 arithmetic")


def int_compare_select(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), I32), B: T.Tensor((M, N), I32), X: T.Tensor((M, N), "float32"),
          C: T.Tensor((M, N), I32)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), I32)
            B_s = T.alloc_shared((bM, bN), I32)
            X_s = T.alloc_shared((bM, bN), "float32")
            C_l = T.alloc_fragment((bM, bN), I32)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            T.copy(X[by * bM, bx * bN], X_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = T.if_then_else(A_s[i, j] < B_s[i, j], A_s[i, j], B_s[i, j] + 1)
                if A_s[i, j] == B_s[i, j] or X_s[i, j] > 0.5:
                    C_l[i, j] = j + bx * bN
                if A_s[i, j] != 0 and A_s[i, j] >= 5 and not (B_s[i, j] <= -5):
                    C_l[i, j] = T.abs(C_l[i, j]) * -1
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def test_int32_comparisons_and_selects(rng):
    """Signed comparisons (no overflow: -2^31 < 2^31 - 1), selects of int32 values (where_int32_tile), the
    column index as an int32 tile, boolean logic mixing int and float comparisons, abs and negation."""
    a, b = ints(rng, (M, N), -20, 20), ints(rng, (M, N), -20, 20)
    a[1, :3], b[1, :3] = [-(2**31), 2**31 - 1, 7], [2**31 - 1, -(2**31), 7]
    x = rng.uniform(0, 1, (M, N)).astype(np.float32)
    a64, b64 = a.astype(np.int64), b.astype(np.int64)
    c = np.where(a64 < b64, a64, wrap(b64 + 1))
    c = np.where((a64 == b64) | (x > 0.5), np.arange(N)[None, :], c)
    c = np.where((a64 != 0) & (a64 >= 5) & ~(b64 <= -5), -np.abs(c), c)
    assert_exact(run_both(int_compare_select(M, N, BM, BN), a, b, x), wrap(c), "int32 comparisons and selects")


def int_fill(M, N, bM, bN, value):
    @T.prim_func
    def k(A: T.Tensor((M, N), I32), C: T.Tensor((M, N), I32)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), I32)
            F_l = T.alloc_fragment((bM, bN), I32)
            C_l = T.alloc_fragment((bM, bN), I32)
            T.copy(A[by * bM, bx * bN], A_s)
            T.fill(F_l, value)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = T.max(F_l[i, j], A_s[i, j]) + 5 - by
            T.copy(C_l, C[by * bM, bx * bN])
    return k


@pytest.mark.parametrize("value", [-1, 2**31 - 1, -(2**31), 123456789, 1.5, -2.7])
def test_int32_fill_any_constant(rng, value):
    """T.fill of an int32 buffer with any int32 constant (fill_tile_int writes its bits), used in tile code. A float
    constant is converted as a cast converts it (toward zero): the fuzz campaign's g01239 (T.fill(int_buf, 1.5)) ran
    on interpret only."""
    a = ints(rng, (M, N), -1000, 1000)
    by = np.arange(M)[:, None] // BM
    ref = wrap(np.maximum(np.int64(np.trunc(value)), a.astype(np.int64)) + 5 - by)
    assert_exact(run_both(int_fill(M, N, BM, BN, value), a), ref, f"fill {value}")


def int_big_tree(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), I32), B: T.Tensor((M, N), I32), C: T.Tensor((M, N), I32)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), I32)
            B_s = T.alloc_shared((bM, bN), I32)
            C_l = T.alloc_fragment((bM, bN), I32)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                a, b = A_s[i, j], B_s[i, j]
                C_l[i, j] = (((a + b) * (a - b)) - ((a * b) + (b - a))) * (((a - 1) * (b + 2)) + ((a + 3) - (b * 4)))
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def test_int32_tree_larger_than_dst_spills_exactly(rng):
    """A balanced int32 tree of depth 4 needs 5 DST slots; the 32-bit DST has 4: a subtree is computed into an
    Int32 CB first (an int32 spill in a float format would change its bits)."""
    a, b = ints(rng, (M, N)), ints(rng, (M, N))
    a64, b64 = a.astype(np.int64), b.astype(np.int64)
    w = wrap
    left = w(w(w(a64 + b64) * w(a64 - b64)) - w(w(a64 * b64) + w(b64 - a64)))
    right = w(w(w(a64 - 1) * w(b64 + 2)) + w(w(a64 + 3) - w(b64 * 4)))
    assert_exact(run_both(int_big_tree(M, N, BM, BN), a, b), w(left.astype(np.int64) * right), "int32 tree")


# ---- casts between int32 and float32 / bfloat16

def casts(M, N, bM, bN, fdtype):
    @T.prim_func
    def k(X: T.Tensor((M, N), fdtype), A: T.Tensor((M, N), I32), I: T.Tensor((M, N), I32),
          Y: T.Tensor((M, N), fdtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            X_s = T.alloc_shared((bM, bN), fdtype)
            A_s = T.alloc_shared((bM, bN), I32)
            I_l = T.alloc_fragment((bM, bN), I32)
            Y_l = T.alloc_fragment((bM, bN), fdtype)
            T.copy(X[by * bM, bx * bN], X_s)
            T.copy(A[by * bM, bx * bN], A_s)
            for i, j in T.Parallel(bM, bN):
                I_l[i, j] = T.cast(X_s[i, j] * 4.0, I32) + A_s[i, j]
                Y_l[i, j] = T.cast(A_s[i, j], fdtype) * 0.5 + X_s[i, j]
            T.copy(I_l, I[by * bM, bx * bN])
            T.copy(Y_l, Y[by * bM, bx * bN])
    return k


@pytest.mark.parametrize("fdtype", ["float32", "bfloat16"])
def test_casts_between_int32_and_float(rng, fdtype):
    """float -> int32 truncates toward zero (typecast_tile<Float32, Int32>, as C and numpy's astype do); int32 ->
    float is exact below 2^24 (the values here), then one rounding to bfloat16 where the output is bfloat16."""
    npf = np.float32 if fdtype == "float32" else ml_dtypes.bfloat16
    x = rng.uniform(-100, 100, (M, N)).astype(np.float32).astype(npf)
    a = ints(rng, (M, N), -1000, 1000)
    tt, interp = compile_both(casts(M, N, BM, BN, fdtype), out_idx=[2, 3])
    xf = x.astype(np.float64)
    ref_i = wrap(np.trunc(xf * 4.0).astype(np.int64) + a)
    # The float expression: exact in float64, then rounded once (float32 ops on integers and halves are exact;
    # bf16 kernels compute in the fp32 DST and round when packed).
    ref_y = (a.astype(np.float64) * 0.5 + xf).astype(np.float32).astype(npf)
    for target, k in (("tenstorrent", tt), ("interpret", interp)):
        i_out, y_out = k(x, a)
        assert_exact([i_out], ref_i, f"cast to int32 on {target}")
        if fdtype == "float32":
            assert_exact([y_out], ref_y, f"cast to {fdtype} on {target}")
        else:  # interpret rounds to bf16 after the cast, the product and the sum (3 roundings); the device once
            exact = a.astype(np.float64) * 0.5 + xf
            assert_within(y_out, exact, 3 * ulp(exact, "bfloat16"), f"cast to bfloat16 on {target}")


def copy_convert(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), I32), X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32"),
          J: T.Tensor((M, N), I32)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), I32)
            F_l = T.alloc_fragment((bM, bN), "float32")
            X_s = T.alloc_shared((bM, bN), "float32")
            I_l = T.alloc_fragment((bM, bN), I32)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(A_s, F_l)
            T.copy(F_l, Y[by * bM, bx * bN])
            T.copy(X[by * bM, bx * bN], X_s)
            T.copy(X_s, I_l)
            T.copy(I_l, J[by * bM, bx * bN])
    return k


def test_copies_convert_int32_and_float32(rng):
    """T.copy between int32 and float32 buffers converts (a typecast in DST; float -> int truncates)."""
    a = ints(rng, (M, N), -(2**24), 2**24)
    x = rng.uniform(-1e6, 1e6, (M, N)).astype(np.float32)
    tt, interp = compile_both(copy_convert(M, N, BM, BN), out_idx=[2, 3])
    for target, k in (("tenstorrent", tt), ("interpret", interp)):
        y, j = k(a, x)
        assert_exact([y], a.astype(np.float32), f"int32 -> float32 copy on {target}")
        assert_exact([j], np.trunc(x.astype(np.float64)).astype(np.int32), f"float32 -> int32 copy on {target}")


# ---- bool tiles: 0/1 tiles (bfloat16 0.0 / 1.0 on the device; the host converts bool arrays on write and read)

def bool_mask(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), "float32"), Mask: T.Tensor((M, N), "bool"), C: T.Tensor((M, N), "float32"),
          P: T.Tensor((M, N), "bool")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "float32")
            M_s = T.alloc_shared((bM, bN), "bool")
            C_l = T.alloc_fragment((bM, bN), "float32")
            P_l = T.alloc_fragment((bM, bN), "bool")
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(Mask[by * bM, bx * bN], M_s)
            T.fill(P_l, True)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = -A_s[i, j]
                if M_s[i, j]:
                    C_l[i, j] = A_s[i, j] * 2.0
                if M_s[i, j] and A_s[i, j] < 0.5:
                    P_l[i, j] = A_s[i, j] > 0.0
            T.copy(C_l, C[by * bM, bx * bN])
            T.copy(P_l, P[by * bM, bx * bN])
    return k


def test_bool_tiles(rng):
    """A bool tensor read as a mask (`if mask[i, j]`), a bool fragment filled, stored from comparisons and
    written back to a bool tensor: exact on both targets."""
    a = rng.uniform(-1, 1, (M, N)).astype(np.float32)
    mask = rng.uniform(0, 1, (M, N)) < 0.5
    tt, interp = compile_both(bool_mask(M, N, BM, BN), out_idx=[2, 3])
    ref_c = np.where(mask, a * 2.0, -a).astype(np.float32)
    ref_p = np.where(mask & (a < 0.5), a > 0.0, True)
    for target, k in (("tenstorrent", tt), ("interpret", interp)):
        c, p = k(a, mask)
        assert_exact([c], ref_c, f"bool mask select on {target}")
        assert_exact([p], ref_p, f"bool output on {target}")


# ---- the kernels' scalar helpers are type-correct

def scalar_max_min(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "float32")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], A_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] + T.max(bx * 0.25, 0.3) + T.min(by * 0.5 + 0.25, 0.7)
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def test_scalar_max_min_of_floats(rng):
    """A max/min of float scalars (block indices times float constants) is computed in float in the kernel's C++
    (tl_fmax/tl_fmin); the int32 helpers would have truncated 0.5 and 0.3 to 0."""
    a = rng.uniform(-1, 1, (M, N)).astype(np.float32)
    bx, by = np.arange(N)[None, :] // BN, np.arange(M)[:, None] // BM
    ref = a.astype(np.float64) + np.maximum(bx * 0.25, 0.3) + np.minimum(by * 0.5 + 0.25, 0.7)
    for out, target in zip(run_both(scalar_max_min(M, N, BM, BN), a), ("tenstorrent", "interpret")):
        # float32 scalars (0.3, 0.7 rounded once) then two float32 additions: 4 roundings of 2^-24 relative
        assert_within(out, ref, 4 * 2.0**-24 * (np.abs(ref) + 1), f"scalar max/min on {target}")


# ---- what the hardware lacks: located errors

def compile_error(func):
    with pytest.raises(TileLangError) as e:
        tilelang.compile(func, out_idx=-1, target="tenstorrent")
    return e.value


def test_int32_reduction_into_a_float_buffer_is_an_error():
    """int32 reductions are exact into int32 vectors (test_tt_int_reduce.py); a float destination is refused."""
    @T.prim_func
    def row_max(A: T.Tensor((64, 64), I32), m: T.Tensor((64,), "float32")):
        with T.Kernel(2, threads=128) as bx:
            a = T.alloc_shared((32, 64), I32)
            r = T.alloc_fragment((32,), "float32")
            T.copy(A[bx * 32, 0], a)
            T.reduce_max(a, r, dim=1)  # R1
            T.copy(r, m[bx * 32])
    assert_error_at(compile_error(row_max), __file__, "R1", "T.reduce_max", "T.reduce_max",
                    "of int32 buffer a into float32 buffer r is not supported on tenstorrent: int32 data reduces "
                    "(exactly, digit by digit) into an int32 destination only; T.copy one of them to the other's "
                    "dtype first")


def test_int32_division_is_an_error_naming_the_operator():
    @T.prim_func
    def div(A: T.Tensor((32, 32), I32), C: T.Tensor((32, 32), I32)):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((32, 32), I32)
            c = T.alloc_fragment((32, 32), I32)
            T.copy(A[0, 0], a)
            for i, j in T.Parallel(32, 32):  # D1
                c[i, j] = a[i, j] // 3
            T.copy(c, C[0, 0])
    err = compile_error(div)
    assert err.op == "T.Parallel" and "on int32 tiles is not supported on tenstorrent: its SFPU has int32 +, -, *, " \
                                      "max, min and comparisons" in str(err), str(err)
