"""Upstream's warp-level language tests on "interpret": the kernels of testing/python/language's
test_tilelang_language_warp_reduce.py and _warp_sync.py (copied unchanged but for the imports as language_warp_*.py)
run on numpy arrays, checked as upstream's tests check them (torch.testing.assert_close's float32 tolerance, rtol
1.3e-6 and atol 1e-5; exact for integers and the broadcast). Then the shuffles' own semantics (CUDA's
__shfl_*_sync with width, lanes of a 2-D block, every lane's value against a numpy model of the warp), a shuffle
reading a lane that does not run it, and the located error on "tenstorrent"."""
import os
import sys

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError
from upstream_check import load

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tt"))
from tt_check import assert_error_at  # noqa: E402

F32_RTOL, F32_ATOL = 1.3e-6, 1e-5  # torch.testing.assert_close for float32


def test_shfl_sync_broadcast():
    """kernel_with_shfl_sync: every lane reads lane 31's tx * 10."""
    a = np.zeros(32, np.int32)
    load("language_warp_sync").kernel_with_shfl_sync()(a)
    np.testing.assert_array_equal(a, np.full(32, 310, np.int32))


@pytest.mark.parametrize("op", ["sum", "max", "min"])
def test_warp_reduce_float(rng, op):
    a = rng.standard_normal(32).astype(np.float32)
    ref = np.full_like(a, getattr(np, op)(a.astype(np.float64)))
    load("language_warp_reduce").get_kernel(op, T.float32)(a)
    np.testing.assert_allclose(a, ref, rtol=F32_RTOL, atol=F32_ATOL)


@pytest.mark.parametrize("op", ["bitand", "bitor"])
def test_warp_reduce_bits(rng, op):
    a = rng.integers(0, 100, 32).astype(np.int32)
    ref = np.full_like(a, (np.bitwise_and if op == "bitand" else np.bitwise_or).reduce(a))
    load("language_warp_reduce").get_kernel(op, T.int32)(a)
    np.testing.assert_array_equal(a, ref)


@pytest.mark.parametrize("op", ["sum", "max", "min", "bitand", "bitor"])
def test_warp_reduce_64(rng, op):
    """test_warp_reduce_64: int64 values from [2**32, 2**63 - 1); the sum wraps as torch's does."""
    a = rng.integers(1 << 32, (1 << 63) - 1, 32, dtype=np.int64)
    ufunc = {"sum": np.add, "max": np.maximum, "min": np.minimum, "bitand": np.bitwise_and,
             "bitor": np.bitwise_or}[op]
    ref = np.full_like(a, ufunc.reduce(a))
    load("language_warp_reduce").get_kernel(op, T.int64)(a)
    np.testing.assert_array_equal(a, ref)


def test_warp_reduce_float_order(rng):
    """The float sum is combined in upstream's butterfly order (xor 16, 8, 4, 2, 1): bit-equal to that order in
    float32, which here differs from numpy's pairwise sum for some inputs."""
    a = (rng.standard_normal(32) * 10.0 ** rng.integers(-4, 5, 32)).astype(np.float32)
    v = a.copy()
    for d in (16, 8, 4, 2, 1):
        v = (v + v[np.arange(32) ^ d]).astype(np.float32)
    load("language_warp_reduce").get_kernel("sum", T.float32)(a)
    np.testing.assert_array_equal(a, v)


# ---------------------------------------------------------------- the shuffles' semantics, against a numpy warp


def warp_model(values, kind, arg, width):
    """CUDA's __shfl_*_sync(0xffffffff, v, arg, width) for each lane of a full block (32-lane warps)."""
    out = values.copy()
    for t in range(values.size):
        base, lane = t - t % 32, t % 32
        lo = lane - lane % width
        hi = lo + width - 1
        if kind == "sync":
            j = lo + arg % width
        else:
            j = {"xor": lane ^ arg, "down": lane + arg, "up": lane - arg}[kind]
            if not (lo <= j <= hi if kind != "xor" else 0 <= j <= hi):
                j = lane
        out[t] = values[base + j]
    return out


def shuffle_kernel(kind, arg, width, threads, dtype):
    fn = {"sync": T.shfl_sync, "xor": T.shfl_xor, "down": T.shfl_down, "up": T.shfl_up}[kind]
    nx, ny = threads
    n = nx * ny

    @T.prim_func
    def main(A: T.Tensor((2, n), dtype), B: T.Tensor((2, n), dtype)):
        with T.Kernel(2, threads=(nx, ny)) as bx:
            tx, ty = T.get_thread_binding(0), T.get_thread_binding(1)
            t = ty * nx + tx
            B[bx, t] = fn(A[bx, t], arg, width=width)

    return tilelang.compile(main, out_idx=[1])


@pytest.mark.parametrize("kind,arg,width", [("sync", 5, 32), ("sync", 13, 8), ("xor", 1, 32), ("xor", 8, 16),
                                             ("xor", 12, 8), ("down", 3, 32), ("down", 5, 16), ("up", 2, 32),
                                             ("up", 7, 8)])
@pytest.mark.parametrize("threads", [(32, 2), (16, 4)])
def test_shuffle_semantics(rng, kind, arg, width, threads):
    n = threads[0] * threads[1]
    a = rng.standard_normal((2, n)).astype(np.float32)
    b = shuffle_kernel(kind, arg, width, threads, "float32")(a)
    for row in range(2):
        np.testing.assert_array_equal(b[row], warp_model(a[row], kind, arg, width))


