"""Copies from global tensors whose region starts off a tile boundary (a row or column offset that is not a multiple
of 32), on both targets: the tenstorrent reader reads the tiles that cover the region and moves the elements into
the block's tiles in L1 (tt.read_shifted, docs/tenstorrent.md). 1-D and 2-D regions at offsets 1, 7, 16 and 33 in
rows and columns, float32 and bfloat16, 3-D slices and regions read by a T.Parallel nest.

A copy moves elements without arithmetic: results are exact (bound 0) against numpy.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.tenstorrent import annotate_tt_layout
from tt_check import assert_error_at, check, f64, inputs

FILE = __file__
OFFSETS = [1, 7, 16, 33]


def shifted(x, dy, dx, rows, cols):
    """rows×cols array whose (i, j) is x[i + dy, j + dx], 0 outside x."""
    out = np.zeros((rows, cols))
    ys, xs = np.arange(rows)[:, None] + dy, np.arange(cols)[None, :] + dx
    inside = (ys >= 0) & (ys < x.shape[0]) & (xs >= 0) & (xs < x.shape[1])
    out[inside] = x[np.clip(ys, 0, x.shape[0] - 1), np.clip(xs, 0, x.shape[1] - 1)][inside]
    return out


def read_2d(M, N, bM, bN, dy, dx, dtype):
    # Block (by, bx) of C is the block of A at (by·bM + dy, bx·bN + dx): the last blocks run past A (zeros).
    @T.prim_func
    def read_2d(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), dtype)
            T.copy(A[by * bM + dy, bx * bN + dx], a)
            T.copy(a, C[by * bM, bx * bN])
    return read_2d


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("dy,dx", [(d, 0) for d in OFFSETS] + [(0, d) for d in OFFSETS] + [(7, 33), (33, 1)],
                         ids=lambda v: str(v))
def test_read_2d_off_tile(dy, dx, dtype, rng):
    M, N, bM, bN = 96, 128, 64, 64  # 2×2 tile blocks: the moved elements cross tiles inside a block too
    A = inputs(rng, (M, N), dtype)
    check(read_2d(M, N, bM, bN, dy, dx, dtype), [A], shifted(f64(A), dy, dx, M, N), 0.0, dtype)


def read_1d(N, bN, d, dtype):
    @T.prim_func
    def read_1d(A: T.Tensor((N,), dtype), C: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, bN), threads=128) as bx:
            a = T.alloc_shared((bN,), dtype)
            T.copy(A[bx * bN + d], a)
            T.copy(a, C[bx * bN])
    return read_1d


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("d", OFFSETS)
def test_read_1d_off_tile(d, dtype, rng):
    N, bN = 192, 64
    A = inputs(rng, (N,), dtype)
    check(read_1d(N, bN, d, dtype), [A], shifted(f64(A)[None, :], 0, d, 1, N)[0], 0.0, dtype)


def test_read_vector_per_row_off_tile(rng):
    """A 1-D region read as a per-row vector (lse-style: o[i, j] = x[i, j] - v[i]) at row offset 7; float32
    vectors are spread across their tiles by the reader (tl_broadcast_tiles) after the shift."""
    M, N, bM, d = 96, 64, 32, 7

    @T.prim_func
    def sub_rows(X: T.Tensor((M, N), "float32"), V: T.Tensor((M + d,), "float32"),
                 O: T.Tensor((M, N), "float32")):
        with T.Kernel(M // bM, threads=128) as by:
            x = T.alloc_shared((bM, N), "float32")
            v = T.alloc_shared((bM,), "float32")
            o = T.alloc_fragment((bM, N), "float32")
            T.copy(X[by * bM, 0], x)
            T.copy(V[by * bM + d], v)
            for i, j in T.Parallel(bM, N):
                o[i, j] = x[i, j] - v[i]
            T.copy(o, O[by * bM, 0])
    X, V = inputs(rng, (M, N), "float32"), inputs(rng, (M + d,), "float32")
    ref = f64(X) - f64(V)[d:d + M, None]
    # one float32 subtraction, rounded once: half an ulp of the result
    check(sub_rows, [X, V], ref, np.abs(ref) * 2.0 ** -24, "float32")


def test_read_3d_slice_off_tile(rng):
    """A (seq, dim) block of a [batch, seq, heads, dim] tensor at row offset 16: rows past the slice are 0, never
    the next head's."""
    B, S, H, D, bS = 2, 80, 2, 64, 32

    @T.prim_func
    def heads(Q: T.Tensor((B, S, H, D), "float32"), O: T.Tensor((B, S, H, D), "float32")):
        with T.Kernel(T.ceildiv(S, bS), H, B, threads=128) as (bx, by, bz):
            q = T.alloc_shared((bS, D), "float32")
            T.copy(Q[bz, bx * bS + 16:bx * bS + 16 + bS, by, :], q)
            T.copy(q, O[bz, bx * bS:(bx + 1) * bS, by, :])
    Q = inputs(rng, (B, S, H, D), "float32")
    ref = np.zeros((B, S, H, D))
    ref[:, :S - 16] = f64(Q)[:, 16:]
    check(heads, [Q], ref, 0.0, "float32")


