"""Transposing reads and stores of global tensors (tt_permutation.h), on both targets against numpy, and the grouping
of one-row blocks that are columns of their tensor's tiles (tt_block_grouping.h), which produces them.

`L[i, j] = X[r0 + j, c0 + i]` reads X's block of C rows × R columns into the R×C block L transposed (tile reads, then
transpose_wh per tile); `Y[r0 + j, c0 + i] = L[i, j]` stores it back the same way. A block `G[b, s0:s0 + 64, h]`
copied into a (1, 64) buffer is a column of G's (S, H) tiles: 32 consecutive heads are grouped into one 32×64
block read as G's 64×32 block transposed. The kernels only move and scale values: float32 is exact, bfloat16 rounds
once per operation (U), so a misplaced or untransposed element shows as a wrong value.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import U, check, f64, inputs


def transpose_through(M, N, bM, bN, dtype):
    """Y (M×N) = 2·X (M×N), each (bM × bN) block read transposed into a (bN × bM) fragment and stored back
    transposed; Z (N×M) = the fragment as it is (Xᵀ), stored in place."""
    @T.prim_func
    def transpose_through_k(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype), Z: T.Tensor((N, M), dtype)):
        with T.Kernel(N // bN, M // bM, threads=128) as (bx, by):
            L = T.alloc_fragment((bN, bM), dtype)
            L2 = T.alloc_fragment((bN, bM), dtype)
            for i, j in T.Parallel(bN, bM):
                L[i, j] = X[by * bM + j, bx * bN + i]
            for i, j in T.Parallel(bN, bM):
                L2[i, j] = L[i, j] * 2.0
            for i, j in T.Parallel(bN, bM):
                Y[by * bM + j, bx * bN + i] = L2[i, j]
            T.copy(L, Z[bx * bN, by * bM])
    return transpose_through_k


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_transposing_global_reads_and_stores(dtype):
    M, N = 128, 96
    X = inputs(np.random.default_rng(31), (M, N), dtype)
    func = transpose_through(M, N, 64, 32, dtype)
    for target in ("tenstorrent", "interpret"):
        kernel = tilelang.compile(func, out_idx=[1, 2], target=target)
        Y, Z = kernel(X)
        np.testing.assert_array_equal(f64(Y), f64(X) * 2.0)  # exact: a scaling by 2
        np.testing.assert_array_equal(f64(Z), f64(X).T)
    tt = tilelang.compile(func, out_idx=[1, 2], target="tenstorrent")
    assert dict(tt.backend.ir_after)["tensorize_tt"].count('"tt.transpose_tiles"') == 2


def column_blocks(B, S, H, dtype):
    """Upstream chunk cumsum's default layout without the cumsum: each block scales one (1, 64) chunk of one head,
    G[bb, s0:s0 + 64, bh] (a column of G's (S, H) tiles), `bb, bh = bbh // H, bbh % H`."""
    @T.prim_func
    def column_blocks_k(G: T.Tensor((B, S, H), dtype), G_new: T.Tensor((B, S, H), dtype)):
        with T.Kernel(T.ceildiv(S, 64), B * H, threads=128) as (bs, bbh):
            bb, bh = bbh // H, bbh % H
            G_s = T.alloc_shared((1, 64), dtype)
            G_f = T.alloc_fragment((1, 64), dtype)
            T.copy(G[bb, bs * 64:(bs + 1) * 64, bh], G_s)
            for i, j in T.Parallel(1, 64):
                G_f[i, j] = G_s[i, j] * 3.0 - 1.0
            T.copy(G_f, G_new[bb, bs * 64:(bs + 1) * 64, bh])
    return column_blocks_k


@pytest.mark.parametrize("B,S,H,dtype", [(2, 128, 32, "float32"), (1, 192, 64, "bfloat16")])
def test_grouped_column_blocks(B, S, H, dtype):
    G = inputs(np.random.default_rng(32), (B, S, H), dtype)
    ref = f64(G) * 3.0 - 1.0
    tt = check(column_blocks(B, S, H, dtype), [G], ref, 2 * U[dtype] * (np.abs(f64(G)) * 3 + 1), dtype)
    ir = dict(tt.backend.ir_after)["infer_tt_schedule"]
    assert 'attr "tt.grouped.1" = "32"' in ir and "G_s: shared " + dtype + "[32, 64]" in ir, ir[:3000]


def transpose_bare(M, N, dtype):
    """The bare forms over a whole tensor: L[j, i] = X[i, j] (the local block's indices swapped) and
    Y[j, i] = L[i, j]; Y = X + 1."""
    @T.prim_func
    def transpose_bare_k(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(1, threads=128) as bx:
            L = T.alloc_fragment((N, M), dtype)
            L2 = T.alloc_fragment((N, M), dtype)
            for i, j in T.Parallel(M, N):
                L[j, i] = X[i, j]
            for i, j in T.Parallel(N, M):
                L2[i, j] = L[i, j] + 1.0
            for i, j in T.Parallel(N, M):
                Y[j, i] = L2[i, j]
    return transpose_bare_k


def test_transposing_bare_indices():
    X = inputs(np.random.default_rng(33), (64, 96), "float32")
    ref = f64(X) + 1.0
    check(transpose_bare(64, 96, "float32"), [X], ref, U["float32"] * np.abs(ref), "float32")
