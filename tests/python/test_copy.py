"""T.copy in all its forms: whole buffers, slices, start-index loads (extent from the other side,
right-aligned), 1-extent dims, dtype conversion, out-of-bounds global reads (0) and writes (dropped)."""
import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def run(func, out_idx, *args):
    return tilelang.compile(func, out_idx=out_idx)(*args)


def test_whole_buffers(rng):
    @T.prim_func
    def f(A: T.Tensor((16, 8), "float32"), B: T.Tensor((16, 8), "float32")):
        with T.Kernel(1) as bx:
            S = T.alloc_shared((16, 8), "float32")
            T.copy(A, S)
            T.copy(S, B)
    a = rng.standard_normal((16, 8)).astype(np.float32)
    np.testing.assert_array_equal(run(f, 1, a), a)


def test_slices_and_start_index(rng):
    @T.prim_func
    def f(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 4) as (bx, by):
            S = T.alloc_shared((16, 32), "float32")
            T.copy(A[by * 16:(by + 1) * 16, bx * 32:(bx + 1) * 32], S)   # slice → buffer
            T.copy(S, B[by * 16, bx * 32])                               # buffer → start index
    a = rng.standard_normal((64, 64)).astype(np.float32)
    np.testing.assert_array_equal(run(f, 1, a), a)


def test_right_aligned_unit_dims(rng):
    # a 4-D tensor tile [b, h, rows, :] copied to a 2-D shared tile: leading extents are 1
    @T.prim_func
    def f(Q: T.Tensor((2, 3, 32, 16), "float32"), O: T.Tensor((2, 3, 32, 16), "float32")):
        with T.Kernel(2, 3, 2) as (bb, hh, rb):
            S = T.alloc_shared((16, 16), "float32")
            T.copy(Q[bb, hh, rb * 16, 0], S)
            T.copy(S, O[bb, hh, rb * 16:(rb + 1) * 16, :])
    q = rng.standard_normal((2, 3, 32, 16)).astype(np.float32)
    np.testing.assert_array_equal(run(f, 1, q), q)


def test_row_slice_to_1d(rng):
    @T.prim_func
    def f(A: T.Tensor((8, 32), "float32"), B: T.Tensor((8, 32), "float32")):
        with T.Kernel(8) as bx:
            row = T.alloc_fragment((32,), "float32")
            T.copy(A[bx, :], row)
            for j in T.Parallel(32):
                row[j] = row[j] * 3.0
            T.copy(row, B[bx, 0:32])
    a = rng.standard_normal((8, 32)).astype(np.float32)
    np.testing.assert_array_equal(run(f, 1, a), a * np.float32(3.0))


def test_dtype_conversion_on_copy(rng):
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "bfloat16"), C: T.Tensor((32, 32), "float16"),
          D: T.Tensor((32, 32), "int32")):
        with T.Kernel(1) as bx:
            acc = T.alloc_fragment((32, 32), "float32")
            T.copy(A, acc)
            T.copy(acc, B)
            T.copy(acc, C)
            T.copy(acc, D)
    a = (rng.standard_normal((32, 32)) * 100).astype(np.float32)
    b, c, d = run(f, [1, 2, 3], a)
    # round-to-nearest-even conversions, as numpy/ml_dtypes do them; float→int truncates toward zero
    np.testing.assert_array_equal(b.astype(np.float32), a.astype(ml_dtypes.bfloat16).astype(np.float32))
    np.testing.assert_array_equal(c, a.astype(np.float16))
    np.testing.assert_array_equal(d, np.trunc(a).astype(np.int32))


def test_scalar_copy_both_loads():
    @T.prim_func
    def f(A: T.Tensor((4,), "float32"), B: T.Tensor((4,), "float16")):
        with T.Kernel(4) as bx:
            T.copy(A[bx], B[3 - bx])
    a = np.array([1.5, 2.25, -3.0, 4.125], np.float32)
    np.testing.assert_array_equal(run(f, 1, a), a[::-1].astype(np.float16))


def test_out_of_bounds_global(rng):
    # 40x40 with 32x32 tiles: the second tiles read zeros past the edge and their extra writes are dropped
    @T.prim_func
    def f(A: T.Tensor((40, 40), "float32"), B: T.Tensor((40, 40), "float32"), S: T.Tensor((2, 2), "float32")):
        with T.Kernel(2, 2) as (bx, by):
            t = T.alloc_fragment((32, 32), "float32")
            s = T.alloc_fragment((1,), "float32")
            T.copy(A[by * 32, bx * 32], t)
            T.copy(t, B[by * 32, bx * 32])
            acc = T.alloc_fragment((32,), "float32")
            T.reduce_sum(t, acc, dim=1)
            T.reduce_sum(acc, s, dim=0)
            S[by, bx] = s[0]
    a = rng.standard_normal((40, 40)).astype(np.float32)
    b, s = run(f, [1, 2], a)
    np.testing.assert_array_equal(b, a)
    ref = np.array([[a[:32, :32].sum(), a[:32, 32:].sum()], [a[32:, :32].sum(), a[32:, 32:].sum()]])
    np.testing.assert_allclose(s, ref, rtol=1e-5, atol=1e-4)
