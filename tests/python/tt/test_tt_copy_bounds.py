"""Copy regions that lie partly or wholly outside a tensor — before row or column 0, past the last row or column,
outside a slice of a 3-D tensor — on target "tenstorrent": reads there give 0 and writes there are dropped
(docs/language.md), as on "interpret". Compared with numpy (shifts with zero fill) and with "interpret".

Copies of float32 data are exact on both targets; a float32 sum is rounded once (2^-24 relative).
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import check, f64, inputs

FILE = __file__


def shifted(x, dy, dx, rows, cols):
    """rows×cols array whose (i, j) is x[i + dy, j + dx], 0 outside x."""
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            if 0 <= i + dy < x.shape[0] and 0 <= j + dx < x.shape[1]:
                out[i, j] = x[i + dy, j + dx]
    return out


def read_shifted(M, N, bM, bN, dy, dx):
    # Block (by, bx) of C is the block of A at (by·bM + dy, bx·bN + dx); one extra block row and column in the grid.
    @T.prim_func
    def read_shifted(A: T.Tensor((M, N), "float32"), C: T.Tensor((M + 64, N + 64), "float32")):
        with T.Kernel(T.ceildiv(N, bN) + 1, T.ceildiv(M, bM) + 1, threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), "float32")
            T.copy(A[by * bM + dy, bx * bN + dx], a)
            T.copy(a, C[by * bM, bx * bN])
    return read_shifted


def write_shifted(M, N, bM, bN, dy, dx):
    # Block (by, bx) of A is stored at (by·bM + dy, bx·bN + dx) of C: what falls outside C is dropped.
    @T.prim_func
    def write_shifted(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN) + 1, T.ceildiv(M, bM) + 1, threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], a)
            T.copy(a, C[by * bM + dy, bx * bN + dx])
    return write_shifted


SHIFTS = [(-32, 0), (0, -32), (-64, -32), (32, 0), (0, 64), (-32, 32)]


@pytest.mark.parametrize("dy,dx", SHIFTS, ids=[f"dy{dy}_dx{dx}" for dy, dx in SHIFTS])
def test_read_outside(dy, dx, rng):
    M, N, bM, bN = 70, 100, 32, 64  # partial edge tiles in both dimensions
    A = inputs(rng, (M, N), "float32")
    rows = (-(-M // bM) + 1) * bM
    cols = (-(-N // bN) + 1) * bN
    ref = shifted(f64(A), dy, dx, M + 64, N + 64)
    ref[rows:] = 0.0  # rows / columns of C no block writes (the grid covers rows × cols)
    ref[:, cols:] = 0.0
    check(read_shifted(M, N, bM, bN, dy, dx), [A], ref, 0.0, "float32")


@pytest.mark.parametrize("dy,dx", SHIFTS, ids=[f"dy{dy}_dx{dx}" for dy, dx in SHIFTS])
def test_write_outside(dy, dx, rng):
    M, N, bM, bN = 70, 100, 32, 64
    A = inputs(rng, (M, N), "float32")
    # C[i, j] = A[i - dy, j - dx] where a block wrote it (every element of C: the grid has an extra block row
    # and column, whose blocks read zeros).
    check(write_shifted(M, N, bM, bN, dy, dx), [A], shifted(f64(A), -dy, -dx, M, N), 0.0, "float32")


def slices_shifted(S, M, N, bM, bN, dy):
    # 3-D: block (bz, by, bx) of O is the block of W's slice bz at row by·bM + dy: rows outside the slice are 0,
    # never the neighbouring slice's.
    @T.prim_func
    def slices_shifted(W: T.Tensor((S, M, N), "float32"), O: T.Tensor((S, M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), S, threads=128) as (bx, by, bz):
            a = T.alloc_shared((bM, bN), "float32")
            T.copy(W[bz, by * bM + dy, bx * bN], a)
            T.copy(a, O[bz, by * bM, bx * bN])
    return slices_shifted


@pytest.mark.parametrize("dy", [-32, -64, 32, 64])
def test_slices_outside(dy, rng):
    S, M, N, bM, bN = 3, 70, 64, 32, 32  # 3 tile rows per slice, the last partial
    W = inputs(rng, (S, M, N), "float32")
    ref = np.stack([shifted(f64(W[s]), dy, 0, M, N) for s in range(S)])
    check(slices_shifted(S, M, N, bM, bN, dy), [W], ref, 0.0, "float32")


def slices_write_shifted(S, M, N, bM, bN, dy):
    @T.prim_func
    def slices_write_shifted(W: T.Tensor((S, M, N), "float32"), O: T.Tensor((S, M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM) + 2, S, threads=128) as (bx, by, bz):
            a = T.alloc_shared((bM, bN), "float32")
            T.copy(W[bz, by * bM - 32, bx * bN], a)
            T.copy(a, O[bz, by * bM - 32 + dy, bx * bN])
    return slices_write_shifted


@pytest.mark.parametrize("dy", [-32, 32])
def test_slices_write_outside(dy, rng):
    S, M, N, bM, bN = 3, 70, 64, 32, 32
    W = inputs(rng, (S, M, N), "float32")
    ref = np.stack([shifted(f64(W[s]), -dy, 0, M, N) for s in range(S)])
    check(slices_write_shifted(S, M, N, bM, bN, dy), [W], ref, 0.0, "float32")


def parallel_shifted(M, N, bM, bN):
    # The global load of a T.Parallel nest one block row up (upstream's element-wise form).
    @T.prim_func
    def parallel_shifted(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                C[by * bM + i, bx * bN + j] = A[by * bM - 32 + i, bx * bN - 32 + j] * 2.0
    return parallel_shifted


def test_parallel_load_outside(rng):
    M, N, bM, bN = 70, 100, 32, 32
    A = inputs(rng, (M, N), "float32")
    check(parallel_shifted(M, N, bM, bN), [A], 2.0 * shifted(f64(A), -32, -32, M, N), 0.0, "float32")


def vector_shifted(N, bN):
    @T.prim_func
    def vector_shifted(v: T.Tensor((N,), "float32"), A: T.Tensor((32, N), "float32"), C: T.Tensor((32, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), threads=128) as bx:
            v_s = T.alloc_shared((bN,), "float32")
            a = T.alloc_shared((32, bN), "float32")
            c = T.alloc_fragment((32, bN), "float32")
            T.copy(v[bx * bN - 32], v_s)
            T.copy(A[0, bx * bN], a)
            for i, j in T.Parallel(32, bN):
                c[i, j] = a[i, j] + v_s[j]
            T.copy(c, C[0, bx * bN])
    return vector_shifted


def test_vector_outside(rng):
    N, bN = 100, 32
    v = inputs(rng, (N,), "float32")
    A = inputs(rng, (32, N), "float32")
    vs = shifted(f64(v)[None, :], 0, -32, 1, N)
    ref = f64(A) + vs
    check(vector_shifted(N, bN), [v, A], ref, 2.0**-24 * np.abs(ref), "float32")


def rows_plus_cols(M, N):
    # C's block (by, bx) = A's rows one block above by's + B's columns one block left of bx's. A's read depends on
    # by only and B's on bx only: they are multicast along the core rows and down the core columns.
    @T.prim_func
    def rows_plus_cols(A: T.Tensor((M, 32), "float32"), Bm: T.Tensor((32, N), "float32"),
                       C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            a = T.alloc_shared((32, 32), "float32")
            b = T.alloc_shared((32, 32), "float32")
            c = T.alloc_fragment((32, 32), "float32")
            T.copy(A[by * 32 - 32, 0], a)
            T.copy(Bm[0, bx * 32 - 32], b)
            for i, j in T.Parallel(32, 32):
                c[i, j] = a[i, j] + b[i, j]
            T.copy(c, C[by * 32, bx * 32])
    return rows_plus_cols


def test_multicast_reads_outside(rng):
    M, N = 96, 128
    A = inputs(rng, (M, 32), "float32")
    Bm = inputs(rng, (32, N), "float32")
    a = shifted(f64(A), -32, 0, M, 32)
    b = shifted(f64(Bm), 0, -32, 32, N)
    ref = np.tile(a, (1, N // 32)) + np.tile(b, (M // 32, 1))
    tt = check(rows_plus_cols(M, N), [A, Bm], ref, 2.0**-24 * np.abs(ref), "float32")
    src = tt.get_kernel_source()
    assert "tl_read_tiles_mcast(tl_row," in src["kernels/kernel0_reader.cpp"]
    assert "tl_read_tiles_mcast(tl_col," in src["kernels/kernel0_writer.cpp"]  # the column operand's sender


def test_unaligned_negative_start(rng):
    """A read that starts 16 rows before a tile boundary (before row 0 for the first block row): rows before the
    tensor are 0 (tt.read_shifted)."""
    @T.prim_func
    def half_up(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            a = T.alloc_shared((32, 32), "float32")
            T.copy(A[by * 32 - 16, bx * 32], a)
            T.copy(a, C[by * 32, bx * 32])
    A = inputs(rng, (64, 64), "float32")
    check(half_up, [A], shifted(f64(A), -16, 0, 64, 64), 0.0, "float32")


def test_start_written_as_an_exact_quotient(rng):
    """A start that is an exact quotient of a multiple of 32 — k * bK // 2 (packed columns, as upstream's w4a8
    dequantize GEMM addresses its uint8 weights), (by * 96) // 3, (k * bK + bK) // 2 - bK // 2 — is the tile offset
    it equals; k * 48 // 2 is not a multiple of 32: a shifted read."""
    M, K, bM, bK = 64, 256, 32, 128

    @T.prim_func
    def halves(A: T.Tensor((M, K // 2), "float32"), C: T.Tensor((M, K // 2), "float32")):
        with T.Kernel(K // bK, M // bM, threads=128) as (k, by):
            a = T.alloc_shared((bM, bK // 2), "float32")
            T.copy(A[(by * 96) // 3, k * bK // 2], a)
            T.copy(a, C[by * bM, (k * bK + bK) // 2 - bK // 2])
    A = inputs(rng, (M, K // 2), "float32")
    check(halves, [A], f64(A), 0.0, "float32")

    @T.prim_func
    def quarters(A: T.Tensor((M, K // 2), "float32"), C: T.Tensor((M, K // 2), "float32")):
        with T.Kernel(2, 2, threads=128) as (k, by):
            a = T.alloc_shared((bM, 32), "float32")
            T.copy(A[by * bM, k * 48 // 2], a)
            T.copy(a, C[by * bM, k * 32])
    ref = np.zeros((M, K // 2))
    ref[:, :32] = f64(A)[:, :32]
    ref[:, 32:64] = f64(A)[:, 24:56]
    check(quarters, [A], ref, 0.0, "float32")
