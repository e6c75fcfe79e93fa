"""Exact int32 reductions (T.reduce_sum / reduce_max / reduce_min of int32 buffers into int32 buffers) on both
targets, against numpy's int32 arithmetic (sums wrap modulo 2^32).

On "tenstorrent" reduce_tile reads floats of at most 19 bits, so each int32 is split into four base-256 digits
(exact in bfloat16; the top one signed) that are reduced separately and recombined on the SFPU in int32
(transform/tt_int_reduce.h). The result must be exact for every int32: the inputs mix INT_MIN, INT_MAX, values
around the digits' boundaries (±2^24, ±2^16, 255, 256, -1, 0) and uniform random int32, and the sums wrap.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang

from test_tt_reduce import reduce_kernel

I32 = np.iinfo(np.int32)


def int_reduce_kernel(M, N, bM, bN, kind, dim, loop):
    """test_tt_reduce's kernel on int32: dim=1 reduces each bM-row block along its rows into m (M,), dim=0 each
    bN-column block along its columns into m (N,); with loop, the block walks the reduced dimension and folds
    into m with clear=False (from the identity of the reduction)."""
    return reduce_kernel(M, N, bM, bN, "int32", kind, dim, loop)


def hard_ints(rng, shape):
    """Random int32 with the edge values scattered in: INT_MIN, INT_MAX and both sides of every digit boundary."""
    a = rng.integers(I32.min, I32.max, size=shape, dtype=np.int64, endpoint=True)
    edges = [I32.min, I32.min + 1, I32.max, I32.max - 1, 0, -1, 1, 255, 256, -256, -257, 65535, 65536, -65536,
             2**24 - 1, 2**24, -2**24, -2**24 - 1, 2**31 - 2**24, -2**31 + 2**24 - 1]
    flat = a.reshape(-1)
    idx = rng.choice(flat.size, size=min(flat.size // 4, 4 * len(edges)), replace=False)
    flat[idx] = np.resize(edges, idx.size)
    return a.astype(np.int32)


def reference(a, kind, dim):
    ax = 1 if dim == 1 else 0
    if kind == "sum":  # int32 arithmetic: modulo 2^32
        return a.astype(np.int64).sum(axis=ax).astype(np.uint64).astype(np.uint32).view(np.int32)
    return getattr(a, kind)(axis=ax)


# (dim, M, N, bM, bN, loop): several tiles along both axes of a block, whole-row/column blocks (clear=True) and
# blocks walking the reduced dimension (clear=False).
SHAPES = [(1, 64, 256, 32, 256, False), (0, 256, 96, 256, 32, False), (1, 64, 192, 64, 64, True),
          (0, 96, 64, 32, 64, True)]


@pytest.mark.parametrize("target", ["tenstorrent", "interpret"])
@pytest.mark.parametrize("kind", ["sum", "max", "min"])
@pytest.mark.parametrize("dim,M,N,bM,bN,loop", SHAPES)
def test_int32_reductions_are_exact(target, kind, dim, M, N, bM, bN, loop):
    rng = np.random.default_rng(13)
    a = hard_ints(rng, (M, N))
    k = tilelang.compile(int_reduce_kernel(M, N, bM, bN, kind, dim, loop), out_idx=-1, target=target)
    out = k(a)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, reference(a, kind, dim))
    if target == "tenstorrent":
        t = sum(p["modeled_seconds"] for p in k.backend.last_run["programs"])
        print(f"int32 {kind} dim={dim} {M}x{N} ({bM}x{bN} blocks{', clear=False' if loop else ''}): "
              f"modeled {t * 1e6:.2f} us")


@pytest.mark.parametrize("kind", ["max", "min"])
def test_int32_extremes_where_every_element_ties_but_one_digit(kind):
    """Rows that agree on every digit but one, at each digit position, and rows of INT_MIN / INT_MAX only: the
    masked passes must keep exactly the candidates of the digits above."""
    rows = []
    for shift in (0, 8, 16, 24):
        base = np.full(64, 0x12345678 - (0x7F << shift) if shift < 24 else -0x1234567, np.int64)
        base[[5, 40]] += np.array([1, 2]) << shift
        rows.append(base)
    rows += [np.full(64, I32.min), np.full(64, I32.max)]
    a = np.concatenate([np.array(rows), np.zeros((32 - len(rows), 64), np.int64)]).astype(np.int32)
    for target in ("tenstorrent", "interpret"):
        out = tilelang.compile(int_reduce_kernel(32, 64, 32, 64, kind, 1, False), out_idx=-1, target=target)(a)
        np.testing.assert_array_equal(out, reference(a, kind, 1), err_msg=target)
