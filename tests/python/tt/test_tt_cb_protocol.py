"""Valid kernels whose buffers hold versions that nothing reads — written twice before a read, computed and never
used, overwritten in a loop and read only after it — run to the end on "tenstorrent" (every version pushed into a
circular buffer is popped exactly once: tt_pop_insertion's liveness pops, checked by verify_tt_cb_balance) and agree
with "interpret" and numpy. Before, their programs deadlocked (the emulator's sanitizer stopped them).
When the sanitizer does stop a generated program, the error names the tile op and the user's line."""

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_error_at, assert_within, gemm_ref

RNG = np.random.default_rng(7)


def run_both(func, *args):
    """The outputs of func on tenstorrent and on interpret (out_idx=-1)."""
    return [tilelang.compile(func, out_idx=-1, target=t)(*args) for t in ("tenstorrent", "interpret")]


def check_gemm(func, M=128, N=128, K=128):
    a = RNG.uniform(-1, 1, (M, K)).astype(np.float32)
    b = RNG.uniform(-1, 1, (K, N)).astype(np.float32)
    ref, bound = gemm_ref(a, b)
    tt, interp = run_both(func, a, b)
    # float32 operands reach the matrix engine as TF32 (10-bit mantissa): 2^-11 relative per product.
    tf32 = K * 2.0**-10 * (np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64)))
    assert_within(tt, ref, bound + tf32, "tenstorrent vs numpy")
    assert_within(interp, ref, bound, "interpret vs numpy")


def test_readme_gemm_cleared_twice():
    M = N = K = 128

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "float32"), B: T.Tensor((K, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 64), threads=128) as (bx, by):
            A_s = T.alloc_shared((64, 32), "float32")
            B_s = T.alloc_shared((32, 64), "float32")
            C_l = T.alloc_fragment((64, 64), "float32")
            T.clear(C_l)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, 32), num_stages=2):
                T.copy(A[by * 64, k * 32], A_s)
                T.copy(B[k * 32, bx * 64], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * 64, bx * 64])
    check_gemm(gemm)


def test_gemm_with_dead_fragment_and_dead_shared_buffer():
    # D_l and E_l are computed and never used; X_s is loaded and never used; C_l is filled with 1, then cleared.
    M = N = K = 128

    @T.prim_func
    def gemm(A: T.Tensor((M, K), "float32"), B: T.Tensor((K, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 64), threads=128) as (bx, by):
            A_s = T.alloc_shared((64, 32), "float32")
            B_s = T.alloc_shared((32, 64), "float32")
            X_s = T.alloc_shared((64, 64), "float32")
            C_l = T.alloc_fragment((64, 64), "float32")
            D_l = T.alloc_fragment((64, 64), "float32")
            E_l = T.alloc_fragment((64, 32), "float32")
            T.fill(C_l, 1.0)
            T.clear(C_l)
            T.fill(D_l, 2.0)
            T.copy(A[by * 64, bx * 64], X_s)
            for k in T.Pipelined(T.ceildiv(K, 32), num_stages=2):
                T.copy(A[by * 64, k * 32], A_s)
                T.copy(B[k * 32, bx * 64], B_s)
                for i, j in T.Parallel(64, 32):  # a dead fragment computed in every iteration
                    E_l[i, j] = A_s[i, j] * 2.0
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * 64, bx * 64])
    check_gemm(gemm)


