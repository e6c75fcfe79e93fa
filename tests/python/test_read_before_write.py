"""Reading a kernel-local buffer that nothing has written is undefined (docs/language.md): where that is statically
visible, compiling for any target is an error at the reading op, the same on "interpret" and "tenstorrent".
Reads that a write may reach (an earlier statement, either side of an `if`, a later statement of a loop body
for the next iteration) are accepted."""

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

FILE = __file__
TARGETS = ["interpret", "tenstorrent"]


def error_at(func, target, marker, token, op, message):
    """Compiling func for target raises "file:line:col: error: [op] message" at `token` on the line ending with
    `# marker`, followed by that line and a caret."""
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(func, out_idx=-1, target=target)
    for n, line in enumerate(open(FILE).read().splitlines(), 1):
        if line.rstrip().endswith("# " + marker):
            col = line.index(token) + 1
            assert (e.value.op, e.value.line, e.value.col) == (op, n, col), str(e.value)
            assert str(e.value) == f"{FILE}:{n}:{col}: error: [{op}] {message}\n{line}\n{' ' * (col - 1)}^"
            return
    raise AssertionError(marker)


@pytest.mark.parametrize("target", TARGETS)
def test_gemm_accumulator_never_cleared(target):
    @T.prim_func
    def gemm(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(1, 1, threads=128) as (bx, by):
            A_s = T.alloc_shared((64, 32), "float32")
            B_s = T.alloc_shared((32, 64), "float32")
            C_l = T.alloc_fragment((64, 64), "float32")
            for k in T.Pipelined(2, num_stages=2):
                T.copy(A[0, k * 32], A_s)
                T.copy(B[k * 32, 0], B_s)
                T.gemm(A_s, B_s, C_l)  # G1
            T.copy(C_l, C[0, 0])
    error_at(gemm, target, "G1", "T.gemm", "T.gemm", "fragment buffer C_l is read before anything writes it; "
             "T.clear it first, or pass clear_accum=True")


@pytest.mark.parametrize("target", TARGETS)
def test_shared_buffer_copied_out_unwritten(target):
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), C: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            X_s = T.alloc_shared((32, 32), "float32")
            T.copy(A[0, 0], A_s)
            T.copy(X_s, C[0, 0])  # S1
    error_at(f, target, "S1", "T.copy", "T.copy", "shared buffer X_s is read before anything writes it")


@pytest.mark.parametrize("target", TARGETS)
def test_element_read_of_an_unwritten_fragment(target):
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), C: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            B_l = T.alloc_fragment((32, 32), "float32")
            C_l = T.alloc_fragment((32, 32), "float32")
            T.copy(A[0, 0], A_s)
            for i, j in T.Parallel(32, 32):
                C_l[i, j] = A_s[i, j] + B_l[i, j]  # P1
            T.copy(C_l, C[0, 0])
    error_at(f, target, "P1", "C_l", "T.Parallel", "fragment buffer B_l is read before anything writes it")


@pytest.mark.parametrize("target", TARGETS)
def test_reduce_folding_into_an_unwritten_vector(target):
    @T.prim_func
    def f(A: T.Tensor((32, 32), "float32"), m: T.Tensor((32,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            m_l = T.alloc_fragment((32,), "float32")
            T.copy(A[0, 0], A_s)
            T.reduce_sum(A_s, m_l, dim=1, clear=False)  # R1
            T.copy(m_l, m[0])
    error_at(f, target, "R1", "T.reduce_sum", "T.reduce_sum", "fragment buffer m_l is read before anything writes "
             "it; clear=False folds into it: T.fill it first, or pass clear=True")


def test_uninitialised_var_read_in_a_condition():
    @T.prim_func
    def f(A: T.Tensor((4,), "float32")):
        with T.Kernel(1, threads=1) as bx:
            n = T.alloc_var("int32")
            if n > 0:  # V1
                A[0] = 1.0
    error_at(f, "interpret", "V1", "if", "load", "var buffer n is read before anything writes it")


def test_write_later_in_the_program_does_not_count():
    @T.prim_func
    def f(A: T.Tensor((32,), "float32"), C: T.Tensor((32,), "float32")):
        with T.Kernel(1, threads=32) as bx:
            t = T.alloc_local((32,), "float32")
            for i in T.serial(32):
                C[i] = t[i]  # L1
            for i in T.serial(32):
                t[i] = A[i]
    error_at(f, "interpret", "L1", "C[i]", "store", "local buffer t is read before anything writes it")


def test_reads_a_write_may_reach_are_accepted():
    # Written later in the loop body (read by the next iteration), under an `if`, and in the other branch of
    # an earlier `if`: none is definitely unwritten, so all compile; the values are the interpreter's.
    @T.prim_func
    def f(A: T.Tensor((8,), "float32"), C: T.Tensor((8,), "float32")):
        with T.Kernel(1, threads=1) as bx:
            prev = T.alloc_var("float32")
            flag = T.alloc_local((1,), "float32")
            for i in T.serial(8):
                if i > 0:
                    C[i] = prev + A[i]
                else:
                    C[i] = A[i]
                prev = A[i]
            if A[0] > 0:
                flag[0] = 1.0
            C[0] = C[0] + flag[0] * 0.0
    a = np.arange(8, dtype=np.float32) + 1.0
    out = tilelang.compile(f, out_idx=-1, target="interpret")(a)
    np.testing.assert_array_equal(out, np.concatenate([[1.0], a[1:] + a[:-1]]).astype(np.float32))
