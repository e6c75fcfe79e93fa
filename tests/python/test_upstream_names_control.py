"""T.loop_break, T.device_assert and T.atomic_or on interpret (against numpy / the expected error), and their
located errors on tenstorrent."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError


def run(f, *args, out_idx=-1):
    return tilelang.compile(f, out_idx=out_idx, target="interpret")(*args)


def test_loop_break_leaves_the_innermost_loop(rng):
    @T.prim_func
    def f(A: T.Tensor((16, 32), "float32"), N: T.Tensor((16,), "int32"), S: T.Tensor((16,), "float32")):
        with T.Kernel(16) as bx:
            n = T.alloc_var("int32", 0)
            s = T.alloc_var("float32", 0.0)
            for j in T.serial(32):
                if A[bx, j] < 0:
                    T.loop_break()
                    s = s + 1000.0   # after the break in its scope: not run
                n = n + 1
                s = s + A[bx, j]
            N[bx] = n
            S[bx] = s
    a = rng.uniform(-0.2, 1, (16, 32)).astype(np.float32)
    a[0] = 1.0
    a[1, 0] = -1.0
    n, s = run(f, a, out_idx=[1, 2])
    first = np.where((a < 0).any(1), (a < 0).argmax(1), 32)
    np.testing.assert_array_equal(n, first)
    want = np.array([a[i, :first[i]].astype(np.float32).sum(dtype=np.float32) for i in range(16)])
    # float32 sums of up to 32 terms in [0, 1]: a few ulps of 32
    np.testing.assert_allclose(s, want, rtol=0, atol=1e-5)


def test_loop_break_in_nested_loops_and_threads(rng):
    @T.prim_func
    def f(A: T.Tensor((4, 8, 16), "int32"), C: T.Tensor((4, 8), "int32")):
        with T.Kernel(4, threads=8) as bx:
            tx = T.get_thread_binding()
            c = T.alloc_var("int32", 0)
            for i in T.serial(2):          # the outer loop goes on; the inner one restarts clear
                for j in range(16):
                    if A[bx, tx, j] == 0:
                        T.loop_break()
                    c = c + 1
            C[bx, tx] = c
    a = rng.integers(0, 6, (4, 8, 16)).astype(np.int32)
    c = run(f, a)
    first = np.where((a == 0).any(2), (a == 0).argmax(2), 16)
    np.testing.assert_array_equal(c, 2 * first)


def test_loop_break_errors():
    with pytest.raises(TileLangError, match=r"\[loop_break\] cannot break out of a T.Parallel loop") as e:
        @T.prim_func
        def f(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                for i in T.Parallel(8):
                    T.loop_break()
    assert e.value.file == __file__ and "T.loop_break()" in str(e.value)
    with pytest.raises(TileLangError, match=r"\[loop_break\] T.loop_break\(\) must be inside a loop"):
        @T.prim_func
        def g(A: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                T.loop_break()


def test_device_assert_stops_the_run_at_its_line():
    @T.prim_func
    def f(A: T.Tensor((8,), "int32"), B: T.Tensor((8,), "int32")):
        with T.Kernel(8) as bx:
            T.device_assert(A[bx] >= 0, "A must be non-negative")
            B[bx] = A[bx] * 2
    k = tilelang.compile(f, out_idx=1, target="interpret")
    a = np.arange(8, dtype=np.int32)
    np.testing.assert_array_equal(k(a), a * 2)
    a[5] = -3
    with pytest.raises(TileLangError, match=r"\[device_assert\] device assertion failed: .*A must be non-negative") as e:
        k(a)
    assert e.value.file == __file__ and 'T.device_assert(A[bx] >= 0, "A must be non-negative")' in str(e.value)


def test_atomic_or_from_every_block_and_thread(rng):
    @T.prim_func
    def f(A: T.Tensor((8, 32), "int32"), M: T.Tensor((1,), "int32"), P: T.Tensor((8, 32), "int32")):
        with T.Kernel(8, threads=32) as bx:
            tx = T.get_thread_binding()
            T.atomic_or(M[0], T.shift_left(1, A[bx, tx]))
            T.atomic_or(P[bx, tx], 1 << 30)
    a = rng.integers(0, 31, (8, 32)).astype(np.int32)
    m, p = run(f, a, out_idx=[1, 2])
    assert m[0] == np.bitwise_or.reduce(np.left_shift(1, a).ravel())
    np.testing.assert_array_equal(p, np.full((8, 32), 1 << 30, np.int32))


def test_atomic_or_errors():
    with pytest.raises(TileLangError, match=r"\[atomic_or\] expected an integer or bool buffer, got 'M' of float32"):
        @T.prim_func
        def f(M: T.Tensor((1,), "float32")):
            with T.Kernel(1) as bx:
                T.atomic_or(M[0], 1.0)


def test_tenstorrent_refuses_assert_and_atomic_or_at_their_lines():
    @T.prim_func
    def f(A: T.Tensor((32, 32), "int32"), B: T.Tensor((32, 32), "int32")):
        with T.Kernel(1) as bx:
            T.device_assert(bx >= 0, "never")
            for i, j in T.Parallel(32, 32):
                B[i, j] = A[i, j]
    with pytest.raises(TileLangError, match=r"\[T.device_assert\] device assertions are not supported on tenstorrent") as e:
        tilelang.compile(f, out_idx=1, target="tenstorrent")
    assert e.value.file == __file__ and "T.device_assert(bx >= 0" in str(e.value)

    @T.prim_func
    def g(A: T.Tensor((32, 32), "int32"), B: T.Tensor((32, 32), "int32")):
        with T.Kernel(2) as bx:
            for i, j in T.Parallel(32, 32):
                T.atomic_or(B[i, j], A[i, j])
    with pytest.raises(TileLangError, match=r"\[T.atomic_or\] T.atomic_or is not supported on tenstorrent yet") as e:
        tilelang.compile(g, out_idx=1, target="tenstorrent")
    assert e.value.file == __file__ and "T.atomic_or(B[i, j], A[i, j])" in str(e.value)


def test_thread_binding_is_the_kernels_own_index():
    @T.prim_func
    def f(A: T.Tensor((4, 64), "int32"), B: T.Tensor((4, 64), "int32")):
        with T.Kernel(4, threads=(16, 4)) as bx:
            tx = T.thread_binding(0, 16, thread="threadIdx.x")
            ty = T.thread_binding(4, thread="threadIdx.y")
            b = T.thread_binding(0, 4, thread="blockIdx.x")
            B[b, ty * 16 + tx] = A[bx, ty * 16 + tx] + b * 1000 + ty * 100 + tx
    a = np.arange(256, dtype=np.int32).reshape(4, 64)
    t = np.arange(64)
    np.testing.assert_array_equal(run(f, a), a + np.arange(4)[:, None] * 1000 + (t // 16) * 100 + t % 16)
    with pytest.raises(TileLangError, match=r"\[thread_binding\] expected the kernel's whole threadIdx.x range "
                                            r"\[0, 16\), got \[0, 8\)"):
        @T.prim_func
        def g(A: T.Tensor((4,), "int32")):
            with T.Kernel(1, threads=16) as bx:
                tx = T.thread_binding(0, 8, thread="threadIdx.x")