@pytest.mark.parametrize("num_stages", [0, 2])
def test_buffers_written_twice_before_reading_in_a_pipelined_loop(num_stages):
    # In each iteration A_s is loaded twice (the second load wins) and S_l is written twice before it is read.
    @T.prim_func
    def acc(A: T.Tensor((64, 128), "float32"), B: T.Tensor((64, 128), "float32"), C: T.Tensor((64, 32), "float32")):
        with T.Kernel(2, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            S_l = T.alloc_fragment((32, 32), "float32")
            C_l = T.alloc_fragment((32, 32), "float32")
            T.clear(C_l)
            for k in T.Pipelined(4, num_stages=num_stages):
                T.copy(B[bx * 32, k * 32], A_s)
                T.copy(A[bx * 32, k * 32], A_s)
                T.fill(S_l, 3.0)
                for i, j in T.Parallel(32, 32):
                    S_l[i, j] = A_s[i, j] * 2.0
                for i, j in T.Parallel(32, 32):
                    C_l[i, j] = C_l[i, j] + S_l[i, j]
            T.copy(C_l, C[bx * 32, 0])
    a = RNG.uniform(-1, 1, (64, 128)).astype(np.float32)
    b = RNG.uniform(-1, 1, (64, 128)).astype(np.float32)
    ref = (2.0 * a.astype(np.float64)).reshape(64, 4, 32).sum(axis=1)
    tt, interp = run_both(acc, a, b)
    bound = 4 * 2.0**-24 * np.abs(2.0 * a.astype(np.float64)).reshape(64, 4, 32).sum(axis=1)  # 4 fp32 additions
    assert_within(tt, ref, bound, "tenstorrent vs numpy")
    assert_within(interp, ref, bound, "interpret vs numpy")


@pytest.mark.parametrize("num_stages", [0, 1, 3])
def test_loop_overwrites_a_buffer_read_only_after_it(num_stages):
    # A_s and E_l are rewritten by every iteration and read only after the loop: the last iteration's values.
    @T.prim_func
    def last(A: T.Tensor((64, 128), "float32"), C: T.Tensor((64, 32), "float32")):
        with T.Kernel(2, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            E_l = T.alloc_fragment((32, 32), "float32")
            C_l = T.alloc_fragment((32, 32), "float32")
            for k in T.Pipelined(4, num_stages=num_stages):
                T.copy(A[bx * 32, k * 32], A_s)
                for i, j in T.Parallel(32, 32):
                    E_l[i, j] = A_s[i, j] + 1.0
            for i, j in T.Parallel(32, 32):
                C_l[i, j] = A_s[i, j] * E_l[i, j]
            T.copy(C_l, C[bx * 32, 0])
    a = RNG.uniform(-1, 1, (64, 128)).astype(np.float32)
    x = a[:, 96:].astype(np.float64)
    ref = x * (x + 1.0)
    tt, interp = run_both(last, a)
    bound = 2 * 2.0**-24 * (np.abs(ref) + np.abs(x))  # two fp32 roundings
    assert_within(tt, ref, bound, "tenstorrent vs numpy")
    assert_within(interp, ref, bound, "interpret vs numpy")


def test_fragment_written_twice_outside_loops_and_never_read():
    @T.prim_func
    def add(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            A_s = T.alloc_shared((32, 32), "float32")
            C_l = T.alloc_fragment((32, 32), "float32")
            D_l = T.alloc_fragment((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], A_s)
            T.copy(A[by * 32, bx * 32], A_s)
            T.fill(D_l, 1.0)
            for i, j in T.Parallel(32, 32):
                D_l[i, j] = A_s[i, j] + 2.0
            for i, j in T.Parallel(32, 32):
                C_l[i, j] = A_s[i, j] + 1.0
            T.copy(C_l, C[by * 32, bx * 32])
    a = RNG.uniform(-1, 1, (64, 64)).astype(np.float32)
    ref = a.astype(np.float64) + 1.0
    tt, interp = run_both(add, a)
    bound = 2.0**-24 * np.abs(ref)
    assert_within(tt, ref, bound, "tenstorrent vs numpy")
    assert_within(interp, ref, bound, "interpret vs numpy")


def test_loop_carried_value_unused_after_the_loop():
    # m is carried from one iteration to the next (a running max) and not read after the loop; 128 blocks on 64
    # cores: each core's second block must not find the first block's last m in the CB.
    @T.prim_func
    def f(A: T.Tensor((4096, 64), "float32"), C: T.Tensor((4096, 32), "float32")):
        with T.Kernel(128, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            m = T.alloc_fragment((32,), "float32")
            C_l = T.alloc_fragment((32, 32), "float32")
            T.fill(m, -T.infinity("float32"))
            T.clear(C_l)
            for k in T.serial(2):
                T.copy(A[bx * 32, k * 32], A_s)
                T.reduce_max(A_s, m, dim=1, clear=False)
                for i, j in T.Parallel(32, 32):
                    C_l[i, j] = C_l[i, j] + A_s[i, j]
            T.copy(C_l, C[bx * 32, 0])
    a = RNG.uniform(-1, 1, (4096, 64)).astype(np.float32)
    ref = a[:, :32].astype(np.float64) + a[:, 32:]
    tt, interp = run_both(f, a)
    bound = 2.0**-24 * np.abs(ref)  # one fp32 rounding (the first addition is to 0)
    assert_within(tt, ref, bound, "tenstorrent vs numpy")
    assert_within(interp, ref, bound, "interpret vs numpy")


def test_sanitizer_report_names_the_users_line():
    # A generated program with a broken CB protocol (the compute kernel's pop of A_s removed, as a lowering bug
    # would): the reader blocks on the full CB in A_s's T.copy. B_s's multicast read runs in the writer kernel, so
    # compute gets every B block and finishes (on the stale A pages). The error points at the stopped kernel's
    # tile op (its last WAYPOINT) and says what the other kernels were doing.
    @T.prim_func
    def gemm(A: T.Tensor((128, 128), "float32"), B: T.Tensor((128, 128), "float32"),
             C: T.Tensor((128, 128), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            A_s = T.alloc_shared((64, 32), "float32")
            B_s = T.alloc_shared((32, 64), "float32")
            C_l = T.alloc_fragment((64, 64), "float32")
            T.clear(C_l)
            for k in T.Pipelined(4, num_stages=2):
                T.copy(A[by * 64, k * 32], A_s)  # W1
                T.copy(B[k * 32, bx * 64], B_s)
                T.gemm(A_s, B_s, C_l)  # W2
            T.copy(C_l, C[by * 64, bx * 64])
    kernel = tilelang.compile(gemm, out_idx=-1, target="tenstorrent")
    backend = kernel.backend
    compute = backend.files["kernels/kernel0_compute.cpp"]
    assert compute.count("cb_pop_front(0, 2);\n") == 1  # A_s is CB 0, popped after the matmul
    backend.files["kernels/kernel0_compute.cpp"] = compute.replace("cb_pop_front(0, 2);\n", "")
    backend.dir, _, _ = backend._build()
    a = RNG.uniform(-1, 1, (128, 128)).astype(np.float32)
    with pytest.raises(tilelang.TileLangError) as e:
        kernel(a, a)
    assert_error_at(e.value, __file__, "W1", "T.copy", "tenstorrent",
                    "gemm: the generated program failed on the device in tt.read_tiles (reader kernel), the code of "
                    "this line", whole=False)
    text = str(e.value)
    assert "emulator sanitizer [deadlock] in cb_reserve_back" in text, text
    assert "its consumer on this core is kernel0_compute.cpp [COMPUTE] (finished)" in text, text
