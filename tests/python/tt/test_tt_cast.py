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
