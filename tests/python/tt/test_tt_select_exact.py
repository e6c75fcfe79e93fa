"""A max or min reduction whose result a comparison reads is a selection (arg-max, top-k: `m[i] == x[i, j]`), and
must equal one of the elements exactly, on both targets.

On "tenstorrent" reduce_tile reads float32 elements with 9 mantissa bits, and element-wise code broadcasts a
float32 vector through the FPU's source registers with 10: an inexact maximum selects nothing. So such a max/min is
computed exactly by default (tt_fp32_exact.h's masked passes over bfloat16 parts), and a comparison reads a vector
exactly (its bfloat16 parts' broadcasts, added in the fp32 DST). The data make an inexact path fail: float32 rows
share their first 10 significant bits and float16 rows' extreme pair differs in the last bit, so a truncated
maximum equals none of them (or the wrong one), and the arg index would be -1 (or wrong).
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

NP = {"float32": np.float32, "float16": np.float16}


def arg_select(M, N, dtype, kind, dim):
    """m = reduce_<kind>(A, dim); idx = the index (along dim) of the element equal to m, by reduce_max of
    if_then_else(m == A, index, -1) (upstream top-k's form). Returns (m, idx)."""
    red = getattr(T, "reduce_" + kind)
    L = M if dim == 1 else N

    @T.prim_func
    def select(A: T.Tensor((M, N), dtype), m: T.Tensor((L,), dtype), idx: T.Tensor((L,), "int32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_fragment((M, N), dtype)
            m_l = T.alloc_fragment((L,), dtype)
            hit = T.alloc_fragment((M, N), "int32")
            idx_l = T.alloc_fragment((L,), "int32")
            T.copy(A[0, 0], A_s)
            red(A_s, m_l, dim=dim)
            for i, j in T.Parallel(M, N):
                if dim == 1:
                    hit[i, j] = T.if_then_else(m_l[i] == A_s[i, j], j, -1)
                else:
                    hit[i, j] = T.if_then_else(m_l[j] == A_s[i, j], i, -1)
            T.reduce_max(hit, idx_l, dim=dim)
            T.copy(m_l, m[0])
            T.copy(idx_l, idx[0])
    return select


def close_values(rng, M, N, dtype):
    """Distinct values per row of one binade (a power of two and a sign per row): 1 + k·2^-f, k distinct, the two
    largest and the two smallest k adjacent (differing in the last bit). float32 rows agree in their first 10
    significant bits (k < 2^13); float16 rows differ in the last bit, the one the FPU drops."""
    frac_bits, span = (23, 2**13) if dtype == "float32" else (10, 2**10)
    ends = np.array([0, 1, span - 2, span - 1])
    k = np.stack([rng.permutation(np.concatenate([ends, rng.choice(np.arange(2, span - 2), N - 4, replace=False)]))
                  for _ in range(M)]).astype(np.float64)
    x = (1 + k * 2.0**-frac_bits) * 2.0 ** rng.integers(-4, 5, size=(M, 1)) * rng.choice([-1, 1], size=(M, 1))
    return x.astype(NP[dtype])


@pytest.mark.parametrize("target", ["tenstorrent", "interpret"])
@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("kind", ["max", "min"])
@pytest.mark.parametrize("dim", [1, 0])
def test_max_min_equal_an_element(target, dtype, kind, dim):
    M, N = 64, 96
    rng = np.random.default_rng(7)
    a = close_values(rng, M, N, dtype)
    if dim == 0:
        a = np.ascontiguousarray(close_values(rng, N, M, dtype).T)
    k = tilelang.compile(arg_select(M, N, dtype, kind, dim), out_idx=[1, 2], target=target)
    m, idx = k(a)
    ax = 1 if dim == 1 else 0
    np.testing.assert_array_equal(m, getattr(a, kind)(axis=ax))
    np.testing.assert_array_equal(idx, (np.argmax if kind == "max" else np.argmin)(a, axis=ax))
    if target == "tenstorrent":
        t = sum(p["modeled_seconds"] for p in k.backend.last_run["programs"])
        print(f"{dtype} {kind} dim={dim} {M}x{N} select: modeled {t * 1e6:.2f} us")


@pytest.mark.parametrize("target", ["tenstorrent", "interpret"])
@pytest.mark.parametrize("kind", ["max", "min"])
def test_infinite_rows_select_their_infinity(target, kind):
    """A row of -inf (+inf for min: a fully masked row), a row with one +inf (-inf) among finite values and rows
    with some infinities of the other sign: the maximum is the infinity or the finite maximum, not x - m1's NaN."""
    M, N = 64, 96
    rng = np.random.default_rng(11)
    a = close_values(rng, M, N, "float32")
    inf = np.float32(np.inf if kind == "max" else -np.inf)
    a[0, :] = -inf
    a[1, 17] = inf
    a[2, ::3] = -inf
    k = tilelang.compile(arg_select(M, N, "float32", kind, 1), out_idx=[1, 2], target=target)
    m, idx = k(a)
    np.testing.assert_array_equal(m, getattr(a, kind)(axis=1))
    arg = (np.argmax if kind == "max" else np.argmin)(a, axis=1)
    np.testing.assert_array_equal(idx[1:], arg[1:])  # row 0: every element is the maximum; the last index wins
    assert idx[0] == N - 1
