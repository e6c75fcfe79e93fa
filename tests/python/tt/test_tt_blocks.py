"""Blocks that are not whole tiles (tt_block_grouping.h): kernels whose blocks own 1, 4 or 8 rows, as upstream's norms,
casts and softmax are written (`blk_m = 1`). Where the blocks are independent row by row, infer_tt_schedule groups
f = lcm(m, 32) / m consecutive blocks into one block of whole tiles; the result must equal numpy's (and the
"interpret" target's, which runs the kernel as written, block by block) within the same bounds as the whole-tile
kernels of test_tt_softmax.py (the same factories, at sub-tile block sizes).

Also checked: the grouping as IR (grid, widened buffers and loops, the tt.grouped attr), a partial last group (M not
a multiple of the group's rows: its extra rows lie in the tile padding, which the host drops), and that a kernel
whose blocks are not independent by rows (a reduction over the block's rows) is not grouped and gets the located
block-size error instead of a wrong result.
"""
import pathlib

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt._core as core
import tilelang_tt.language as T
import test_tt_softmax as softmax_tests
from test_tt_softmax import rmsnorm
from tt_check import U, assert_error_at, check, f64, inputs

THIS = pathlib.Path(__file__).resolve()


def ir_after(func, name):
    _, ir, _ = core.tt_lower(func.core, "tenstorrent", [False, True], 4)
    return dict(ir)[name]


# The whole-tile tests of test_tt_softmax.py (same kernels, references and bounds) at sub-tile block sizes.
@pytest.mark.parametrize("M,N,bM,dtype", [(64, 128, 1, "float32"), (70, 100, 1, "bfloat16"), (64, 96, 8, "float32"),
                                          (40, 64, 8, "bfloat16"), (96, 64, 4, "float32")],
                         ids=["1row", "1row_edge_rows", "8rows", "8rows_partial_group", "4rows"])
def test_rmsnorm_subtile_blocks(M, N, bM, dtype):
    softmax_tests.test_rmsnorm(M, N, bM, dtype)


@pytest.mark.parametrize("M,N,bM", [(64, 128, 1), (48, 96, 8)], ids=["1row", "8rows"])
def test_softmax_subtile_blocks(M, N, bM):
    softmax_tests.test_softmax(M, N, bM, "bfloat16")


def test_online_logsumexp_one_row_blocks():
    # reduce_max with clear=False across a serial loop, 1-D vectors written to a 1-D tensor at bx * 1
    softmax_tests.test_online_logsumexp(64, 192, 1, 64, "float32")