def test_parallel_read_off_tile(rng):
    """A T.Parallel nest that reads a global tensor at a block offset plus 33 rows and 1 column."""
    M, N, bM, bN = 96, 96, 32, 32

    @T.prim_func
    def add_shifted(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // bN, M // bM, threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                C[by * bM + i, bx * bN + j] = A[by * bM + 33 + i, bx * bN + 1 + j] * 2.0
    A = inputs(rng, (M, N), "float32")
    check(add_shifted, [A], 2.0 * shifted(f64(A), 33, 1, M, N), 0.0, "float32")


def write_2d(M, N, bM, bN, dy, dx, dtype):
    # The block of A at (0, 0) is stored at (dy, dx) of C, an in-place argument: only the block's elements change.
    # The offset does not depend on the block index (test_store_at_block_dependent_offset_is_located_error).
    @T.prim_func
    def write_2d(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((bM, bN), dtype)
            T.copy(A[0, 0], a)
            T.copy(a, C[dy, dx])
    return write_2d


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("dy,dx", [(d, 0) for d in OFFSETS] + [(0, d) for d in OFFSETS] + [(7, 33)],
                         ids=lambda v: str(v))
def test_write_2d_off_tile(dy, dx, dtype, rng):
    """A store at (dy, dx) rewrites the covering tiles with a mask: C's other elements keep their values (C is
    an in-place argument holding random data), elements past C are dropped."""
    M, N, bM, bN = 96, 128, 64, 64
    A, C0 = inputs(rng, (M, N), dtype), inputs(rng, (M, N), dtype)
    ref = f64(C0).copy()
    h, w = min(bM, M - dy), min(bN, N - dx)
    ref[dy:dy + h, dx:dx + w] = f64(A)[:h, :w]
    func = write_2d(M, N, bM, bN, dy, dx, dtype)
    for target in ("tenstorrent", "interpret"):
        C = C0.copy()
        tilelang.compile(func, target=target)(A, C)
        assert np.array_equal(f64(C), ref), target


def test_write_1d_off_tile_in_serial_loop(rng):
    """A 1-D store at k * 64 + 7 inside a serial loop of one block: the blocks' own stores, one after another."""
    N, bN, d = 256, 64, 7

    @T.prim_func
    def write_1d(A: T.Tensor((N,), "float32"), C: T.Tensor((N,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((bN,), "float32")
            for k in T.serial(N // bN):
                T.copy(A[k * bN], a)
                T.copy(a, C[k * bN + d])
    A, C0 = inputs(rng, (N,), "float32"), inputs(rng, (N,), "float32")
    ref = f64(C0).copy()
    ref[d:] = f64(A)[:N - d]
    for target in ("tenstorrent", "interpret"):
        C = C0.copy()
        tilelang.compile(write_1d, target=target)(A, C)
        assert np.array_equal(f64(C), ref), target


def test_store_at_block_dependent_offset_is_located_error():
    """A store off tile boundaries at an offset that depends on the block index: neighbouring blocks share the
    covering tiles, and a read-modify-write of each would lose the other's elements."""
    @T.prim_func
    def store(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            a = T.alloc_shared((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], a)
            T.copy(a, C[by * 32 + 7, bx * 32])  # S1
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(store, out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, FILE, "S1", "T.copy", "T.copy",
                    "the region of C starts off a tile boundary at by * 32 + 7, which depends on the block "
                    "indices: on tenstorrent the writer stores it by rewriting the tiles that cover it, and the "
                    "blocks of other block indices write other elements of the same tiles at the same time; store "
                    "regions that start at multiples of 32")


def test_read_bfp8_b_off_tile_is_located_error():
    """bfp8_b tiles share one exponent per 16 elements of a face row: the reader cannot move their elements."""
    @T.prim_func
    def read_bfp8(A: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            a = T.alloc_shared((32, 32), "bfloat16")
            T.copy(A[by * 32 + 1, bx * 32], a)  # B1
            T.copy(a, C[by * 32, bx * 32])
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(annotate_tt_layout(read_bfp8, {"A": {"format": "bfp8_b"}}), out_idx=-1,
                         target="tenstorrent")
    assert_error_at(e.value, FILE, "B1", "T.copy", "T.copy",
                    "the region of A starts off a tile boundary and A is stored as bfp8_b, whose tiles share "
                    "exponents per row of 16: tenstorrent cannot move its elements between tiles; start the "
                    "region at a multiple of 32")


@pytest.mark.parametrize("H", [3, 40])
def test_read_one_row_of_3d_at_block_index(H, rng):
    """Upstream attention backward's lse/Delta reads: lse[bz, by, k * bN:(k + 1) * bN] of a [batch, heads, seq]
    tensor is row `by` of slice bz — off a tile boundary for every head but multiples of 32 — read as a row
    vector: o[i, j] = x[i, j] - lse[j] (float32 vectors are spread over their tiles by the reader)."""
    B, S, M, bN = 2, 128, 32, 64

    @T.prim_func
    def sub_lse(X: T.Tensor((M, S), "float32"), L: T.Tensor((B, H, S), "float32"),
                O: T.Tensor((B, H, M, S), "float32")):
        with T.Kernel(H, B, threads=128) as (by, bz):
            x = T.alloc_shared((M, bN), "float32")
            lse = T.alloc_shared((bN,), "float32")
            o = T.alloc_fragment((M, bN), "float32")
            for k in T.serial(S // bN):
                T.copy(X[0, k * bN], x)
                T.copy(L[bz, by, k * bN:(k + 1) * bN], lse)
                for i, j in T.Parallel(M, bN):
                    o[i, j] = x[i, j] - lse[j]
                T.copy(o, O[bz, by, 0:M, k * bN:(k + 1) * bN])
    X, L = inputs(rng, (M, S), "float32"), inputs(rng, (B, H, S), "float32")
    ref = f64(X)[None, None] - f64(L)[:, :, None, :]
    check(sub_lse, [X, L], ref, np.abs(ref) * 2.0 ** -24, "float32")


@pytest.mark.parametrize("target", ["interpret", "tenstorrent"])
def test_parallel_store_off_tile_is_a_row_scatter(target, rng):
    """A T.Parallel nest's store into a global tensor off tile boundaries (rows i + 7): the writer stores its rows one
    by one (the row scatter of control data, docs/tenstorrent.md), exactly."""
    @T.prim_func
    def store(A: T.Tensor((64, 64), "float32"), C: T.Tensor((96, 64), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i, j in T.Parallel(64, 64):
                C[i + 7, j] = A[i, j]
    A = inputs(rng, (64, 64), "float32")
    C = tilelang.compile(store, out_idx=-1, target=target)(A)
    np.testing.assert_array_equal(np.asarray(C)[7:71], A)


def row_into_vector(M, N, row):
    # One row of a 2-D tensor (a fixed row, or the block index's) copied into a 1-D fragment, doubled, stored.
    @T.prim_func
    def row_into_vector(A: T.Tensor((M, N), "float32"), B: T.Tensor((N,), "float32")):
        with T.Kernel(1) as bx:
            t = T.alloc_fragment((N,), "float32")
            T.copy(A[bx if row is None else row, :], t)
            for i in T.Parallel(N):
                t[i] = t[i] * 2
            T.copy(t, B)
    return row_into_vector


@pytest.mark.parametrize("row", [None, 3, 33])
def test_row_of_2d_into_vector(row, rng):
    # (a branch once saw this deadlock: the reader's shifted read pushed nothing into the vector's CB)
    A = inputs(rng, (64, 64), "float32")
    check(row_into_vector(64, 64, row), [A], 2 * f64(A)[0 if row is None else row], 0.0, "float32")
