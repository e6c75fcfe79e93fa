"""Thread-level code on the interpreter (T.get_thread_binding, lockstep threads, T.tvm_thread_allreduce) against
numpy; its located refusal on tenstorrent and its errors; integer bit operations and T.reinterpret."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError
from tt.tt_check import assert_error_at


def reverse_in_shared(n, blocks):
    """Each thread writes its element into shared memory, then reads its mirror's: correct only if every thread's
    store completes before any thread's load (lockstep; a sequential per-thread run would read zeros)."""
    @T.prim_func
    def main(X: T.Tensor((blocks * n,), "float32"), Y: T.Tensor((blocks * n,), "float32")):
        with T.Kernel(blocks, threads=n) as bx:
            t = T.get_thread_binding(0)  # get_thread_binding
            s = T.alloc_shared((n,), "float32")
            s[t] = X[bx * n + t]
            T.sync_threads()
            Y[bx * n + t] = s[n - 1 - t]
    return main


@pytest.mark.parametrize("n,blocks", [(32, 3), (7, 2)])
def test_threads_see_each_others_shared_stores(rng, n, blocks):
    x = rng.standard_normal(blocks * n).astype(np.float32)
    y = np.zeros_like(x)
    tilelang.compile(reverse_in_shared(n, blocks))(x, y)
    np.testing.assert_array_equal(y, x.reshape(blocks, n)[:, ::-1].reshape(-1))


def divergent(n):
    """Per-thread local accumulators, a loop whose trip count depends on the thread, an if/else on the thread."""
    @T.prim_func
    def main(Y: T.Tensor((n,), "int32")):
        with T.Kernel(1, threads=n):
            t = T.get_thread_binding()
            acc = T.alloc_local((1,), "int32")
            T.clear(acc)
            for i in T.serial(t + 1):
                acc[0] += i
            if t % 2 == 0:
                Y[t] = acc[0]
            else:
                Y[t] = -acc[0]
    return main