def scale_rows(M, N, bM):
    """Element accesses of the global tensors at row bx * bM + i (no copies)."""
    @T.prim_func
    def scale_rows_k(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            for i, j in T.Parallel(bM, N):
                Y[bx * bM + i, j] = X[bx * bM + i, j] * 3.0 + 1.0
    return scale_rows_k


def test_element_access_rows():
    M, N, bM = 64, 64, 4
    X = inputs(np.random.default_rng(5), (M, N), "float32")
    ref = f64(X) * 3.0 + 1.0
    check(scale_rows(M, N, bM), [X], ref, 4 * U["float32"] * (np.abs(ref) + 1), "float32")


def copy16(M, N):
    """16×16 blocks on a 2-D grid: both grid dimensions are grouped (2 blocks each), into 32×32 tiles."""
    @T.prim_func
    def copy16_k(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 16, M // 16, threads=128) as (bx, by):
            A_s = T.alloc_shared((16, 16), "float32")
            T.copy(A[by * 16, bx * 16], A_s)
            T.copy(A_s, C[by * 16, bx * 16])
    return copy16_k


def scale16(M, N):
    @T.prim_func
    def scale16_k(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 16, M // 16, threads=128) as (bx, by):
            for i, j in T.Parallel(16, 16):
                C[by * 16 + i, bx * 16 + j] = A[by * 16 + i, bx * 16 + j] * 2.0
    return scale16_k


def test_16x16_blocks_grouped_in_both_dimensions():
    A = inputs(np.random.default_rng(10), (64, 96), "float32")
    check(copy16(64, 96), [A], f64(A), 0.0, "float32")
    check(scale16(64, 96), [A], f64(A) * 2.0, 0.0, "float32")
    text = ir_after(copy16(64, 96), "infer_tt_schedule")
    for line in ['kernel bx, by in grid(3, 2)', 'attr "tt.grouped.0" = "2"', 'attr "tt.grouped.1" = "2"',
                 "alloc A_s: shared float32[32, 32]"]:
        assert line in text, (line, text)


def rows_times_matrix(M, K, N, blk_m):
    """Y[rows of the block] = X[rows] · W with blocks of blk_m rows: a T.gemm whose A and C rows are the block's."""
    @T.prim_func
    def rows_gemm_k(X: T.Tensor((M, K), "bfloat16"), W: T.Tensor((K, N), "bfloat16"), Y: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(M, blk_m), threads=128) as bx:
            x = T.alloc_shared((blk_m, K), "bfloat16")
            w = T.alloc_shared((K, N), "bfloat16")
            acc = T.alloc_fragment((blk_m, N), "float32")
            T.copy(X[bx * blk_m, 0], x)
            T.copy(W[0, 0], w)
            T.gemm(x, w, acc, clear_accum=True)
            T.copy(acc, Y[bx * blk_m, 0])
    return rows_gemm_k


def test_gemm_rows_grouped():
    # Bound (test_tt_gemm.py): bf16 products exact in fp32, the fp32 sum K·2^-24·Σ|x||w|, the bf16 output 2^-8·|y|
    M, K, N = 64, 64, 96
    rng = np.random.default_rng(14)
    x, w = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    ref = f64(x) @ f64(w)
    accum = K * 2.0**-24 * (np.abs(f64(x)) @ np.abs(f64(w)))
    check(rows_times_matrix(M, K, N, 1), [x, w], ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8), "bfloat16",
          extra_interp=2 * accum)
    assert 'attr "tt.grouped.0" = "32"' in ir_after(rows_times_matrix(M, K, N, 1), "infer_tt_schedule")


def test_grouping_ir():
    # 1-row blocks over 70 rows: 3 groups of 32 rows (the third partial: rows 70..95 are tile padding)
    text = ir_after(rmsnorm(70, 100, 1, "float32"), "infer_tt_schedule")
    for line in ['kernel bx in grid(3)', 'attr "tt.grouped.0" = "32"', "alloc x: shared float32[32, 128]",
                 "alloc s: fragment float32[32]", "copy(X[bx * 32 +: 32, 0 +: 128], x)", "for i_1 in parallel(0, 32):",
                 "copy(y, Y[bx * 32 +: 32, 0 +: 128])"]:
        assert line in text, (line, text)


def col_sum_rows(M, N, bM):
    """Sums each block's rows (a reduction over the block's row dimension): blocks of 8 rows cannot be grouped."""
    @T.prim_func
    def col_sum_k(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M // bM, N), "float32")):
        with T.Kernel(M // bM, threads=128) as bx:
            x = T.alloc_shared((bM, N), "float32")  # subtile-alloc
            s = T.alloc_fragment((N,), "float32")
            T.copy(X[bx * bM, 0], x)
            T.reduce_sum(x, s, dim=0)
            T.copy(s, Y[bx, 0])  # subtile-store
    return col_sum_k


def test_reduction_over_block_rows_is_not_grouped(rng):
    """Not grouped: the 8-row block is padded into its tile (tt_padded_blocks.h) and its column sums run; each
    block's one row of Y would share its tile with 31 other blocks' rows, but Y is only ever stored as rows, so it is
    stored as lines with tiles per row (infer_tt_vector_layouts.h) and every block writes tiles of its own. Bound: the
    matrix engine's reduce reads float32 with 10 mantissa bits (TF32): 2⁻¹⁰ of each |x|, plus float32 rounding of
    the sums."""
    M, N, bM = 64, 64, 8
    X = inputs(rng, (M, N), "float32")
    parts = f64(X).reshape(M // bM, bM, N)
    ref = parts.sum(axis=1)
    check(col_sum_rows(M, N, bM), [X], ref, 2.0**-10 * np.abs(parts).sum(axis=1) + bM * U["float32"] * (np.abs(ref) + 1),
          "float32", extra_interp=2.0**-10 * np.abs(parts).sum(axis=1))


def rms_norm_rows(M, N, blk_m, band=False):
    """Upstream's rms_norm (examples/norm/rms_norm.py) at float32, with the scaled rows stored to a second fragment
    (its in-place `A_local *= ...` is the element-wise lowering's part of issue 13). band: the cost of not grouping
    — one block per row, each computing the whole 32-row tile band that holds its row."""
    rows = 32 if band else blk_m

    @T.prim_func
    def rms_k(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(M if band else T.ceildiv(M, blk_m), threads=128) as bx:
            A_local = T.alloc_fragment((rows, N), "float32")
            A_pow_local = T.alloc_fragment((rows, N), "float32")
            A_out = T.alloc_fragment((rows, N), "float32")
            A_powsum = T.alloc_fragment((rows,), "float32")
            if band:
                T.copy(A[bx // 32 * 32, 0], A_local)
            else:
                T.copy(A[bx * blk_m:(bx + 1) * blk_m, :], A_local)
            for i, j in T.Parallel(rows, N):
                A_pow_local[i, j] = A_local[i, j] * A_local[i, j]
            T.reduce_sum(A_pow_local, A_powsum, dim=1)
            for i in T.Parallel(rows):
                A_powsum[i] = T.rsqrt(A_powsum[i] / N + 1e-12)
            for i, j in T.Parallel(rows, N):
                A_out[i, j] = A_local[i, j] * A_powsum[i]
            if band:
                T.copy(A_out, B[bx // 32 * 32, 0])
            else:
                T.copy(A_out, B[bx * blk_m:(bx + 1) * blk_m, :])
    return rms_k


def test_rmsnorm_one_row_blocks_near_dram_bound():
    # Upstream's default blk_m = 1 at 1024×1024 float32: grouped into 32-row blocks (32 cores, one block each),
    # the result is checked as upstream does (rtol = atol = 1e-2). Each core reads its block, computes, then
    # writes: the calibrated timing model's DRAM queues serve the 32 cores' reads (4 MB) at the chip's 267 GB/s,
    # and their writes, which all come after the compute, again — so the modeled time is the DRAM bound
    # (8.39 MB ÷ 267 GB/s, n150 measured) plus the compute that overlaps neither, under 1.5× the bound; without
    # grouping it is 32× more tile work (docs/tenstorrent.md).
    M = N = 1024
    A = inputs(np.random.default_rng(9), (M, N), "float32")
    a = f64(A)
    ref = a / np.sqrt((a * a).mean(-1, keepdims=True) + 1e-12)
    kernel = tilelang.compile(rms_norm_rows(M, N, 1), out_idx=-1, target="tenstorrent")
    np.testing.assert_allclose(f64(kernel(A)), ref, rtol=1e-2, atol=1e-2)
    (prog,) = kernel.backend.last_run["programs"]
    assert prog["dram_bytes"] == 2 * M * N * 4  # A read once, B written once
    bound = prog["dram_bytes"] / 267e9
    assert bound <= prog["modeled_seconds"] <= 1.5 * bound, (prog["modeled_seconds"], bound)


# ------------------------------------------------------------------ index permutations
# A transpose moves values without arithmetic (transpose_wh_tile through DST: float32 in its fp32 mode), so the
# result is exact on both targets.


def transpose(M, N, bM, bN, dtype, out_dtype=None):
    out_dtype = out_dtype or dtype

    @T.prim_func
    def transpose_k(A: T.Tensor((M, N), dtype), B: T.Tensor((N, M), out_dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), dtype)
            t = T.alloc_fragment((bN, bM), out_dtype)
            T.copy(A[by * bM, bx * bN], a)
            for i, j in T.Parallel(bM, bN):
                t[j, i] = a[i, j]
            T.copy(t, B[bx * bN, by * bM])
    return transpose_k


@pytest.mark.parametrize("M,N,bM,bN,dtype", [(64, 96, 32, 32, "float32"), (100, 70, 64, 32, "bfloat16"),
                                             (128, 64, 64, 64, "float32")],
                         ids=["f32_tiles", "bf16_padded_edges", "f32_2x2_tile_blocks"])
def test_transpose_parallel(M, N, bM, bN, dtype):
    A = inputs(np.random.default_rng(6), (M, N), dtype)
    check(transpose(M, N, bM, bN, dtype), [A], f64(A).T, 0.0, dtype)


def test_transpose_with_cast():
    # float32 → bfloat16 on the way: the packer rounds to nearest like the interpreter's cast
    M, N = 64, 64
    A = inputs(np.random.default_rng(7), (M, N), "float32")
    ref = f64(A.T.astype(np.float32).astype(inputs(np.random.default_rng(0), (1,), "bfloat16").dtype))
    check(transpose(M, N, 32, 64, "float32", "bfloat16"), [A], ref, U["bfloat16"] * np.abs(ref), "bfloat16")


def gemm_ta(M, N, K, bM, bN, bK, dtype="bfloat16"):
    """C = Aᵀ·B with A stored K×M (T.gemm transpose_A)."""
    @T.prim_func
    def gemm_ta_k(A: T.Tensor((K, M), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bK, bM), dtype)
            B_s = T.alloc_shared((bK, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[k * bK, by * bM], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l, transpose_A=True)
            T.copy(C_l, C[by * bM, bx * bN])
    return gemm_ta_k


@pytest.mark.parametrize("M,N,K,bM,bN,bK", [(64, 64, 96, 32, 32, 32), (100, 72, 80, 64, 64, 64)],
                         ids=["tiles", "padded_2x2_a_blocks"])
def test_gemm_transpose_a(M, N, K, bM, bN, bK):
    # Bound (test_tt_gemm.py): bf16 products exact in fp32, the fp32 sum K·2^-24·Σ|a||b|, the bf16 output 2^-8·|c|
    rng = np.random.default_rng(8)
    a = inputs(rng, (K, M), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    ref = f64(a).T @ f64(b)
    accum = K * 2.0**-24 * (np.abs(f64(a)).T @ np.abs(f64(b)))
    kernel = check(gemm_ta(M, N, K, bM, bN, bK), [a, b], ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8),
                   "bfloat16", extra_interp=2 * accum)
    assert "transpose_tile(" in kernel.get_kernel_source()["kernels/kernel0_compute.cpp"]  # the 0.81 API (default)
