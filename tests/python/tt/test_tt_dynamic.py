"""Kernels with symbolic dimensions (T.dynamic) on both targets: one compiled kernel called at several sizes —
symbolic M only, M and N and K, a grid that is a function of them (T.ceildiv), tails (sizes that are not multiples of
the block or of 32), an element-wise kernel and a row reduction — against numpy.

On "tenstorrent" such a kernel is lowered at the sizes of each call (bind_tt_sizes): the backend keeps one program per
distinct set of sizes and lowers (and builds) only at a set it has not seen (docs/tenstorrent.md, "Dynamic shapes").
The tests count those lowerings: a repeated size costs none.

Bounds (tt_check.py): GEMMs as test_tt_gemm.py (bf16 products exact in fp32, the fp32 sum within K·2^-24·Σ|a||b|,
the bf16 output within 2^-8 relative); the element-wise kernel's bf16 output of an fp32 computation within one bf16
rounding; the row sum in float32 as test_tt_reduce.py (the FPU reads float32 operands with bfloat16 precision there:
docs/tenstorrent.md, "Math").
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.errors import TileLangError
from test_tt_gemm import matmul
from tt_check import assert_within, f64, gemm_ref, inputs, run_exported, ulp

TARGETS = ["tenstorrent", "interpret"]


def gemm_dynamic(dims, bM=64, bN=64, bK=32, sizes=(None, None, None)):
    """test_tt_gemm's C = A·B (bf16, float32 accumulator) with the dims named in `dims` (a subset of "mnk") symbolic,
    the others the constants sizes[...]."""
    M, N, K = (T.dynamic(d) if d in dims else s for d, s in zip("mnk", sizes))
    return matmul(M, N, K, bM, bN, bK)


def scale_add(bM=32, bN=64, dtype="bfloat16"):
    """y = 2·a + b - 1 over an M×N grid of bM×bN blocks, M and N symbolic (the grid is their ceildiv)."""
    M, N = T.dynamic("m"), T.dynamic("n")

    @T.prim_func
    def scale_add(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_fragment((bM, bN), "float32")
            b = T.alloc_fragment((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], a)
            T.copy(B[by * bM, bx * bN], b)
            for i, j in T.Parallel(bM, bN):
                a[i, j] = a[i, j] * 2.0 + b[i, j] - 1.0
            T.copy(a, Y[by * bM, bx * bN])
    return scale_add


def row_sum(N, bM=32, dtype="float32"):
    """s[i] = Σ_j x[i, j] for an M×N x with M symbolic (N constant: one block row of the reduction)."""
    M = T.dynamic("m")

    @T.prim_func
    def row_sum(X: T.Tensor((M, N), dtype), S: T.Tensor((M,), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            x = T.alloc_fragment((bM, N), dtype)
            s = T.alloc_fragment((bM,), dtype)
            T.copy(X[bx * bM, 0], x)
            T.reduce_sum(x, s, dim=1)
            T.copy(s, S[bx * bM])
    return row_sum


def lowerings(kernel):
    """How many programs the kernel's backend has lowered (tenstorrent); None for "interpret"."""
    return getattr(kernel.backend, "lowerings", None)


def check_gemm_at(kernel, rng, M, N, K, target):
    a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    ref, accum = gemm_ref(a, b)
    bound = 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8)
    assert_within(kernel(a, b), ref, bound, f"gemm {M}x{N}x{K} on {target}")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("dims,sizes", [
    ("m", [(64, 96, 64), (100, 96, 64), (200, 96, 64)]),                 # symbolic M only (N, K constant)
    ("mnk", [(64, 64, 64), (100, 72, 80), (130, 200, 40)]),             # all three, tails in each
])
def test_gemm_one_kernel_at_three_sizes(rng, target, dims, sizes):
    const = sizes[0]
    kernel = tilelang.compile(gemm_dynamic(dims, sizes=const), out_idx=-1, target=target)
    for M, N, K in sizes:
        check_gemm_at(kernel, rng, M, N, K, target)
    if target == "tenstorrent":
        assert lowerings(kernel) == len(set(sizes))  # one program per set of sizes (bind_tt_sizes)
        check_gemm_at(kernel, rng, *sizes[1], target)  # a size seen before: its program, not lowered again
        assert lowerings(kernel) == len(set(sizes)) and kernel.backend.cache_hit


