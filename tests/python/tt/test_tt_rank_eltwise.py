"""Element-wise T.Parallel code that indexes tensors of rank 3, 4 and 5 directly (tt_parallel_match.h), and atomics
into such tensors (lower_tt_atomics.h), on both targets against numpy.

A nest reads and stores one 2-D block of one slice of such a tensor, as a T.copy of that region would: the inner
index runs along the last dimension, the outer along one other, every other index (a head, a batch: block indices,
`by // H`, `by % H`) picks the slice; the tensor is tiled by those two dimensions (tt_tensor_layout.h). The kernels
only move, scale and add values: float32 is exact, bfloat16 rounds once per operation (tt_check.py's U), so a
misplaced row, head or slice shows up as a wrong value. Atomic sums of S float32 partials err by S·2^-24 of the sum
of magnitudes on tenstorrent (the combine adds in float32); max is exact.
"""
import pathlib

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import U, assert_error_at, assert_within, check, f64, inputs

THIS = pathlib.Path(__file__).resolve()


def bshd_bias(B, S, H, D, bS, dtype):
    """Y[b, s, h, :] = 2·X[b, s, h, :] + Z[b, s, :]: a 4-D read and store per head and a 3-D read, in one nest, with a
    flattened grid index (b, h) = (by // H, by % H) and a bounds guard for a sequence that is not whole blocks."""
    @T.prim_func
    def bshd_bias_k(X: T.Tensor((B, S, H, D), dtype), Z: T.Tensor((B, S, D), dtype),
                    Y: T.Tensor((B, S, H, D), dtype)):
        with T.Kernel(T.ceildiv(S, bS), B * H, threads=128) as (bx, by):
            b = by // H
            h = by % H
            for i, j in T.Parallel(bS, D):
                if bx * bS + i < S:
                    Y[b, bx * bS + i, h, j] = X[b, bx * bS + i, h, j] * 2.0 + Z[b, bx * bS + i, j]
    return bshd_bias_k


@pytest.mark.parametrize("B,S,H,D,bS,dtype", [(2, 64, 3, 64, 32, "float32"), (1, 70, 2, 32, 64, "bfloat16")],
                         ids=["f32", "bf16_padded_seq"])
def test_eltwise_per_head(B, S, H, D, bS, dtype):
    rng = np.random.default_rng(21)
    X, Z = inputs(rng, (B, S, H, D), dtype), inputs(rng, (B, S, D), dtype)
    ref = f64(X) * 2.0 + f64(Z)[:, :, None, :]
    kernel = check(bshd_bias(B, S, H, D, bS, dtype), [X, Z], ref, U[dtype] * np.abs(ref), dtype)
    attrs = dict(kernel.backend.ir_after)["tensorize_tt"]
    for name in "XYZ":  # (seq, dim) tiles per head
        assert f'attr "tt.tiledim.{name}" = "1"' in attrs, attrs[:2000]


def shd_rows_first(S, H, D):
    """A 3-D [seq, heads, dim] tensor read per head with the rows along dimension 0, stored into [heads, seq, dim]."""
    @T.prim_func
    def shd_k(X: T.Tensor((S, H, D), "float32"), Y: T.Tensor((H, S, D), "float32")):
        with T.Kernel(T.ceildiv(S, 32), H, threads=128) as (bx, by):
            for i, j in T.Parallel(32, D):
                Y[by, bx * 32 + i, j] = X[bx * 32 + i, by, j] - 1.0
    return shd_k


def test_eltwise_layout_change():
    S, H, D = 96, 4, 64
    X = inputs(np.random.default_rng(22), (S, H, D), "float32")
    ref = f64(X).transpose(1, 0, 2) - 1.0
    check(shd_rows_first(S, H, D), [X], ref, U["float32"] * np.abs(ref), "float32")


def columns_off_last(S, H, D):
    @T.prim_func
    def off_last_k(X: T.Tensor((S, H, D), "float32"), Y: T.Tensor((S, H, D), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i, j in T.Parallel(32, 32):
                Y[i, 0, j] = X[j, 0, i] * 2.0  # off-last
    return off_last_k


def test_inner_index_off_the_last_dimension():
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(columns_off_last(32, 2, 32), target="tenstorrent")
    assert_error_at(e.value, THIS, "off-last", "Y[i, 0, j]", "T.Parallel",
                    "global tensor X is indexed by j, 0, i, not by offset + j in its last dimension, offset + i in "
                    "one other and indices free of i and j in the rest; on tenstorrent a T.Parallel nest must be an "
                    "element-wise operation over whole tiles (see docs/tenstorrent.md)")


def atomic_heads(NK, B, S, H, D, bS, op):
    """NK key blocks (grid index bz, absent from O's index) each update O[b, s, h, :] by X[bz, b, s, h, :]: a 4-D
    destination whose blocks collide over bz (a workspace of partials) and are owned through by // H and by % H."""
    atomic = {"add": T.atomic_add, "max": T.atomic_max}[op]

    @T.prim_func
    def atomic_heads_k(X: T.Tensor((NK, B, S, H, D), "float32"), O: T.Tensor((B, S, H, D), "float32")):
        with T.Kernel(T.ceildiv(S, bS), B * H, NK, threads=128) as (bx, by, bz):
            for i, j in T.Parallel(bS, D):
                atomic(O[by // H, bx * bS + i, by % H, j], X[bz, by // H, bx * bS + i, by % H, j])
    return atomic_heads_k


@pytest.mark.parametrize("NK,op", [(3, "add"), (2, "max"), (1, "add")])
def test_atomic_into_4d(NK, op):
    B, S, H, D = 2, 64, 3, 64
    rng = np.random.default_rng(23)
    X, O = inputs(rng, (NK, B, S, H, D), "float32"), inputs(rng, (B, S, H, D), "float32")
    parts = np.concatenate([f64(O)[None], f64(X)])
    ref = parts.sum(0) if op == "add" else parts.max(0)
    bound = (NK + 1) * 2.0**-24 * np.abs(parts).sum(0) if op == "add" else 0.0
    func = atomic_heads(NK, B, S, H, D, 32, op)
    kernels = {target: tilelang.compile(func, target=target) for target in ("tenstorrent", "interpret")}
    for target, kernel in kernels.items():
        out = O.copy()
        kernel(X, out)
        assert_within(out, ref, bound, f"atomic_{op} into a 4-D O on {target}")
    ir = dict(kernels["tenstorrent"].backend.ir_after)["lower_tt_atomics"]
    assert ("partials: the grid indices (bz) collide" in ir) == (NK > 1), ir[:3000]
    assert ("owner: each element has one writer block" in ir) == (NK == 1), ir[:3000]
