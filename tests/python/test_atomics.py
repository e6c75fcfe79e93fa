"""T.atomic_add / atomic_max / atomic_min (scalar and tile-region forms, return_prev, memory_order) on the
interpreter, against numpy; their located refusal on tenstorrent; argument errors at the user's line."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt.tt_check import assert_error_at


def splitk(M, N, K, bk, dtype):
    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), "float32")):
        with T.Kernel(K // bk) as bz:
            a = T.alloc_shared((M, bk), dtype)
            b = T.alloc_shared((bk, N), dtype)
            c = T.alloc_fragment((M, N), "float32")
            T.copy(A[0, bz * bk], a)
            T.copy(B[bz * bk, 0], b)
            T.gemm(a, b, c, clear_accum=True)
            for i, j in T.Parallel(M, N):
                T.atomic_add(C[i, j], c[i, j], memory_order="relaxed")
    return main


@pytest.mark.parametrize("M,N,K,bk", [(8, 16, 64, 16), (5, 3, 12, 4)])
def test_scalar_atomic_add_sums_the_splits(rng, M, N, K, bk):
    a = rng.standard_normal((M, K)).astype(np.float32)
    b = rng.standard_normal((K, N)).astype(np.float32)
    c = np.zeros((M, N), np.float32)
    tilelang.compile(splitk(M, N, K, bk, "float32"))(a, b, c)
    # float32 sums of K/bk partials of bk float32 products: relative error ~K * 2^-24 of sum |a||b|
    np.testing.assert_allclose(c, a.astype(np.float64) @ b, atol=K * 2.0**-23 * (np.abs(a) @ np.abs(b)).max())


def minmax(n, blocks, dtype):
    @T.prim_func
    def main(X: T.Tensor((blocks, n), dtype), Mx: T.Tensor((n,), dtype), Mn: T.Tensor((n,), dtype)):
        with T.Kernel(blocks) as bx:
            for j in T.Parallel(n):
                T.atomic_max(Mx[j], X[bx, j])
                T.atomic_min(Mn[j], X[bx, j])
    return main


@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize("n,blocks", [(7, 5), (32, 3)])
def test_atomic_max_min(rng, dtype, n, blocks):
    x = (rng.standard_normal((blocks, n)) * 100).astype(dtype)
    mx = np.full(n, -1e9 if dtype == "float32" else -(2**31), dtype)
    mn = np.full(n, 1e9 if dtype == "float32" else 2**31 - 1, dtype)
    tilelang.compile(minmax(n, blocks, dtype))(x, mx, mn)
    np.testing.assert_array_equal(mx, x.max(0))
    np.testing.assert_array_equal(mn, x.min(0))


def region_add(M, N, bm):
    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), S: T.Tensor((bm, N), "float32")):
        with T.Kernel(M // bm) as bx:
            t = T.alloc_shared((bm, N), "float32")
            T.copy(X[bx * bm:(bx + 1) * bm, :], t)
            T.atomic_add(S[0:bm, :], t)  # tile-region form: element-wise over the slice
            T.atomic_add(S[0, 0], 1.0)   # and a scalar one per block
    return main


@pytest.mark.parametrize("M,N,bm", [(16, 8, 4), (12, 5, 3)])
def test_tile_region_atomic_add(rng, M, N, bm):
    x = rng.integers(-8, 8, (M, N)).astype(np.float32)  # small integers: every sum is exact in float32
    s = np.zeros((bm, N), np.float32)
    tilelang.compile(region_add(M, N, bm))(x, s)
    want = x.reshape(M // bm, bm, N).sum(0)
    want[0, 0] += M // bm
    np.testing.assert_array_equal(s, want)


def ticket(n):
    @T.prim_func
    def main(Counter: T.Tensor((1,), "int32"), Got: T.Tensor((n,), "int32")):
        with T.Kernel(n) as bx:
            old = T.atomic_add(Counter[0], 1, return_prev=True)
            Got[bx] = old * 10
    return main


@pytest.mark.parametrize("n", [1, 6])
def test_return_prev_gives_the_old_value(n):
    counter, got = np.zeros(1, np.int32), np.full(n, -1, np.int32)
    tilelang.compile(ticket(n))(counter, got)
    assert counter[0] == n
    np.testing.assert_array_equal(np.sort(got), np.arange(n) * 10)  # each block saw a distinct old value


def test_atomic_add_rounds_to_the_element_dtype():
    @T.prim_func
    def main(C: T.Tensor((1,), "float16")):
        with T.Kernel(4) as bx:
            T.atomic_add(C[0], 0.0001)

    c = np.array([1.0], np.float16)
    tilelang.compile(main)(c)
    assert c[0] == np.float16(1.0)  # 1 + 1e-4 rounds back to 1 in float16, each time


def test_atomic_on_tenstorrent_combines_colliding_blocks():
    """Both blocks add 1.0 to every element (bx is absent from the index): on tenstorrent a workspace slice per
    block and a combine kernel (tests/python/tt/test_tt_atomic.py has the thorough tests)."""
    @T.prim_func
    def main(C: T.Tensor((32, 32), "float32")):
        with T.Kernel(2) as bx:
            for i, j in T.Parallel(32, 32):
                T.atomic_add(C[i, j], 1.0)

    c = np.arange(32 * 32, dtype=np.float32).reshape(32, 32)
    out = c.copy()
    tilelang.compile(main, target="tenstorrent")(out)
    np.testing.assert_array_equal(out, c + 2)


def test_bad_memory_order_is_a_located_error():
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def main(C: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                T.atomic_max(C[0], 1.0, memory_order="strong")  # BAD-ORDER

    assert_error_at(e.value, __file__, "BAD-ORDER", "T.atomic_max", "atomic_max",
                    "memory_order must be None or one of", whole=False)


def test_return_prev_of_a_region_is_an_error():
    with pytest.raises(tilelang.TileLangError, match=r"\[atomic_add\] return_prev is not supported for the "
                                                     r"tile-region form"):
        @T.prim_func
        def main(C: T.Tensor((4,), "float32"), D: T.Tensor((4,), "float32")):
            with T.Kernel(1) as bx:
                T.atomic_add(C[0:4], D[0:4], return_prev=True)


# ------------------------------------------------------------------ T.alloc_global workspaces


def two_pass_sum(M, N, splits):
    @T.prim_func
    def main(X: T.Tensor((M, N), "float32"), Y: T.Tensor((N,), "float32")):
        part = T.alloc_global((splits, N), "float32")  # zeroed per call, shared by both kernels
        with T.Kernel(splits) as s:
            for r in T.serial(M // splits):
                for j in T.Parallel(N):
                    part[s, j] += X[s * (M // splits) + r, j]
        with T.Kernel(1) as _:
            for j in T.Parallel(N):
                Y[j] = 0.0
            for s in T.serial(splits):
                for j in T.Parallel(N):
                    Y[j] += part[s, j]
    return main


@pytest.mark.parametrize("M,N,splits", [(8, 16, 4), (9, 5, 3)])
def test_alloc_global_workspace_is_shared_by_kernels_and_zeroed_per_call(rng, M, N, splits):
    x = rng.integers(-8, 8, (M, N)).astype(np.float32)  # exact sums
    k = tilelang.compile(two_pass_sum(M, N, splits))
    for _ in range(2):  # a second call starts from a zeroed workspace again
        y = np.zeros(N, np.float32)
        k(x, y)
        np.testing.assert_array_equal(y, x.sum(0))


def test_alloc_global_on_tenstorrent_starts_zeroed_per_call():
    """On tenstorrent the host program allocates the workspace and zeroes it on every call (docs/tenstorrent.md)."""
    @T.prim_func
    def main(X: T.Tensor((32, 64), "float32"), Y: T.Tensor((32, 64), "float32")):
        w = T.alloc_global((32, 64), "float32")
        with T.Kernel(2) as bx:
            t = T.alloc_shared((32, 32), "float32")
            T.copy(w[0, bx * 32], t)  # zeros, on every call
            for i, j in T.Parallel(32, 32):
                t[i, j] = t[i, j] + X[i, bx * 32 + j]
            T.copy(t, w[0, bx * 32])
        with T.Kernel(2) as bx:
            u = T.alloc_shared((32, 32), "float32")
            T.copy(w[0, bx * 32], u)
            T.copy(u, Y[0, bx * 32])

    k = tilelang.compile(main, target="tenstorrent")
    x = np.arange(32 * 64, dtype=np.float32).reshape(32, 64)
    for _ in range(2):
        y = np.full((32, 64), 7, np.float32)
        k(x, y)
        np.testing.assert_array_equal(y, x)