@pytest.mark.parametrize("target", TARGETS)
def test_elementwise_symbolic_grid_and_tails(rng, target):
    kernel = tilelang.compile(scale_add(), out_idx=-1, target=target)
    for M, N in [(32, 64), (70, 100), (5, 300)]:  # one block; tails in both dims; fewer rows than a tile
        a, b = inputs(rng, (M, N), "bfloat16"), inputs(rng, (M, N), "bfloat16")
        ref = 2 * f64(a) + f64(b) - 1
        assert_within(kernel(a, b), ref, ulp(ref, "bfloat16"), f"scale_add {M}x{N} on {target}")


@pytest.mark.parametrize("target", TARGETS)
def test_row_sum_symbolic_rows(rng, target):
    N = 96
    kernel = tilelang.compile(row_sum(N), out_idx=-1, target=target)
    for M in [32, 45, 130]:
        x = inputs(rng, (M, N), "float32", -1, 1)
        ref = f64(x).sum(1)
        # float32 operands read with 8 mantissa bits by the FPU's reduce (2^-8 relative each), fp32 accumulation
        bound = 2.0**-8 * np.abs(f64(x)).sum(1) + N * 2.0**-24 * np.abs(f64(x)).sum(1)
        assert_within(kernel(x), ref, bound, f"row_sum {M}x{N} on {target}")


def test_eager_jit_one_kernel_for_every_size(rng):
    """An eager @tilelang.jit kernel with T.dynamic dims is traced once: calls at other sizes reuse its kernel."""
    @tilelang.jit(target="tenstorrent")
    def add_one(A, bM: int = 32):
        M = T.dynamic("m")
        A: T.Tensor((M, 64), "float32")
        B = T.empty((M, 64), "float32")
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            a = T.alloc_fragment((bM, 64), "float32")
            T.copy(A[bx * bM, 0], a)
            for i, j in T.Parallel(bM, 64):
                a[i, j] = a[i, j] + 1.0
            T.copy(a, B[bx * bM, 0])
        return B

    for M in (32, 50, 96):
        a = inputs(rng, (M, 64), "float32")
        assert_within(add_one(a), f64(a) + 1, 2.0**-23 * (np.abs(f64(a)) + 1), f"add_one at M={M}")
    kernels = {id(k) for k in add_one.cache.values()}
    assert len(kernels) == 1


def test_source_and_export_need_a_call_first(rng, tmp_path):
    kernel = tilelang.compile(scale_add(), out_idx=-1, target="tenstorrent")
    with pytest.raises(TileLangError, match=r"\[source\] scale_add has symbolic dims \(m, n\): on tenstorrent it is "
                                            r"lowered at the sizes of a call; call it once first"):
        kernel.get_kernel_source()
    a, b = inputs(rng, (40, 64), "bfloat16"), inputs(rng, (40, 64), "bfloat16")
    kernel(a, b)
    assert any(name.startswith("kernels/") for name in kernel.get_kernel_source())
    done = run_exported(kernel, str(tmp_path / "proj"), "scale_add")  # builds and runs its self-check
    assert done.returncode == 0 and "PASS" in done.stdout, done.stdout + done.stderr
    assert (tmp_path / "proj" / "data" / "A.bin").stat().st_size == 40 * 64 * 2  # the exported call's sizes


def test_empty_dim_is_an_error():
    kernel = tilelang.compile(scale_add(), out_idx=-1, target="tenstorrent")
    a = np.zeros((0, 64), dtype=inputs(np.random.default_rng(0), (1,), "bfloat16").dtype)
    with pytest.raises(TileLangError, match=r"\[call\] T.dynamic 'm' is 0 in this call; a tenstorrent kernel needs "
                                            r"every symbolic dim >= 1"):
        kernel(a, a)
