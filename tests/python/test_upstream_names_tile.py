"""Upstream's remaining tile-level and helper names on interpret, against numpy: T.reduce (generic) and
reduce_bitand/bitor/bitxor, cummax, transpose, any_of/all_of, reducer_init/reducer_update, async_copy, reshape/view,
T.parallel, T.inline, annotation types and hints, and the random generator (rng_*)."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError


def run(f, *args, out_idx=-1):
    return tilelang.compile(f, out_idx=out_idx, target="interpret")(*args)


@pytest.mark.parametrize("dtype", ["int32", "uint8", "int8"])
@pytest.mark.parametrize("dim", [0, 1])
def test_reduce_bits(rng, dtype, dim):
    info = np.iinfo(dtype)
    out = 24 if dim == 1 else 16

    @T.prim_func
    def f(A: T.Tensor((24, 16), dtype), C: T.Tensor((4, out), dtype)):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((24, 16), dtype)
            r = T.alloc_fragment((out,), dtype)
            r1 = T.alloc_fragment((out,), dtype)
            T.copy(A, s)
            T.reduce_bitand(s, r, dim=dim)
            T.copy(r, C[0, :])
            T.reduce_bitor(s, r, dim=dim)
            T.copy(r, C[1, :])
            T.reduce(s, r, "bitxor", dim, True)
            T.copy(r, C[2, :])
            T.fill(r1, 3)
            T.reduce_bitor(s, r1, dim=dim, clear=False)   # folds into r1's values
            T.copy(r1, C[3, :])
    a = rng.integers(info.min, info.max, (24, 16), dtype=dtype, endpoint=True)
    c = run(f, a)
    np.testing.assert_array_equal(c[0], np.bitwise_and.reduce(a, axis=dim))
    np.testing.assert_array_equal(c[1], np.bitwise_or.reduce(a, axis=dim))
    np.testing.assert_array_equal(c[2], np.bitwise_xor.reduce(a, axis=dim))
    np.testing.assert_array_equal(c[3], np.bitwise_or.reduce(a, axis=dim) | np.array(3, dtype))


def test_reduce_generic_dispatches_to_the_ir_reductions(rng):
    @T.prim_func
    def f(A: T.Tensor((32, 64), "float32"), C: T.Tensor((5, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((32, 64), "float32")
            r = T.alloc_fragment((32,), "float32")
            T.copy(A, s)
            for n, kind in enumerate(["sum", "max", "min", "abssum", "absmax"]):
                T.reduce(s, r, kind, 1, True)
                T.copy(r, C[n, :])
    a = rng.uniform(-2, 2, (32, 64)).astype(np.float32)
    c = run(f, a)
    ref = [a.astype(np.float64).sum(1), a.max(1), a.min(1), np.abs(a).astype(np.float64).sum(1), np.abs(a).max(1)]
    for got, want in zip(c, ref):
        # float32 sums of 64 terms of magnitude <= 2: a few ulps of 128
        np.testing.assert_allclose(got, want, rtol=0, atol=64 * 2.0 ** -23 * 128)


def test_reduce_errors():
    with pytest.raises(TileLangError, match=r"\[reduce\] reduce_type must be one of") as e:
        @T.prim_func
        def f(A: T.Tensor((8, 8), "int32"), C: T.Tensor((8,), "int32")):
            with T.Kernel(1) as bx:
                r = T.alloc_fragment((8,), "int32")
                T.reduce(A, r, "prod", 1, True)
    assert e.value.file == __file__ and 'T.reduce(A, r, "prod", 1, True)' in str(e.value)
    with pytest.raises(TileLangError, match=r"\[reduce_bitor\] reduce_bitor needs integer or bool buffers"):
        @T.prim_func
        def g(A: T.Tensor((8, 8), "float32"), C: T.Tensor((8,), "float32")):
            with T.Kernel(1) as bx:
                r = T.alloc_fragment((8,), "float32")
                T.reduce_bitor(A, r, dim=1)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("dim", [0, 1])
def test_cummax(rng, dim, reverse):
    @T.prim_func
    def f(A: T.Tensor((16, 32), "float32"), B: T.Tensor((16, 32), "float32"), C: T.Tensor((16, 32), "float32")):
        with T.Kernel(1) as bx:
            s = T.alloc_shared((16, 32), "float32")
            d = T.alloc_fragment((16, 32), "float32")
            T.copy(A, s)
            T.cummax(s, d, dim=dim, reverse=reverse)
            T.copy(d, B)
            T.cummax(s, dim=dim, reverse=reverse)   # in place
            T.copy(s, C)
    a = rng.uniform(-2, 2, (16, 32)).astype(np.float32)
    b, c = run(f, a, out_idx=[1, 2])
    x = np.flip(a, dim) if reverse else a
    ref = np.maximum.accumulate(x, axis=dim)
    ref = np.flip(ref, dim) if reverse else ref
    np.testing.assert_array_equal(b, ref)
    np.testing.assert_array_equal(c, ref)


def test_transpose(rng):
    @T.prim_func
    def f(A: T.Tensor((64, 32), "float16"), B: T.Tensor((32, 64), "float16")):
        with T.Kernel(2) as bx:
            s = T.alloc_shared((32, 32), "float16")
            t = T.alloc_shared((32, 32), "float16")
            T.copy(A[bx * 32:(bx + 1) * 32, :], s)
            T.transpose(s, t)
            T.copy(t, B[:, bx * 32:(bx + 1) * 32])
    a = rng.uniform(-2, 2, (64, 32)).astype(np.float16)
    np.testing.assert_array_equal(run(f, a), a.T)


def test_transpose_shape_error():
    with pytest.raises(TileLangError, match=r"\[transpose\] expected dst of shape \(8, 4\), got \(4, 8\)"):
        @T.prim_func
        def f(A: T.Tensor((4, 8), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((4, 8), "float32")
                t = T.alloc_shared((4, 8), "float32")
                T.transpose(s, t)


def test_any_of_all_of(rng):
    @T.prim_func
    def f(A: T.Tensor((8, 16), "int32"), B: T.Tensor((8, 2), "int32")):
        with T.Kernel(8) as bx:
            s = T.alloc_shared((16,), "int32")
            T.copy(A[bx, :], s)
            B[bx, 0] = T.if_then_else(T.any_of(s), 1, 0)
            B[bx, 1] = T.if_then_else(T.all_of(A[bx, 0:16]), 1, 0)
    a = (rng.uniform(0, 1, (8, 16)) < 0.9).astype(np.int32)
    a[0] = 0
    a[1] = 1
    b = run(f, a)
    np.testing.assert_array_equal(b[:, 0], a.any(1).astype(np.int32))
    np.testing.assert_array_equal(b[:, 1], a.all(1).astype(np.int32))


@pytest.mark.parametrize("op,ref", [("sum", np.sum), ("max", np.max), ("min", np.min)])
def test_reducer_init_update(rng, op, ref):
    @T.prim_func
    def f(A: T.Tensor((16, 64), "float32"), B: T.Tensor((2, 16), "float32")):
        with T.Kernel(1) as bx:
            r = T.alloc_reducer((16,), "float32", op=op)
            T.reducer_init(r)
            for i, j in T.Parallel(16, 64):
                T.reducer_update(r[i], A[i, j])
            T.finalize_reducer(r)
            T.copy(r, B[0, :])
            T.reducer_init(r, 1.5)
            for i, j in T.Parallel(16, 64):
                T.reducer_update(r[i], A[i, j])
            T.copy(r, B[1, :])
    a = rng.uniform(-2, 2, (16, 64)).astype(np.float32)
    b = run(f, a)
    combine = {"sum": np.add, "max": np.maximum, "min": np.minimum}[op]
    # float32 sums of 64 terms of magnitude <= 2 (and the start value): a few ulps of 130
    np.testing.assert_allclose(b[0], ref(a.astype(np.float64), axis=1), rtol=0, atol=1e-4)
    np.testing.assert_allclose(b[1], combine(ref(a.astype(np.float64), axis=1), 1.5), rtol=0, atol=1e-4)


def test_async_copy_reshape_view_parallel_inline(rng):
    class Acc:
        def __init__(self, buf):
            self.buf = buf

        @T.inline
        def add(self, v):
            self.buf[0] = self.buf[0] + v

    @T.macro
    def scale(s: T.SharedBuffer((4, 32), "float32"), k: T.Ref):
        for i, j in T.Parallel(4, 32):
            s[i, j] = s[i, j] * 2.0
        k = k + 1

    @T.prim_func
    def f(A: T.Tensor((8, 16), "float32"), B: T.Tensor((4, 32), "float32"), N: T.Tensor((1,), "int32")):
        T.annotate_compile_flags(["-O3"])
        with T.Kernel(1) as bx:
            T.annotate_restrict_buffers(A, B)
            T.annotate_safe_value({A: 0})
            Av = T.reshape(A, (4, 32))
            s = T.alloc_shared((4, 32), "float32")
            n = T.alloc_var("int32", 0)
            T.async_copy(Av, s)
            scale(s, n)
            acc = Acc(n)
            acc.add(5)
            for i in T.parallel(0, 4):
                for j in T.serial(32):
                    B[i, j] = s[i, j] + 1.0
            N[0] = n
    a = rng.uniform(-2, 2, (8, 16)).astype(np.float32)
    b, n = run(f, a, out_idx=[1, 2])
    np.testing.assert_array_equal(b, a.reshape(4, 32) * 2 + 1)
    assert n[0] == 6


def test_view_keeps_the_dtype_and_count():
    with pytest.raises(TileLangError, match=r"\[view\] a view of 'A' must keep its dtype float32, got int32"):
        @T.prim_func
        def f(A: T.Tensor((8, 16), "float32")):
            with T.Kernel(1) as bx:
                T.view(A, (128,), "int32")
    with pytest.raises(TileLangError, match=r"\[reshape\] expected a global tensor parameter, got 's'"):
        @T.prim_func
        def g(A: T.Tensor((8, 16), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_shared((8, 16), "float32")
                T.reshape(s, (128,))


def test_strided_tensor_is_a_tensor(rng):
    @T.prim_func
    def f(A: T.StridedTensor((8, 8), (16, 1), "float32"), B: T.Tensor((8, 8), "float32")):
        with T.Kernel(1) as bx:
            for i, j in T.Parallel(8, 8):
                B[i, j] = A[i, j] * 2.0
    a = rng.uniform(-1, 1, (8, 16)).astype(np.float32)[:, :8]   # a strided view (row stride 16)
    np.testing.assert_array_equal(run(f, a), a * 2)


def test_dtype_helpers():
    assert T.get_tvm_dtype("fp16") == T.float16
    assert not T.is_float4("float16") and T.is_float4("float4_e2m1fn") and T.is_float4_e2m1fn("float4_e2m1fn")
    assert T.is_f8f6f4_family(T.float8_e4m3) and not T.is_f8f6f4_family(T.float16)
    T.validate_gemm_ab_dtypes(T.float16, T.float16)
    T.validate_gemm_ab_dtypes(T.float8_e4m3, T.float8_e5m2, allow_f8f6f4_mixed=True)
    with pytest.raises(ValueError, match="Mixed-dtype GEMM"):
        T.validate_gemm_ab_dtypes(T.float16, T.bfloat16)


def _mix(x):
    x = np.uint64(x) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    return x ^ (x >> np.uint64(16))


def rng_ref(seed, stream, counter):
    """docs/language.md's generator: draw `counter` of `stream` under 64-bit `seed`."""
    key = _mix(np.uint64(seed & 0xFFFFFFFF) ^ _mix(np.uint64(seed >> 32)))
    c = (np.uint64(counter) + np.uint64(0x9E3779B9)) & np.uint64(0xFFFFFFFF)
    return np.uint32(_mix(key ^ _mix(np.uint64(stream) ^ _mix(c))))


