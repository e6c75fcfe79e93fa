"""Reductions (T.reduce_max/min/sum/abssum/absmax with dim and clear) and T.cumsum."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

OPS = {"max": (T.reduce_max, np.max), "min": (T.reduce_min, np.min), "sum": (T.reduce_sum, np.sum),
       "abssum": (T.reduce_abssum, lambda x, axis: np.abs(x).sum(axis)),
       "absmax": (T.reduce_absmax, lambda x, axis: np.abs(x).max(axis))}


@pytest.mark.parametrize("kind", list(OPS))
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_reduce(rng, kind, dim):
    red, ref = OPS[kind]
    M, N = 16, 24
    out_n = N if dim == 0 else M

    @T.prim_func
    def f(A: T.Tensor((M, N), "float32"), B: T.Tensor((out_n,), "float32")):
        with T.Kernel(1) as bx:
            t = T.alloc_fragment((M, N), "float32")
            o = T.alloc_fragment((out_n,), "float32")
            T.copy(A, t)
            red(t, o, dim=dim)
            T.copy(o, B)
    a = rng.standard_normal((M, N)).astype(np.float32)
    b = tilelang.compile(f, out_idx=1)(a)
    np.testing.assert_allclose(b, ref(a.astype(np.float64), axis=dim % 2), rtol=1e-5, atol=1e-5)


def test_reduce_keepdim_and_clear_false(rng):
    # online max: folding into existing values (clear=False), and an output with the reduced dim kept as 1
    @T.prim_func
    def f(A: T.Tensor((8, 32), "float32"), B: T.Tensor((8, 1), "float32"), C: T.Tensor((8,), "float32")):
        with T.Kernel(1) as bx:
            m = T.alloc_fragment((8,), "float32")
            keep = T.alloc_fragment((8, 1), "float32")
            t = T.alloc_fragment((8, 16), "float32")
            T.fill(m, -T.infinity("float32"))
            for k in T.serial(2):
                T.copy(A[0, k * 16], t)
                T.reduce_max(t, m, dim=1, clear=False)
            T.reduce_sum(t, keep, dim=1)
            T.copy(keep, B)
            T.copy(m, C)
    a = rng.standard_normal((8, 32)).astype(np.float32)
    b, c = tilelang.compile(f, out_idx=[1, 2])(a)
    np.testing.assert_allclose(b[:, 0], a[:, 16:].astype(np.float64).sum(1), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(c, a.max(1))


def test_reduce_sum_clear_false_accumulates(rng):
    @T.prim_func
    def f(A: T.Tensor((4, 8), "float32"), B: T.Tensor((4,), "float32")):
        with T.Kernel(1) as bx:
            t = T.alloc_fragment((4, 8), "float32")
            s = T.alloc_fragment((4,), "float32")
            T.fill(s, 10.0)
            T.copy(A, t)
            T.reduce_sum(t, s, dim=1, clear=False)
            T.copy(s, B)
    a = rng.standard_normal((4, 8)).astype(np.float32)
    np.testing.assert_allclose(tilelang.compile(f, out_idx=1)(a), 10 + a.astype(np.float64).sum(1), rtol=1e-5)


@pytest.mark.parametrize("dim,reverse", [(0, False), (1, False), (1, True), (0, True)])
def test_cumsum(rng, dim, reverse):
    @T.prim_func
    def f(A: T.Tensor((8, 16), "float32"), B: T.Tensor((8, 16), "float32"), C: T.Tensor((8, 16), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((8, 16), "float32")
            d = T.alloc_shared((8, 16), "float32")
            T.copy(A, s)
            T.cumsum(s, d, dim=dim, reverse=reverse)
            T.cumsum(s, dim=dim, reverse=reverse)   # in place
            T.copy(d, B)
            T.copy(s, C)
    a = rng.standard_normal((8, 16)).astype(np.float32)
    b, c = tilelang.compile(f, out_idx=[1, 2])(a)
    x = a.astype(np.float64)
    ref = np.flip(np.cumsum(np.flip(x, dim), dim), dim) if reverse else np.cumsum(x, dim)
    np.testing.assert_allclose(b, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, ref, rtol=1e-5, atol=1e-5)