def test_divergent_loops_and_branches_with_private_locals():
    n = 9
    y = np.zeros(n, np.int32)
    tilelang.compile(divergent(n))(y)
    t = np.arange(n)
    np.testing.assert_array_equal(y, np.where(t % 2 == 0, 1, -1) * t * (t + 1) // 2)


def allreduce(rows, width, op):
    @T.prim_func
    def main(X: T.Tensor((rows, width), "float32"), Y: T.Tensor((rows, width), "float32")):
        with T.Kernel(1, threads=(rows, width)):
            r = T.get_thread_binding(0)
            c = T.get_thread_binding(1)
            v = T.alloc_local((1,), "float32")
            red = T.alloc_local((1,), "float32")
            v[0] = X[r, c]
            with T.attr(T.comm_reducer(op, [T.cast(0, "float32")]), "reduce_scope",
                        T.reinterpret(T.uint64(0), dtype="handle")):
                T.evaluate(T.tvm_thread_allreduce(T.uint32(1), v[0], True, red[0], c, dtype="handle"))
            Y[r, c] = red[0]
    return main


@pytest.mark.parametrize("op,ref", [(lambda x, y: x + y, np.sum), (lambda x, y: T.max(x, y), np.max)])
def test_thread_allreduce_over_one_thread_axis(rng, op, ref):
    x = rng.integers(-8, 8, (4, 6)).astype(np.float32)  # small integers: sums exact in float32
    y = np.zeros_like(x)
    tilelang.compile(allreduce(4, 6, op))(x, y)
    expected = np.maximum(ref(x, axis=1), 0) if ref is np.max else ref(x, axis=1)  # the identity 0 joins max
    np.testing.assert_array_equal(y, np.repeat(expected[:, None], 6, 1))


def test_thread_level_code_on_tenstorrent_is_a_located_error():
    with pytest.raises(TileLangError) as e:
        tilelang.compile(reverse_in_shared(32, 2), target="tenstorrent")
    assert_error_at(e.value, __file__, "get_thread_binding", "T.get_thread_binding", "T.get_thread_binding",
                    "thread-level code (per-thread indices, thread all-reduce, warp shuffles) has no Tenstorrent "
                    "form yet: a Tensix core runs tile operations, it has no threads or warps; run it on "
                    "target=\"interpret\", or write the kernel at tile level (T.copy, T.Parallel, T.gemm, "
                    "T.reduce_sum over whole blocks)", whole=False)


def test_block_tile_op_depending_on_a_thread_is_an_error():
    @T.prim_func
    def main(X: T.Tensor((4, 8), "float32")):
        with T.Kernel(1, threads=4):
            t = T.get_thread_binding(0)
            s = T.alloc_shared((8,), "float32")
            T.fill(s, 1.0)
            T.copy(s, X[t, :])  # block_op
    with pytest.raises(TileLangError) as e:
        tilelang.compile(main)(np.zeros((4, 8), np.float32))
    assert "cannot depend on a thread index" in str(e.value)
    assert_error_at(e.value, __file__, "block_op", "T.copy", "interpret",
                    "a tile operation or T.Parallel loop in thread-level code is the whole block's", whole=False)


def test_get_thread_binding_dimension_checked():
    with pytest.raises(TileLangError) as e:
        @T.prim_func
        def main(X: T.Tensor((4,), "float32")):
            with T.Kernel(1, threads=4):
                X[T.get_thread_binding(1)] = 0.0  # bad_dim
    assert_error_at(e.value, __file__, "bad_dim", "T.get_thread_binding", "get_thread_binding",
                    "expected a thread dimension in 0..0 (the kernel has threads=[4]), got 1")


# ------------------------------------------------------------------ bit operations


def bits(n):
    @T.prim_func
    def main(A: T.Tensor((n,), "uint8"), S: T.Tensor((n,), "int8"), Out: T.Tensor((6, n), "int32")):
        with T.Kernel(1):
            for i in T.Parallel(n):
                lo = A[i] & T.uint8(15)
                Out[0, i] = T.cast(lo, "int32")
                Out[1, i] = T.cast(A[i] >> T.uint8(4), "int32")  # logical: unsigned
                Out[2, i] = T.cast(S[i] >> T.int8(2), "int32")  # arithmetic: signed
                Out[3, i] = T.cast(T.reinterpret(A[i] << T.uint8(4), "int8") >> T.int8(4), "int32")  # int4 sign
                Out[4, i] = T.cast((A[i] | T.uint8(1)) ^ T.uint8(255), "int32")
                Out[5, i] = T.cast(~S[i], "int32")
    return main


def test_bit_operations_follow_twos_complement(rng):
    n = 64
    a = rng.integers(0, 256, n, dtype=np.uint8)
    s = rng.integers(-128, 128, n, dtype=np.int8)
    out = np.zeros((6, n), np.int32)
    tilelang.compile(bits(n))(a, s, out)
    np.testing.assert_array_equal(out[0], a & 15)
    np.testing.assert_array_equal(out[1], a >> 4)
    np.testing.assert_array_equal(out[2], s >> 2)
    np.testing.assert_array_equal(out[3], ((a << 4).astype(np.uint8).view(np.int8) >> 4))
    np.testing.assert_array_equal(out[4], (a | 1) ^ 255)
    np.testing.assert_array_equal(out[5], ~s)


def test_shift_amount_out_of_range_is_a_run_time_error():
    @T.prim_func
    def main(A: T.Tensor((4,), "int32"), B: T.Tensor((4,), "int32")):
        with T.Kernel(1):
            for i in T.Parallel(4):
                B[i] = A[i] << A[i]  # shift
    with pytest.raises(TileLangError) as e:
        tilelang.compile(main)(np.array([1, 2, 40, 3], np.int32), np.zeros(4, np.int32))
    assert "shift amount 40 is outside [0, 32) for int32" in str(e.value)


def test_bit_operation_on_float_is_a_located_error():
    with pytest.raises(TileLangError) as e:
        @T.prim_func
        def main(A: T.Tensor((4,), "float32"), B: T.Tensor((4,), "int32")):
            with T.Kernel(1):
                for i in T.Parallel(4):
                    B[i] = T.cast(A[i] >> 1, "int32")  # float_shift
    assert_error_at(e.value, __file__, "float_shift", "A[i] >> 1", "expr",
                    "operator '>>' needs integer operands, got a float32 value", whole=False)


def test_thread_and_block_extents_and_bindings():
    @T.prim_func
    def main(Y: T.Tensor((3, 2, 4), "int32")):
        with T.Kernel(3, 2, threads=(4, 1)) as (bx, by):
            t = T.get_thread_binding(0)
            assert T.get_thread_extents() == [4, 1] and T.get_thread_extent(0) == 4
            n = T.get_block_extent(0) * T.get_block_extents()[1]  # 3 * 2
            Y[T.get_block_binding(0), T.get_block_bindings()[1], t] = n * 100 + bx * 10 + by
    y = np.zeros((3, 2, 4), np.int32)
    tilelang.compile(main)(y)
    bx, by = np.meshgrid(np.arange(3), np.arange(2), indexing="ij")
    np.testing.assert_array_equal(y, np.repeat((600 + bx * 10 + by)[..., None], 4, 2))
