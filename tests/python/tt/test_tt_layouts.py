"""Tensors of rank 3 and 4 in any layout (tt_tensor_layout.h, plan.h): each global tensor is tiled along the two
dimensions its kernels slice it by — the last one and the one other dimension a copy's region spans — and the host
program (the emitted one, as export() writes it) tilizes and untilizes it in that order. [batch, seq, heads, dim]
read as (seq, dim) blocks per head is stored as [batch, heads, seq, dim] tiles; [batch, heads, seq, dim] needs no
move. The kernels here only move and scale values (exact in float32, one rounding in bfloat16), so any misplaced
row, head or slice shows up as a wrong value, and the padding of each slice (seq not a multiple of 32) as garbage
or a missing row.
"""
import pathlib

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import U, assert_error_at, check, f64, inputs

THIS = pathlib.Path(__file__).resolve()


def per_head_bshd(B, S, H, D, bS, dtype):
    """Y[b, s, h, :] = 2·X[b, s, h, :] + 1 by (bS, D) blocks of one head: the BSHD layout of upstream attention."""
    @T.prim_func
    def bshd_k(X: T.Tensor((B, S, H, D), dtype), Y: T.Tensor((B, S, H, D), dtype)):
        with T.Kernel(T.ceildiv(S, bS), H, B, threads=128) as (bx, by, bz):
            x = T.alloc_shared((bS, D), dtype)
            y = T.alloc_fragment((bS, D), dtype)
            T.copy(X[bz, bx * bS:(bx + 1) * bS, by, :], x)
            for i, j in T.Parallel(bS, D):
                y[i, j] = x[i, j] * 2.0 + 1.0
            T.copy(y, Y[bz, bx * bS:(bx + 1) * bS, by, :])
    return bshd_k


def per_head_shd(S, H, D, bS, dtype):
    """A 3-D [seq, heads, dim] tensor read per head, written to a [heads, seq, dim] tensor (a layout change)."""
    @T.prim_func
    def shd_k(X: T.Tensor((S, H, D), dtype), Y: T.Tensor((H, S, D), dtype)):
        with T.Kernel(T.ceildiv(S, bS), H, threads=128) as (bx, by):
            x = T.alloc_shared((bS, D), dtype)
            T.copy(X[bx * bS:(bx + 1) * bS, by, :], x)
            T.copy(x, Y[by, bx * bS:(bx + 1) * bS, :])
    return shd_k


def qk_per_head(B, S, H, D, bS):
    """Scores of one head: S_h = Q_h·K_hᵀ with Q, K in BSHD, the output in BHSS (a 4-D GEMM per head)."""
    @T.prim_func
    def qk_k(Q: T.Tensor((B, S, H, D), "bfloat16"), K: T.Tensor((B, S, H, D), "bfloat16"),
             O: T.Tensor((B, H, S, S), "bfloat16")):
        with T.Kernel(T.ceildiv(S, bS), T.ceildiv(S, bS), B * H, threads=128) as (bx, by, bz):
            q = T.alloc_shared((bS, D), "bfloat16")
            k = T.alloc_shared((bS, D), "bfloat16")
            acc = T.alloc_fragment((bS, bS), "float32")
            T.copy(Q[bz // H, by * bS:(by + 1) * bS, bz % H, :], q)
            T.copy(K[bz // H, bx * bS:(bx + 1) * bS, bz % H, :], k)
            T.gemm(q, k, acc, transpose_B=True, clear_accum=True)
            T.copy(acc, O[bz // H, bz % H, by * bS:(by + 1) * bS, bx * bS:(bx + 1) * bS])
    return qk_k


@pytest.mark.parametrize("B,S,H,D,bS,dtype", [(2, 64, 3, 64, 32, "float32"), (1, 70, 2, 32, 64, "bfloat16")],
                         ids=["f32", "bf16_padded_seq"])
def test_bshd_per_head(B, S, H, D, bS, dtype):
    X = inputs(np.random.default_rng(11), (B, S, H, D), dtype)
    ref = f64(X) * 2.0 + 1.0
    kernel = check(per_head_bshd(B, S, H, D, bS, dtype), [X], ref, U[dtype] * np.abs(ref), dtype)
    host = kernel.get_kernel_source()["host.cpp"]
    assert f'{{"X", tl_host::Elem::' in host and f", {S}, false, {H}}}," in host  # slice rows S, then H heads


def test_shd_to_hsd():
    S, H, D = 96, 4, 32
    X = inputs(np.random.default_rng(12), (S, H, D), "float32")
    check(per_head_shd(S, H, D, 32, "float32"), [X], f64(X).transpose(1, 0, 2), 0.0, "float32")


def test_gemm_per_head_bshd():
    B, S, H, D = 1, 64, 2, 64
    rng = np.random.default_rng(13)
    q, k = inputs(rng, (B, S, H, D), "bfloat16", -1, 1), inputs(rng, (B, S, H, D), "bfloat16", -1, 1)
    qh, kh = f64(q).transpose(0, 2, 1, 3), f64(k).transpose(0, 2, 1, 3)
    ref = qh @ kh.transpose(0, 1, 3, 2)
    accum = D * 2.0**-24 * (np.abs(qh) @ np.abs(kh).transpose(0, 1, 3, 2))
    check(qk_per_head(B, S, H, D, 32), [q, k], ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8), "bfloat16",
          extra_interp=2 * accum)


def two_layouts(S, H, D):
    @T.prim_func
    def two_layouts_k(X: T.Tensor((S, H, D), "float32"), Y: T.Tensor((S, H, D), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((32, D), "float32")
            b = T.alloc_shared((32, D), "float32")
            T.copy(X[0:32, 0, :], a)
            T.copy(X[0, 0:32, :], b)  # per-seq-row
            T.copy(a, Y[0:32, 0, :])
    return two_layouts_k


def test_one_tiling_per_tensor():
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(two_layouts(64, 32, 32), target="tenstorrent")
    assert_error_at(e.value, THIS, "per-seq-row", "T.copy", "T.copy",
                    "tensor X is sliced into tiles along dimension 0 elsewhere and along dimension 1 here; "
                    "tenstorrent stores each tensor with one pair of tiled dimensions")
