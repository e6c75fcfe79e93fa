"""Shape arithmetic before the annotation that binds it (T.const), and slice extents that fold symbolically
(x[a : a + c] has extent c when a is a load, a let-bound name or any other expression)."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T


@tilelang.jit
def pool_rows(A, S):
    H, W = T.const("H, W")
    OH = (H - S) // S + 1  # uses H before the annotation below binds it
    A: T.Tensor((H, W), T.float32)
    B = T.empty((OH, W), T.float32)
    with T.Kernel(OH) as bx:
        for j in T.Parallel(W):
            B[bx, j] = A[bx * S, j]
    return B


@pytest.mark.parametrize("H,S", [(8, 2), (9, 3)])
def test_const_arithmetic_before_its_annotation(rng, H, S):
    a = rng.standard_normal((H, 4)).astype(np.float32)
    np.testing.assert_array_equal(pool_rows(a, S), a[::S][: (H - S) // S + 1])


def test_const_compared_before_binding_is_an_error():
    @tilelang.jit
    def f(A):
        N = T.const("N")
        if N > 4:
            pass
        A: T.Tensor((N,), T.float32)
        return A

    with pytest.raises(tilelang.TileLangError, match=r"\[const\] T.const 'N' is used before a T.Tensor annotation"):
        f(np.zeros(8, np.float32))


@tilelang.jit
def gather_rows(X, starts, blk):
    M, N, G = T.const("M, N, G")
    X: T.Tensor((M, N), T.float32)
    starts: T.Tensor((G,), T.int32)
    Y = T.empty((G, blk, N), T.float32)
    with T.Kernel(G) as g:
        s = T.alloc_shared((blk, N), T.float32)
        off = T.alloc_var(T.int32)
        off = starts[g]
        T.copy(X[off + g * 0 : off + blk, :], s)  # extent folds to blk through the load of `off`
        T.copy(s, Y[g, 0:blk, :])
    return Y


def test_symbolic_slice_extent_through_a_load(rng):
    x = rng.standard_normal((16, 8)).astype(np.float32)
    starts = np.array([3, 0, 9], np.int32)
    y = gather_rows(x, starts, 4)
    np.testing.assert_array_equal(y, np.stack([x[s:s + 4] for s in starts]))


def test_lets_of_loads_do_not_fold():
    """lo and hi are names for two loads made at different times (the buffer may change in between), so their
    difference is not taken as a constant: the copy's shapes differ, a located error."""
    @tilelang.jit
    def f(X, starts):
        M, G = T.const("M, G")
        X: T.Tensor((M,), T.float32)
        starts: T.Tensor((G,), T.int32)
        Y = T.empty((G, 4), T.float32)
        with T.Kernel(G) as g:
            s = T.alloc_shared((4,), T.float32)
            lo = starts[g]
            hi = starts[g] + 4
            T.copy(X[lo:hi], s)
            T.copy(s, Y[g, :])
        return Y

    with pytest.raises(tilelang.TileLangError, match=r"\[copy\] expected regions of the same shape, got source "
                                                     r"'X' \(hi - lo,\)"):
        f(np.zeros(16, np.float32), np.zeros(2, np.int32))