def test_shuffle_in_a_loop_int():
    """A per-thread loop of shuffles with a symbolic delta (an inclusive scan by shfl_up), int32."""

    @T.prim_func
    def main(A: T.Tensor((64,), "int32"), B: T.Tensor((64,), "int32")):
        with T.Kernel(1, threads=64):
            tx = T.get_thread_binding()
            acc = T.alloc_local([1], "int32")
            acc[0] = A[tx]
            for s in T.serial(5):
                up = T.shfl_up(acc[0], 1 << s)
                if tx % 32 >= (1 << s):
                    acc[0] = acc[0] + up
            B[tx] = acc[0]

    a = np.arange(64, dtype=np.int32) * 3 - 50
    b = tilelang.compile(main, out_idx=[1])(a)
    np.testing.assert_array_equal(b, np.concatenate([np.cumsum(a[:32]), np.cumsum(a[32:])]))


def test_shuffle_of_a_lane_not_running_it():
    """Lanes 0-15 shuffle inside a branch the others skip; lane 3 reads lane 19 (xor 16), which did not run it."""

    @T.prim_func
    def main(A: T.Tensor((32,), "float32")):
        with T.Kernel(1, threads=32):
            tx = T.get_thread_binding()
            if tx < 16:
                A[tx] = T.shfl_xor(A[tx], 16)

    with pytest.raises(TileLangError, match="out of bounds for shared buffer shfl_xor_values_of_running_lanes"):
        tilelang.compile(main)(np.zeros(32, np.float32))


def test_shuffle_arguments():
    def build(width):
        @T.prim_func
        def main(A: T.Tensor((32,), "float32")):
            with T.Kernel(1, threads=32):
                tx = T.get_thread_binding()
                A[tx] = T.shfl_down(A[tx], 1, width=width)

        return main

    for width in (3, 64, 0):
        with pytest.raises(TileLangError, match="width must be a constant power of two from 1 to 32"):
            build(width)


def test_warp_on_tenstorrent():
    """Thread-level code stops on tenstorrent at the thread binding the shuffle needs, saying why."""
    @T.prim_func
    def main(A: T.Tensor((32,), "float32")):
        with T.Kernel(1, threads=32):
            tx = T.get_thread_binding()  # thread
            A[tx] = T.warp_reduce_sum(A[tx])

    with pytest.raises(TileLangError) as e:
        tilelang.compile(main, target="tenstorrent")
    assert_error_at(e.value, __file__, "thread", "T.get_thread_binding", "T.get_thread_binding",
                    "thread-level code (per-thread indices, thread all-reduce, warp shuffles) has no Tenstorrent "
                    "form yet: a Tensix core runs tile operations, it has no threads or warps", whole=False)


# ---------------------------------------------------------------- votes: the kernels of upstream's
# test_tilelang_language_warp_vote.py (not copied: its module-level list names T.ballot_sync, whose uint64 result
# the language lacks), with its assertions


def vote_kernel(body, dtype="int32"):
    @T.prim_func
    def main(B: T.Tensor((32,), dtype)):
        with T.Kernel(1, threads=32):
            tx = T.get_thread_binding()
            B[tx] = body(tx)

    return tilelang.compile(main, out_idx=[0])


@pytest.mark.parametrize("body,expected", [
    (lambda tx: T.any_sync(tx == 0), 1), (lambda tx: T.all_sync(1), 1), (lambda tx: T.all_sync(tx != 5), 0),
    (lambda tx: T.any_sync(0), 0), (lambda tx: T.syncthreads_count(tx < 16), 16),
    (lambda tx: T.syncthreads_and(1), 1), (lambda tx: T.syncthreads_and(tx != 0), 0),
    (lambda tx: T.syncthreads_or(tx == 0), 1), (lambda tx: T.syncthreads_or(0), 0),
    (lambda tx: T.cast(T.match_all_sync(7), "int32"), -1), (lambda tx: T.cast(T.match_all_sync(tx), "int32"), 0),
])
def test_votes(body, expected):
    np.testing.assert_array_equal(vote_kernel(body)(), np.full(32, expected, np.int32))


def test_match_any_sync():
    b = vote_kernel(lambda tx: T.cast(T.match_any_sync(T.if_then_else(tx < 16, 1, 2)), "int32"))()
    np.testing.assert_array_equal(b.astype(np.int64) & 0xFFFFFFFF, [0x0000FFFF] * 16 + [0xFFFF0000] * 16)


def test_votes_count_running_lanes_of_the_mask():
    """Lanes 8..31 vote inside a branch; a mask keeps lanes 0..15: any/all see lanes 8..15 only."""

    @T.prim_func
    def main(B: T.Tensor((32,), "int32")):
        with T.Kernel(1, threads=32):
            tx = T.get_thread_binding()
            B[tx] = -1
            if tx >= 8:
                B[tx] = T.all_sync(tx < 16, 0xFFFF) * 10 + T.any_sync(tx >= 16, 0xFFFF)

    b = tilelang.compile(main, out_idx=[0])()
    np.testing.assert_array_equal(b, [-1] * 8 + [10] * 24)
