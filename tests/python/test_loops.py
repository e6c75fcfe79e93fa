"""Loops: T.serial/T.Serial (with start and step), range, T.grid, T.unroll, T.Pipelined (hints), multi-dim
T.Parallel, and Python loops over Python values unrolled at trace time."""
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def run(func, out_idx, *args):
    return tilelang.compile(func, out_idx=out_idx)(*args)


def test_serial_forms(rng):
    @T.prim_func
    def f(A: T.Tensor((16,), "int32"), B: T.Tensor((4,), "int32")):
        with T.Kernel(1) as bx:
            acc = T.alloc_var("int32", 0)
            for i in T.serial(16):
                acc += A[i]
            B[0] = acc
            acc = 0
            for i in T.Serial(4, 12):          # [4, 12)
                acc = acc + A[i]
            B[1] = acc
            acc = 0
            for i in T.serial(1, 16, 3):       # 1, 4, 7, 10, 13
                acc += A[i]
            B[2] = acc
            acc = 0
            for i in range(2, 6):
                acc += A[i] * i
            B[3] = acc
    a = rng.integers(-100, 100, 16).astype(np.int32)
    b = run(f, 1, a)
    np.testing.assert_array_equal(b, [a.sum(), a[4:12].sum(), a[1:16:3].sum(), (a[2:6] * np.arange(2, 6)).sum()])


def test_grid_unroll_parallel(rng):
    @T.prim_func
    def f(A: T.Tensor((4, 6, 8), "float32"), B: T.Tensor((4, 6, 8), "float32"), C: T.Tensor((4, 6, 8), "float32")):
        with T.Kernel(1) as bx:
            for i, j, k in T.grid(4, 6, 8):
                B[i, j, k] = A[i, j, k] + 1.0
            for i, j in T.Parallel(4, 6):
                for k in T.unroll(8):
                    C[i, j, k] = A[i, j, k] * 2.0
    a = rng.standard_normal((4, 6, 8)).astype(np.float32)
    b, c = run(f, [1, 2], a)
    np.testing.assert_array_equal(b, a + np.float32(1))
    np.testing.assert_array_equal(c, a * np.float32(2))


def test_pipelined_hints_are_recorded_and_serial(rng):
    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), B: T.Tensor((1,), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((8,), "float32")
            acc = T.alloc_fragment((1,), "float32")
            part = T.alloc_fragment((1,), "float32")
            T.clear(acc)
            for k in T.Pipelined(8, num_stages=2, order=[0, 1, 2], stage=[0, 1, 1], group=[[0], [1, 2]]):
                T.copy(A[k * 8], s)
                T.reduce_sum(s, part, dim=0)
                acc[0] = acc[0] + part[0]
            B[0] = acc[0]
    a = rng.standard_normal(64).astype(np.float32)
    kernel = tilelang.compile(f, out_idx=1)
    np.testing.assert_allclose(kernel(a), [a.astype(np.float64).sum()], rtol=1e-5)
    assert "num_stages=2" in kernel.get_ir()


def test_pipelined_start_stop(rng):
    @T.prim_func
    def f(A: T.Tensor((10,), "float32"), B: T.Tensor((10,), "float32")):
        with T.Kernel(1) as bx:
            for k in T.Pipelined(2, 10, num_stages=1):
                B[k] = A[k - 2] + A[k]
    a = rng.standard_normal(10).astype(np.float32)
    b = run(f, 1, a)
    np.testing.assert_array_equal(b[2:], a[:-2] + a[2:])
    np.testing.assert_array_equal(b[:2], 0)


def test_python_loop_unrolled_at_trace_time(rng):
    weights = [0.5, -1.0, 2.0]

    @T.prim_func
    def f(A: T.Tensor((3, 16), "float32"), B: T.Tensor((16,), "float32")):
        with T.Kernel(1) as bx:
            for j in T.Parallel(16):
                B[j] = sum(A[t, j] * w for t, w in enumerate(weights))  # a Python comprehension
    kernel = tilelang.compile(f, out_idx=1)
    a = rng.standard_normal((3, 16)).astype(np.float32)
    ref = ((np.float32(0) + a[0] * np.float32(0.5)) + a[1] * np.float32(-1.0)) + a[2] * np.float32(2.0)
    np.testing.assert_array_equal(kernel(a), ref)
    assert "for " not in kernel.get_ir().split("parallel")[1]  # no IR loop for the Python generator


def test_symbolic_loop_bounds(rng):
    @T.prim_func
    def f(A: T.Tensor((8, 8), "float32"), B: T.Tensor((8,), "float32")):
        with T.Kernel(8) as bx:
            acc = T.alloc_var("float32", 0.0)
            for j in T.serial(bx + 1):        # triangular: row bx sums A[bx, 0..bx]
                acc += A[bx, j]
            B[bx] = acc
    a = rng.standard_normal((8, 8)).astype(np.float32)
    ref = [np.float32(0) + np.cumsum(a[i, : i + 1], dtype=np.float32)[-1] for i in range(8)]
    np.testing.assert_allclose(run(f, 1, a), ref, rtol=1e-6)