def test_rng_is_the_documented_generator():
    seed = 0x1234_5678_9ABC

    @T.prim_func
    def f(A: T.Tensor((2 * 64 * 4,), "uint32"), U: T.Tensor((2 * 64,), "float32"), G: T.Tensor((2 * 64,), "float32")):
        with T.Kernel(2, threads=64) as bx:
            tx = T.get_thread_binding()
            T.rng_init(seed, None, 10)
            for k in T.serial(4):
                A[(bx * 64 + tx) * 4 + k] = T.rng_rand()
            U[bx * 64 + tx] = T.rng_rand_float()
            G[bx * 64 + tx] = T.rng_rand_float(32, "normal")
    a, u, g = run(f, out_idx=[0, 1, 2])
    want = np.array([rng_ref(seed, t, 10 + k) for t in range(128) for k in range(4)], dtype=np.uint32)
    np.testing.assert_array_equal(a, want)
    draw4 = np.array([rng_ref(seed, t, 14) for t in range(128)], dtype=np.uint32)
    np.testing.assert_array_equal(u, ((draw4 >> 8).astype(np.float64) + 1) * 2.0 ** -24)
    u1 = ((np.array([rng_ref(seed, t, 15) for t in range(128)]) >> 8).astype(np.float64) + 1) * 2.0 ** -24
    u2 = ((np.array([rng_ref(seed, t, 16) for t in range(128)]) >> 8).astype(np.float64) + 1) * 2.0 ** -24
    # Box-Muller in float32: sqrt, log and cos each within a few ulps
    np.testing.assert_allclose(g, np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2), rtol=1e-5, atol=1e-5)
    assert 0 < u.min() and u.max() <= 1 and abs(u.mean() - 0.5) < 0.1


def test_rng_needs_init():
    with pytest.raises(TileLangError, match=r"\[rng_rand\] call T.rng_init"):
        @T.prim_func
        def f(A: T.Tensor((4,), "uint32")):
            with T.Kernel(1) as bx:
                A[0] = T.rng_rand()
