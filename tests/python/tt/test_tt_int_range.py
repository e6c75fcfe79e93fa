"""Integer constants beyond int32: extents, grids, shapes, indices, thread counts and pipelining hints are 32-bit
in the IR, so a constant outside int32 is a located TileLangError on both targets — never a wrapped value (a
T.serial(2**32 + 2) that runs 2 iterations) and never an internal error. An int meeting an integer expression must
fit that expression's dtype (NEP 50); a 64-bit value is made explicitly with T.cast and then computes in int64."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from test_tt_call_arguments import copy_kernel
from tt_check import assert_error_at

TARGETS = ["interpret", "tenstorrent"]
BIG = 2**32 + 2


def trace_error(build):
    with pytest.raises(tilelang.TileLangError) as e:
        build()
    return e.value


def test_serial_extent():
    def build():
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(1) as bx:
                for i in T.serial(BIG):  # serial
                    A[0, 0] = A[0, 0] + 1.0
    assert_error_at(trace_error(build), __file__, "serial", "T.serial", "serial",
                    "loop bound 4294967298 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are "
                    "32-bit")


def test_pipelined_extent_and_stages():
    def build(n, stages):
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(1) as bx:
                for i in T.Pipelined(n, num_stages=stages):  # pipelined
                    A[0, 0] = A[0, 0] + 1.0
    assert_error_at(trace_error(lambda: build(2**31, 0)), __file__, "pipelined", "T.Pipelined", "Pipelined",
                    "loop bound 2147483648 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are "
                    "32-bit")
    assert_error_at(trace_error(lambda: build(4, 2**31)), __file__, "pipelined", "T.Pipelined", "Pipelined",
                    "num_stages 2147483648 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are "
                    "32-bit")


def test_kernel_grid_and_threads():
    def build(grid, threads):
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(grid, threads=threads) as bx:  # kernel
                A[0, 0] = 1.0
    assert_error_at(trace_error(lambda: build(2**32 + 1, 128)), __file__, "kernel", "T.Kernel", "Kernel",
                    "grid extent 4294967297 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are "
                    "32-bit")
    assert_error_at(trace_error(lambda: build(1, 2**31)), __file__, "kernel", "T.Kernel", "Kernel",
                    "threads must be 1 to 3 positive ints below 2**31, got [2147483648]")


def test_shapes():
    def tensor():
        @T.prim_func
        def f(A: T.Tensor((2**31, 1), "float32")):  # tensor
            with T.Kernel(1) as bx:
                A[0, 0] = 1.0

    def shared():
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((32, 2**31), "float32")  # shared
                T.copy(A, s[0:32, 0:32])
    assert_error_at(trace_error(tensor), __file__, "tensor", "T.Tensor", "Tensor",
                    "tensor dim 2147483648 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are "
                    "32-bit")
    assert_error_at(trace_error(shared), __file__, "shared", "T.alloc_shared", "alloc_shared",
                    "shape dim 2147483648 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are "
                    "32-bit")


def test_indices():
    def constant():
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(1) as bx:
                A[0, 2**31] = 1.0  # index

    def offset():
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32")):
            with T.Kernel(1) as bx:
                A[0, bx + 2**32] = 1.0  # offset
    assert_error_at(trace_error(constant), __file__, "index", "A[0, 2**31]", "index",
                    "index 2147483648 does not fit int32 (at most 2**31 - 1): extents, shapes and indices are 32-bit")
    assert_error_at(trace_error(offset), __file__, "offset", "bx + 2**32", "expr",
                    "the constant 4294967296 does not fit int32, the type of the expression it is combined with (for "
                    "a wider value, cast the expression first: T.cast(x, 'int64'); extents, shapes and indices are "
                    "32-bit)")


@pytest.mark.parametrize("target", TARGETS)
def test_ordinary_kernels_still_run(target):
    a = np.arange(1024, dtype=np.float32).reshape(32, 32)
    np.testing.assert_array_equal(tilelang.compile(copy_kernel(), out_idx=-1, target=target)(a), a)


def test_largest_int32_constants_are_accepted():
    """A grid of 2**31 - 1 blocks traces; an index of 2**31 - 1 into a global tensor is out of bounds and reads 0
    (TileLang's safe access), where a wrapped index would read an element."""
    @T.prim_func
    def g(A: T.Tensor((4,), "int32")):
        with T.Kernel(2**31 - 1) as bx:
            A[0] = 1
    assert "2147483647" in g.script()

    @T.prim_func
    def f(A: T.Tensor((4,), "float32"), B: T.Tensor((4,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.serial(4):
                B[i] = A[2**31 - 1] + A[i]
    a = np.arange(1, 5, dtype=np.float32)
    np.testing.assert_array_equal(tilelang.compile(f, out_idx=-1, target="interpret")(a), a)


def test_int64_values_compute_in_int64():
    """A value beyond int32 made explicit with T.cast computes in int64 (nothing wraps)."""
    @T.prim_func
    def f(A: T.Tensor((4,), "int64"), B: T.Tensor((4,), "int64")):
        with T.Kernel(1) as bx:
            for i in T.serial(4):
                B[i] = T.cast(A[i], "int64") * 2**33 + 2**40
    a = np.arange(4, dtype=np.int64)
    out = tilelang.compile(f, out_idx=-1, target="interpret")(a)
    np.testing.assert_array_equal(out, a * 2**33 + 2**40)


def test_int_constants_must_fit_the_buffer_they_are_stored_into():
    """As NumPy raises for `a[0] = 2**40` on an int32 array: a store, a fill or an alloc_var initial value of an int
    that does not fit the buffer's dtype is an error, not a wrapped value."""
    def store():
        @T.prim_func
        def f(A: T.Tensor((4,), "int32")):
            with T.Kernel(1) as bx:
                A[0] = 2**40  # store

    def fill():
        @T.prim_func
        def f(A: T.Tensor((32, 32), "int8")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((32, 32), "int8")
                T.fill(s, 200)  # fill
                T.copy(s, A)

    def var():
        @T.prim_func
        def f(A: T.Tensor((4,), "int32")):
            with T.Kernel(1) as bx:
                v = T.alloc_var("int32", -2**31 - 1)  # var
                A[0] = v
    assert_error_at(trace_error(store), __file__, "store", "A[0]", "store",
                    "the constant 1099511627776 does not fit int32, the dtype of 'A'")
    assert_error_at(trace_error(fill), __file__, "fill", "T.fill", "fill",
                    "the constant 200 does not fit int8, the dtype of 's'")
    assert_error_at(trace_error(var), __file__, "var", "T.alloc_var", "alloc_var",
                    "the constant -2147483649 does not fit int32, the dtype of 'v'")


def test_tenstorrent_grid_of_more_than_int32_blocks():
    """Each extent fits int32, their product does not: the tenstorrent kernels number blocks in 32 bits, so this is
    an error at the T.Kernel line (the block count wrapped)."""
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32")):
        with T.Kernel(2**16, 2**16) as (bx, by):  # grid
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A, s)
            T.copy(s, A)
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(f, target="tenstorrent")
    assert_error_at(e.value, __file__, "grid", "T.Kernel", "T.Kernel",
                    "the grid (65536,65536) has more than 2^31 - 1 blocks; a tenstorrent kernel numbers its blocks in "
                    "32 bits")


def test_ints_beyond_int64():
    """An int meeting a float expression becomes a float constant however large (as in NumPy); one that no integer
    dtype holds is an error, never a binding TypeError."""
    @T.prim_func
    def f(A: T.Tensor((4,), "float32"), B: T.Tensor((4,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.serial(4):
                B[i] = T.max(A[i] + 2**70, 2**80)
    out = tilelang.compile(f, out_idx=-1, target="interpret")(np.ones(4, np.float32))
    np.testing.assert_array_equal(out, np.full(4, np.float32(2.0**80)))

    def build():
        @T.prim_func
        def g(A: T.Tensor((4,), "int64")):
            with T.Kernel(1) as bx:
                A[0] = T.cast(bx, "int64") * 2**64  # int64
    assert_error_at(trace_error(build), __file__, "int64", "T.cast(bx, \"int64\") * 2**64", "expr",
                    "the constant 18446744073709551616 does not fit int64, the type of the expression it is combined "
                    "with (for a wider value, cast the expression first: T.cast(x, 'int64'); extents, shapes and "
                    "indices are 32-bit)")
