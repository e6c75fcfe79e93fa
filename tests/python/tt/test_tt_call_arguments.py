"""Runtime inputs: what a kernel call accepts, on both targets. Read-only arrays are never written (a kernel that
writes a parameter in place refuses one with an error naming it; inputs it only reads are copied when read-only);
keyword arguments, masked arrays and arrays of dtypes the language lacks are TileLangErrors naming the parameter at
the caller's line; switch arguments of tile ops (clear=, transpose_B=) must be bools; a tensor whose 2-D view has
more rows, columns or pages than the host program counts in 32 bits is refused when compiled."""
import mmap
import os

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_error_at

TARGETS = ["interpret", "tenstorrent"]


def copy_kernel(M=32, N=32, dtype="float32"):
    @T.prim_func
    def copy(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((M, N), dtype)
            T.copy(A, s)
            T.copy(s, B)
    return copy


def scale_in_place():
    @T.prim_func
    def scale(A: T.Tensor((32, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            d = T.alloc_fragment((32, 32), "float32")
            T.copy(A, s)
            for i, j in T.Parallel(32, 32):
                d[i, j] = s[i, j] * 2.0
            T.copy(d, A)
    return scale


def call_error(fn):
    with pytest.raises(tilelang.TileLangError) as e:
        fn()
    return e.value


@pytest.mark.parametrize("target", TARGETS)
def test_read_only_inputs_are_not_written(target, tmp_path):
    """A read-only input (np.frombuffer of bytes, a read-only memmap, flags.writeable=False) is read, not written:
    the kernel writes only its out_idx output; without out_idx, the other parameters are written back into copies."""
    a = np.random.default_rng(0).uniform(-1, 1, (32, 32)).astype(np.float32)
    raw = np.frombuffer(a.tobytes(), dtype=np.float32).reshape(32, 32)
    path = tmp_path / "a.bin"
    a.tofile(path)
    mapped = np.memmap(path, dtype=np.float32, mode="r", shape=(32, 32))
    frozen = a.copy()
    frozen.flags.writeable = False
    k = tilelang.compile(copy_kernel(), out_idx=-1, target=target)
    for x in (raw, mapped, frozen):
        np.testing.assert_array_equal(k(x), a)
        np.testing.assert_array_equal(x, a)
    # Without out_idx every parameter is handed to the run; the read-only input is read from a copy.
    k2 = tilelang.compile(copy_kernel(), target=target)
    b = np.zeros((32, 32), np.float32)
    k2(raw, b)
    np.testing.assert_array_equal(b, a)


@pytest.mark.parametrize("target", TARGETS)
def test_read_only_in_place_parameter(target, tmp_path):
    """A parameter the kernel writes in place must be writeable (a read-only memmap crashed the interpreter)."""
    k = tilelang.compile(scale_in_place(), target=target)
    frozen = np.ones((32, 32), np.float32)
    frozen.flags.writeable = False
    np.ones((32, 32), np.float32).tofile(tmp_path / "a.bin")
    mapped = np.memmap(tmp_path / "a.bin", dtype=np.float32, mode="r", shape=(32, 32))
    for a in (frozen, mapped):
        err = call_error(lambda: k(a))  # in-place
        assert_error_at(err, __file__, "in-place", "k(a)", "call",
                        "parameter 'A': the kernel writes this tensor in place, but the array passed is read-only; "
                        "pass a writeable array (np.array(x)), or make 'A' an output with out_idx")
        assert (a == 1).all()
    w = np.ones((32, 32), np.float32)
    k(w)
    np.testing.assert_array_equal(w, 2 * np.ones((32, 32), np.float32))


@pytest.mark.parametrize("target", TARGETS)
def test_keyword_arguments(target):
    """Upstream's kernels take tensors by position; a keyword is an error that lists the positions."""
    k = tilelang.compile(copy_kernel(), out_idx=-1, target=target)
    a = np.ones((32, 32), np.float32)
    err = call_error(lambda: k(A=a))  # keyword
    assert_error_at(err, __file__, "keyword", "k(A=a)", "call",
                    "keyword argument 'A': a kernel takes its tensors by position (A), as upstream TileLang's kernels "
                    "do")


@pytest.mark.parametrize("target", TARGETS)
def test_masked_and_unknown_dtype_arrays(target):
    k = tilelang.compile(copy_kernel(), out_idx=-1, target=target)
    masked = np.ma.masked_array(np.ones((32, 32), np.float32), mask=np.eye(32, dtype=bool))
    err = call_error(lambda: k(masked))  # masked
    assert_error_at(err, __file__, "masked", "k(masked)", "call",
                    "parameter 'A': masked arrays are not supported (a kernel reads every element); pass "
                    "x.filled(value) or np.asarray(x)")
    cplx = np.ones((32, 32), np.complex64)
    err = call_error(lambda: k(cplx))  # complex
    assert_error_at(err, __file__, "complex", "k(cplx)", "call",
                    "parameter 'A': expected dtype float32, got complex64")
    text = np.full((32, 32), "x")
    err = call_error(lambda: k(text))  # text
    assert_error_at(err, __file__, "text", "k(text)", "call", "parameter 'A': expected dtype float32, got <U1")


def test_switch_arguments_must_be_bools():
    def build(clear):
        @T.prim_func
        def f(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32,), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((32, 32), "float32")
                v = T.alloc_fragment((32,), "float32")
                T.copy(A, s)
                T.fill(v, 1.0)
                T.reduce_sum(s, v, dim=1, clear=clear)  # clear
                T.copy(v, B)
        return f
    err = call_error(lambda: build("no"))
    assert_error_at(err, __file__, "clear", "T.reduce_sum", "reduce_sum", "clear must be True or False, got 'no'")
    with pytest.raises(tilelang.TileLangError) as e:
        @T.prim_func
        def g(A: T.Tensor((32, 32), "float32"), C: T.Tensor((32, 32), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((32, 32), "float32")
                acc = T.alloc_fragment((32, 32), "float32")
                T.copy(A, s)
                T.gemm(s, s, acc, transpose_B="yes")  # transpose
                T.copy(acc, C)
    assert_error_at(e.value, __file__, "transpose", "T.gemm", "gemm", "transpose_B must be True or False, got 'yes'")
    # bools and 0/1 are switches: clear=0 folds into the vector's old values (here one), clear=1 does not.
    a = np.random.default_rng(1).uniform(-1, 1, (32, 32)).astype(np.float32)
    out = tilelang.compile(build(0), out_idx=-1, target="interpret")(a)
    np.testing.assert_allclose(out, 1.0 + a.sum(axis=1), rtol=1e-5, atol=1e-5)
    out = tilelang.compile(build(1), out_idx=-1, target="interpret")(a)
    np.testing.assert_allclose(out, a.sum(axis=1), rtol=1e-5, atol=1e-5)


def test_tensor_too_large_for_the_host():
    """2**16 × 2**16 × 2 float32 has 2**32 rows in its 2-D view: refused when compiled for tenstorrent, naming the
    tensor at its declaration."""
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(huge(), out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "huge", "A: T.Tensor", "T.Tensor",
                    "tensor A is 4294967296 rows by 32 columns (134217728 pages) in its 2-D view; the host program "
                    "counts rows, columns and pages in 32 bits: expected at most 2^32 - 1 of each")


def huge():
    @T.prim_func
    def big(A: T.Tensor((2**16, 2**16, 32), "float32"), B: T.Tensor((32, 32), "float32")):  # huge
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 32), "float32")
            T.copy(A[0, 0:32, 0:32], s)
            T.copy(s, B)
    return big


def test_eager_kernel_arguments():
    """An eager @tilelang.jit function names the parameter of an array with a dtype the language lacks, and of a
    masked array, at the call."""
    @tilelang.jit(target="interpret")
    def double(A, block=32):
        M, N = T.const("M, N")
        A: T.Tensor((M, N), T.float32)
        B = T.empty((M, N), T.float32)
        with T.Kernel(T.ceildiv(M, block)) as bx:
            for i, j in T.Parallel(block, N):
                B[bx * block + i, j] = A[bx * block + i, j] * 2.0
        return B
    cplx = np.ones((32, 32), np.complex64)
    err = call_error(lambda: double(cplx))  # eager-dtype
    assert_error_at(err, __file__, "eager-dtype", "double(cplx)", "jit",
                    "parameter 'A': dtype complex64 is not a dtype of the language")
    masked = np.ma.masked_array(np.ones((32, 32), np.float32))
    err = call_error(lambda: double(masked))  # eager-masked
    assert_error_at(err, __file__, "eager-masked", "double(masked)", "call",
                    "parameter 'A': masked arrays are not supported (a kernel reads every element); pass "
                    "x.filled(value) or np.asarray(x)")
    np.testing.assert_array_equal(double(np.ones((32, 32), np.float32)), 2 * np.ones((32, 32), np.float32))
