"""Casts on target "tenstorrent": T.copy between buffers of different float dtypes — a global tensor into a
fragment of another dtype (the reader fetches in the tensor's format, compute converts), fragment to fragment
(tt.copy_tiles: unpack, pack into the destination CB's format) and fragment to a global tensor of another dtype
(staged through a CB of the tensor's format) — compared with numpy and with target "interpret".

Bounds: none. A widening cast (bf16/f16 → float32) is exact and a narrowing one is the packer's round to nearest
even, which is numpy's (ml_dtypes') rounding; so the reference is the input passed through the same chain of
rounded casts in numpy, and both targets must match it exactly.
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import U, check, f64, inputs, rnd

SHAPES = [(64, 64, 32, 32), (100, 70, 32, 64), (300, 520, 64, 64)]
IDS = ["64x64", "100x70_edge_tiles", "300x520"]


def cast_chain(M, N, bM, bN, src, mid, dst):
    """B (dst) = A (src) copied into a fragment of dtype mid, then into a fragment of dst's dtype, then out."""
    @T.prim_func
    def cast_k(A: T.Tensor((M, N), src), B: T.Tensor((M, N), dst)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_fragment((bM, bN), mid)
            b = T.alloc_fragment((bM, bN), dst)
            T.copy(A[by * bM, bx * bN], a)
            T.copy(a, b)
            T.copy(b, B[by * bM, bx * bN])
    return cast_k


def cast_out(M, N, bM, bN, src, dst):
    """B (dst) = A (src) staged through a shared buffer of A's dtype, then written to a tensor of another dtype."""
    @T.prim_func
    def cast_k(A: T.Tensor((M, N), src), B: T.Tensor((M, N), dst)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), src)
            T.copy(A[by * bM, bx * bN], a)
            T.copy(a, B[by * bM, bx * bN])
    return cast_k


CHAINS = [("float32", "bfloat16", "float32"), ("bfloat16", "float32", "bfloat16"), ("float32", "float32", "bfloat16"),
          ("bfloat16", "bfloat16", "float32"), ("float32", "float16", "float32"), ("float16", "float32", "bfloat16")]


def rounded_chain(A, chain):
    x = f64(A)
    for t in chain[1:]:
        x = rnd(x, t)
    return x


@pytest.mark.parametrize("chain", CHAINS, ids=["-".join(c) for c in CHAINS])
@pytest.mark.parametrize("M,N,bM,bN", SHAPES, ids=IDS)
def test_cast_chain(M, N, bM, bN, chain):
    src, mid, dst = chain
    A = inputs(np.random.default_rng(5), (M, N), src, -3.0, 3.0)
    # The exact result of the chain of round-to-nearest casts; both targets must produce exactly it.
    ref = rounded_chain(A, chain)
    check(cast_chain(M, N, bM, bN, src, mid, dst), [A], ref, 0.0, dst)


@pytest.mark.parametrize("src,dst", [("float32", "bfloat16"), ("bfloat16", "float32"), ("float32", "float16")])
@pytest.mark.parametrize("M,N,bM,bN", SHAPES, ids=IDS)
def test_cast_on_copy_out(M, N, bM, bN, src, dst):
    A = inputs(np.random.default_rng(6), (M, N), src, -3.0, 3.0)
    ref = rnd(A, dst)
    check(cast_out(M, N, bM, bN, src, dst), [A], ref, 0.0, dst)


def per_token_scale(M, N, bM, dtype):
    """Per-token (row) absmax scaling, the first half of a quantizing cast: s = absmax(row) / 127 and
    Q = X / s, so that every row of Q spans [-127, 127]. (The rounding to int8 itself is not supported on the
    target: integer tiles.)"""
    Np = -(-N // 32) * 32

    @T.prim_func
    def scale_k(X: T.Tensor((M, N), dtype), Q: T.Tensor((M, N), dtype), S: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            x = T.alloc_shared((bM, Np), dtype)
            s = T.alloc_fragment((bM,), "float32")
            q = T.alloc_fragment((bM, Np), dtype)
            T.copy(X[bx * bM, 0], x)
            T.reduce_absmax(x, s, dim=1)
            for i in T.Parallel(bM):
                s[i] = s[i] / 127.0
            for i, j in T.Parallel(bM, Np):
                q[i, j] = x[i, j] / s[i]
            T.copy(q, Q[bx * bM, 0])
            T.copy(s, S[bx * bM])
    return scale_k


@pytest.mark.parametrize("dtype", ["bfloat16", "float32"])
@pytest.mark.parametrize("M,N,bM", [(64, 64, 32), (70, 100, 32), (300, 256, 64)],
                         ids=["64x64", "70x100_edge_tiles", "300x256"])
def test_per_token_absmax_scaling(M, N, bM, dtype):
    # Bounds: absmax is exact for bf16 and within 2^-9 for float32 (reduce_tile's 9-bit operands,
    # test_tt_reduce.py); s = absmax/127 on the SFPU adds 2^-23. Q = x / s reads s through the column broadcast
    # (9 bits: 2^-9, plus the float32 absmax error again) and is rounded to its dtype (u). Reference in float64.
    import tilelang_tt as tilelang
    from tt_check import assert_within
    X = inputs(np.random.default_rng(8), (M, N), dtype, -3.0, 3.0)
    x = f64(X)
    s_ref = np.abs(x).max(axis=1) / 127.0
    q_ref = x / s_ref[:, None]
    F = 2.0**-9
    s_bound = ((F if dtype == "float32" else 0.0) + 2.0**-23) * s_ref
    q_bound = (2 * F + 2.0**-22 + U[dtype]) * np.abs(q_ref)
    f = per_token_scale(M, N, bM, dtype)
    outs = {}
    for target in ("tenstorrent", "interpret"):
        q, s = tilelang.compile(f, out_idx=[1, 2], target=target)(X)
        assert_within(s, s_ref, s_bound, f"scale on {target} vs numpy")
        assert_within(q, q_ref, q_bound, f"Q on {target} vs numpy")
        outs[target] = (q, s)
    assert_within(outs["tenstorrent"][0], outs["interpret"][0], 2 * q_bound, "Q: tenstorrent vs interpret")
    assert_within(outs["tenstorrent"][1], outs["interpret"][1], 2 * s_bound, "scale: tenstorrent vs interpret")
