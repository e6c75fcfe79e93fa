"""Tensors stored as lines (transform/infer_tt_vector_layouts.h): a block stores a 1-D segment of a global tensor at
a position that depends on the block indices, so that in the ordinary layout the blocks of other block indices
would store other lines of the same tiles at the same time. Such a tensor gets tiles per line (its elements in
column 0 or row 0 of them), on "tenstorrent" and "interpret" alike, compared exactly with numpy: the stored values
are maxima of small integers (exact in float32 and bfloat16, also through the FPU's reads) and copies.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import NP, compile_both, f64


def ints(rng, shape, dtype):
    return rng.integers(-64, 64, shape).astype(np.float32).astype(NP[dtype])


def block_max(x, rows, cols, axis):
    """The maximum over `axis` of each rows x cols block of x (padded with zeros past its end, as the kernels
    read tiles outside a tensor)."""
    m, n = x.shape
    p = np.zeros((-(-m // rows) * rows, -(-n // cols) * cols))
    p[:m, :n] = f64(x)
    b = p.reshape(p.shape[0] // rows, rows, p.shape[1] // cols, cols)
    return b.max(3 if axis == 1 else 1)  # (row blocks, rows, col blocks) or (row blocks, col blocks, cols)


def run_both(func, *args, out_idx=-1):
    tt, interp = compile_both(func, out_idx)
    return tt(*args), interp(*args)


def column_lines(M, G, dtype, store):
    """Each (bx, by) block stores the row maxima of its 32 x 32 block of X into column by of Y (rows bx * 32 …),
    with a guarded 1-D T.Parallel (upstream per-token cast's scale store) or, into Yt's row by, with a T.copy."""

    @T.prim_func
    def column_lines(X: T.Tensor((M, G * 32), dtype), Y: T.Tensor((M, G), dtype), Yt: T.Tensor((G, M), dtype)):
        with T.Kernel(T.ceildiv(M, 32), G) as (bx, by):
            x = T.alloc_shared((32, 32), dtype)
            m = T.alloc_fragment((32,), dtype)
            T.copy(X[bx * 32, by * 32], x)
            T.reduce_max(x, m, dim=1)
            if store == "parallel":
                for i in T.Parallel(32):
                    if bx * 32 + i < M:
                        Y[bx * 32 + i, by] = m[i]
            else:
                T.copy(m, Yt[by, bx * 32:(bx + 1) * 32])
    return column_lines


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("store", ["parallel", "copy"])
@pytest.mark.parametrize("M,G", [(96, 5), (80, 33)])
def test_column_segments_at_block_columns(rng, M, G, dtype, store):
    """G blocks store into the columns of one tile of Y (33: two tile columns); M = 80 ends inside a tile."""
    x = ints(rng, (M, G * 32), dtype)
    y0, yt0 = ints(rng, (M, G), dtype), ints(rng, (G, M), dtype)
    f = column_lines(M, G, dtype, store)
    ref = block_max(x, 32, 32, 1).transpose(0, 1, 2).reshape(-1, G)[:M]  # (row, group) of the row maxima
    for target in ("tenstorrent", "interpret"):
        y, yt = y0.copy(), yt0.copy()
        tilelang.compile(f, out_idx=[], target=target)(x, y, yt)
        if store == "parallel":
            np.testing.assert_array_equal(f64(y), ref, err_msg=target)
            np.testing.assert_array_equal(yt, yt0, err_msg=target)
        else:
            np.testing.assert_array_equal(f64(yt), ref.T, err_msg=target)
            np.testing.assert_array_equal(y, y0, err_msg=target)


def row_lines(M, G, dtype, store):
    """Each (bx, by) block stores the column maxima of its 32 x 32 block of X (a vector of one value per column)
    into row by of Z at columns bx * 32 …: a T.copy, or a 1-D T.Parallel."""

    @T.prim_func
    def row_lines(X: T.Tensor((G * 32, M), dtype), Z: T.Tensor((G, M), dtype)):
        with T.Kernel(M // 32, G) as (bx, by):
            x = T.alloc_shared((32, 32), dtype)
            m = T.alloc_fragment((32,), dtype)
            T.copy(X[by * 32, bx * 32], x)
            T.reduce_max(x, m, dim=0)
            if store == "parallel":
                for i in T.Parallel(32):
                    Z[by, bx * 32 + i] = m[i]
            else:
                T.copy(m, Z[by, bx * 32:(bx + 1) * 32])
    return row_lines


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("store", ["parallel", "copy"])
def test_row_segments_at_block_rows(rng, dtype, store):
    """The 3 blocks of one row of tiles of Z (by = 0 … 2) store their rows at the same time."""
    M, G = 128, 3
    x = ints(rng, (G * 32, M), dtype)
    z, zi = run_both(row_lines(M, G, dtype, store), x)
    ref = block_max(x, 32, 32, 0).reshape(G, M)
    np.testing.assert_array_equal(f64(z), ref)
    np.testing.assert_array_equal(f64(zi), ref)


def lines_then_read(B, S, H, dtype):
    """Kernel 1 stores each head's row maxima as lse-style lines L[b, h, s0:s0 + 32] (BSHD input, upstream
    attention's `lse[bz, by, bx * block_M:…]`); kernel 2 of the same function reads them back as lines into a
    per-row vector and as one element per block in scalar code, and stores X - L[b, h, s] + L[b, h, 0]."""

    @T.prim_func
    def lines_then_read(X: T.Tensor((B, S, H, 32), dtype), L: T.Tensor((B, H, S), dtype),
                        O: T.Tensor((B, S, H, 32), dtype)):
        with T.Kernel(S // 32, H, B) as (bx, by, bz):
            x = T.alloc_shared((32, 32), dtype)
            m = T.alloc_fragment((32,), dtype)
            T.copy(X[bz, bx * 32:(bx + 1) * 32, by, :], x)
            T.reduce_max(x, m, dim=1)
            T.copy(m, L[bz, by, bx * 32:(bx + 1) * 32])
        with T.Kernel(S // 32, H, B) as (bx, by, bz):
            x = T.alloc_shared((32, 32), dtype)
            w = T.alloc_shared((32,), dtype)
            o = T.alloc_fragment((32, 32), dtype)
            first = T.alloc_var(dtype)
            T.clear(first)
            first += L[bz, by, 0]
            T.copy(X[bz, bx * 32:(bx + 1) * 32, by, :], x)
            T.copy(L[bz, by, bx * 32:(bx + 1) * 32], w)
            for i, j in T.Parallel(32, 32):
                o[i, j] = x[i, j] - w[i] + first
            T.copy(o, O[bz, bx * 32:(bx + 1) * 32, by, :])
    return lines_then_read


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_lines_stored_then_read_by_the_next_kernel(rng, dtype):
    B, S, H = 2, 96, 3
    x = ints(rng, (B, S, H, 32), dtype)
    (l, o), (li, oi) = run_both(lines_then_read(B, S, H, dtype), x, out_idx=[1, 2])
    l_ref = f64(x).max(-1).transpose(0, 2, 1)  # (B, H, S)
    o_ref = f64(x) - l_ref.transpose(0, 2, 1)[..., None] + l_ref[:, :, 0][:, None, :, None]
    for got_l, got_o in ((l, o), (li, oi)):
        np.testing.assert_array_equal(f64(got_l), l_ref)
        np.testing.assert_array_equal(f64(got_o), o_ref)


def copy_between_tensors(M, N, src, dst):
    @T.prim_func
    def copy_between_tensors(A: T.Tensor((2, M, 3, N), src), C: T.Tensor((2, M, 3, N), dst)):
        with T.Kernel(M // 64, 3, 2) as (bx, by, bz):
            T.copy(A[bz, bx * 64:(bx + 1) * 64, by, :], C[bz, bx * 64:(bx + 1) * 64, by, :])
    return copy_between_tensors


@pytest.mark.parametrize("src,dst", [("float32", "bfloat16"), ("float32", "float16"), ("bfloat16", "float32")])
def test_copy_between_global_tensors(rng, src, dst):
    """A T.copy from one global tensor into another (upstream attention backward's postprocess): converted to the
    destination's dtype by rounding to nearest, ties to even, as numpy does."""
    a = (rng.standard_normal((2, 128, 3, 64)) * 3).astype(np.float32).astype(NP[src])
    c, ci = run_both(copy_between_tensors(128, 64, src, dst), a)
    np.testing.assert_array_equal(c, a.astype(NP[dst]))
    np.testing.assert_array_equal(ci, a.astype(NP[dst]))


def test_line_store_of_a_tensor_also_read_as_blocks_is_located_error():
    """Y is also read as a 2-D block (by the second kernel): it keeps the ordinary layout, where the column lines of
    the blocks of different by share tiles."""
    from tt_check import assert_error_at

    @T.prim_func
    def lines_and_blocks(X: T.Tensor((64, 64), "float32"), Y: T.Tensor((64, 32), "float32"),
                         Z: T.Tensor((64, 32), "float32")):
        with T.Kernel(2, 2) as (bx, by):
            x = T.alloc_shared((32, 32), "float32")
            m = T.alloc_fragment((32,), "float32")
            T.copy(X[bx * 32, by * 32], x)
            T.reduce_max(x, m, dim=1)
            for i in T.Parallel(32):
                Y[bx * 32 + i, by] = m[i]  # L1
        with T.Kernel(2) as bx:
            y = T.alloc_shared((32, 32), "float32")
            T.copy(Y[bx * 32, 0], y)
            T.copy(y, Z[bx * 32, 0])

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(lines_and_blocks, out_idx=[], target="tenstorrent")
    assert_error_at(e.value, __file__, "L1", "Y", "T.Parallel",
                    "a store into column by of global tensor Y from a 1-D T.Parallel: on tenstorrent the writer "
                    "stores one line of a tile by rewriting the whole tile, and the blocks of another block index "
                    "write other lines of the same tiles at the same time; store into a line that does not depend "
                    "on the block indices, or access Y only as lines along one dimension starting at multiples of "
                    "32 (and as single elements) in every kernel, which gives each line tiles of its own")


def row_vector_columns(M, G, dtype):
    """Each (bx, by) block stores the column maxima of its block of X (a vector of one value per column: its
    values in row 0 of tiles) into column by of W: lines along W's first dimension held as row lines."""

    @T.prim_func
    def row_vector_columns(X: T.Tensor((G * 32, M), dtype), W: T.Tensor((M, G), dtype)):
        with T.Kernel(M // 32, G) as (bx, by):
            x = T.alloc_shared((32, 32), dtype)
            m = T.alloc_fragment((32,), dtype)
            T.copy(X[by * 32, bx * 32], x)
            T.reduce_max(x, m, dim=0)
            for i in T.Parallel(32):
                W[bx * 32 + i, by] = m[i]
    return row_vector_columns


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_row_vectors_stored_down_columns(rng, dtype):
    """The host program moves W's elements (p, s) to row p of its view one by one (plan.h, line_inner)."""
    M, G = 96, 5
    x = ints(rng, (G * 32, M), dtype)
    w, wi = run_both(row_vector_columns(M, G, dtype), x)
    ref = block_max(x, 32, 32, 0).reshape(G, M).T
    np.testing.assert_array_equal(f64(w), ref)
    np.testing.assert_array_equal(f64(wi), ref)


@pytest.mark.parametrize("factory", ["row_vector_columns", "column_lines"])
def test_exported_project_runs_line_layouts(tmp_path, factory):
    """The exported project (the same host program) tilizes and untilizes tensors stored as lines and passes its
    self-check against "interpret": row lines down W's columns (element by element), column lines of Y."""
    from tt_check import run_exported
    f = row_vector_columns(96, 5, "float32") if factory == "row_vector_columns" else \
        column_lines(80, 5, "float32", "parallel")
    k = tilelang.compile(f, out_idx=-1 if factory == "row_vector_columns" else [1, 2], target="tenstorrent")
    r = run_exported(k, str(tmp_path / factory), k.func.name)
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
