"""Control flow and bindings: if/elif/else on symbolic values, and/or/not, chained comparisons, conditional
expressions, let-bound names, T.alloc_var / T.alloc_local, T.macro, trace-time Python control flow,
several sequential kernels, 3-D grids, T.dynamic shapes, layout hints."""
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T


def test_if_elif_else_and_logic(rng):
    @T.prim_func
    def f(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(64):
                x = A[i]
                if x > 1.0 and not i < 8:
                    B[i] = 1.0
                elif x < -1.0 or i == 0:
                    B[i] = -1.0
                elif -0.5 < x < 0.5:
                    B[i] = x * 10.0
                else:
                    B[i] = 0.0 if i % 2 == 0 else 5.0
    a = (rng.standard_normal(64) * 1.5).astype(np.float32)
    b = tilelang.compile(f, out_idx=1)(a)
    idx = np.arange(64)
    ref = np.where((a > 1) & (idx >= 8), 1.0,
                   np.where((a < -1) | (idx == 0), -1.0,
                            np.where((a > -0.5) & (a < 0.5), a * np.float32(10), np.where(idx % 2 == 0, 0.0, 5.0))))
    np.testing.assert_array_equal(b, ref.astype(np.float32))


def test_let_binding_keeps_value(rng):
    # x = A[i] is evaluated once (a LetStmt): overwriting A[i] afterwards does not change x
    @T.prim_func
    def f(A: T.Tensor((16,), "float32"), B: T.Tensor((16,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.serial(16):
                x = A[i]
                A[i] = 0.0
                B[i] = x + A[i]
    kernel = tilelang.compile(f)
    a = rng.standard_normal(16).astype(np.float32)
    b = np.zeros(16, np.float32)
    orig = a.copy()
    kernel(a, b)
    np.testing.assert_array_equal(b, orig)
    np.testing.assert_array_equal(a, 0)
    assert "let x" in kernel.get_ir()


def test_alloc_var_and_local(rng):
    @T.prim_func
    def f(A: T.Tensor((8, 16), "float32"), B: T.Tensor((8,), "int32"), C: T.Tensor((8, 4), "float32")):
        with T.Kernel(8) as bx:
            best = T.alloc_var(T.int32, init=0)
            cnt = T.alloc_var("int32")
            loc = T.alloc_local((4,), "float32")
            cnt = 0
            for j in T.serial(16):
                if A[bx, j] > A[bx, best]:
                    best = j
                if A[bx, j] > 0:
                    cnt += 1
            for t in T.serial(4):
                loc[t] = A[bx, t] * t
            for t in T.serial(4):
                C[bx, t] = loc[t]
            B[bx] = best * 100 + cnt
    a = rng.standard_normal((8, 16)).astype(np.float32)
    b, c = tilelang.compile(f, out_idx=[1, 2])(a)
    np.testing.assert_array_equal(b, a.argmax(1) * 100 + (a > 0).sum(1))
    np.testing.assert_array_equal(c, a[:, :4] * np.arange(4, dtype=np.float32))


@T.macro
def scale_rows(buf, rows, factor, skip_first):
    for i, j in T.Parallel(rows, 8):
        if skip_first and i == 0:       # skip_first is a Python bool: decided at trace time
            buf[i, j] = buf[i, j]
        else:
            buf[i, j] = buf[i, j] * factor


def test_macro_and_trace_time_python(rng):
    def build(skip):
        @T.prim_func
        def f(A: T.Tensor((4, 8), "float32"), B: T.Tensor((4, 8), "float32")):
            with T.Kernel(1) as bx:
                s = T.alloc_fragment((4, 8), "float32")
                T.copy(A, s)
                scale_rows(s, 4, 3.0, skip)
                if skip:                 # Python value: no IR if
                    for j in T.Parallel(8):
                        s[3, j] = -1.0
                T.copy(s, B)
        return f
    a = rng.standard_normal((4, 8)).astype(np.float32)
    b0 = tilelang.compile(build(False), out_idx=1)(a)
    np.testing.assert_array_equal(b0, a * np.float32(3))
    k1 = tilelang.compile(build(True), out_idx=1)
    b1 = k1(a)
    ref = a * np.float32(3)
    ref[0] = a[0]
    ref[3] = -1
    np.testing.assert_array_equal(b1, ref)


def test_sequential_kernels_share_globals(rng):
    @T.prim_func
    def f(A: T.Tensor((4, 32), "float32"), W: T.Tensor((4,), "float32"), B: T.Tensor((4, 32), "float32")):
        with T.Kernel(4) as bx:                  # kernel 1: row sums into a global workspace
            t = T.alloc_fragment((32,), "float32")
            s = T.alloc_fragment((1,), "float32")
            T.copy(A[bx, :], t)
            T.reduce_sum(t, s, dim=0)
            W[bx] = s[0]
        with T.Kernel(4, threads=(32, 4)) as by:  # kernel 2 reads what kernel 1 wrote
            for j in T.Parallel(32):
                B[by, j] = A[by, j] - W[by] / 32.0
    a = rng.standard_normal((4, 32)).astype(np.float32)
    b = tilelang.compile(f, out_idx=[1, 2])(a)[1]
    np.testing.assert_allclose(b, a - a.astype(np.float64).mean(1, keepdims=True), rtol=1e-5, atol=1e-6)


def test_3d_grid_and_layout_hints(rng):
    @T.prim_func
    def f(A: T.Tensor((2, 3, 4), "float32"), B: T.Tensor((2, 3, 4), "float32")):
        with T.Kernel(4, 3, 2, threads=64) as (bx, by, bz):
            s = T.alloc_shared((1,), "float32")
            T.use_swizzle(panel_size=4, order="row")
            T.annotate_layout({s: T.make_swizzled_layout(s)})
            s[0] = A[bz, by, bx] + T.cast(bx * 100 + by * 10 + bz, "float32")
            B[bz, by, bx] = s[0]
    kernel = tilelang.compile(f, out_idx=1)
    a = rng.standard_normal((2, 3, 4)).astype(np.float32)
    z, y, x = np.meshgrid(np.arange(2), np.arange(3), np.arange(4), indexing="ij")
    np.testing.assert_array_equal(kernel(a), a + (x * 100 + y * 10 + z).astype(np.float32))
    assert "use_swizzle" in kernel.get_ir()


def test_dynamic_shapes(rng):
    M = T.dynamic("M")
    N = T.symbolic("N")

    @T.prim_func
    def f(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, 16), T.ceildiv(N, 16)) as (bx, by):
            for i, j in T.Parallel(16, 16):
                B[bx * 16 + i, by * 16 + j] = A[bx * 16 + i, by * 16 + j] * 2.0
    kernel = tilelang.compile(f, out_idx=1)
    for shape in [(16, 16), (40, 9), (3, 50)]:
        a = rng.standard_normal(shape).astype(np.float32)
        np.testing.assert_array_equal(kernel(a), a * np.float32(2))


@tilelang.jit
def eager_rowmax_dynamic(A, block=8):
    M = T.dynamic("M")
    N = T.const("N")
    A: T.Tensor((M, N), "float32")
    out = T.empty((M,), "float32")
    with T.Kernel(T.ceildiv(M, block)) as bx:
        t = T.alloc_fragment((block, N), "float32")
        m = T.alloc_fragment((block,), "float32")
        T.copy(A[bx * block, 0], t)
        T.reduce_max(t, m, dim=1)
        T.copy(m, out[bx * block])
    return out


def test_eager_dynamic_and_const(rng):
    for rows in (8, 13):
        a = rng.standard_normal((rows, 24)).astype(np.float32)
        np.testing.assert_array_equal(eager_rowmax_dynamic(a), a.max(1))
    assert len({id(k) for k in eager_rowmax_dynamic.cache.values()}) == 1  # one kernel: the IR is symbolic in M


def test_dtype_objects_and_strings_equal():
    assert T.float16 == "float16" and T.bfloat16 == "bfloat16"
    spec_a, spec_b = T.Tensor((4,), T.bfloat16), T.Tensor((4,), "bf16")
    assert spec_a.dtype == spec_b.dtype == "bfloat16"


def test_rebinding_a_var_name_to_a_new_allocation(rng):
    @T.prim_func
    def f(A: T.Tensor((8,), "int32"), B: T.Tensor((2,), "int32")):
        with T.Kernel(1) as bx:
            acc = T.alloc_var("int32", 0)
            for i in T.serial(8):
                acc += A[i]
            B[0] = acc
        with T.Kernel(1) as bx:
            acc = T.alloc_var("int32", 1)   # a new variable in the second kernel, not a store into the first
            for i in T.serial(8):
                acc = acc * 2
            B[1] = acc
    a = rng.integers(-9, 9, 8).astype(np.int32)
    np.testing.assert_array_equal(tilelang.compile(f, out_idx=1)(a), [a.sum(), 256])


def test_dynamic_extent_regions(rng):
    # tile ops on whole dynamic-shaped tensors: extents are symbolic and provably equal
    N = T.dynamic("N")

    @T.prim_func
    def f(A: T.Tensor((4, N), "float32"), B: T.Tensor((4,), "float32"), C: T.Tensor((4, N), "float32")):
        with T.Kernel(1) as bx:
            T.reduce_sum(A, B, dim=1)
            T.copy(A[0:4, 0:N], C)
    kernel = tilelang.compile(f, out_idx=[1, 2])
    for n in (3, 17):
        a = rng.standard_normal((4, n)).astype(np.float32)
        b, c = kernel(a)
        np.testing.assert_allclose(b, a.astype(np.float64).sum(1), rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(c, a)
