"""Upstream TileLang examples with blocks smaller than a tile, unchanged but for the imports, on target "tenstorrent"
(the default target; this file sets it for its own tests): their one-row blocks are grouped into 32-row tiles
(tt_block_grouping.h). Checked against numpy references written from the examples' torch references, with the
examples' own tolerances (rtol = atol = 1e-2).

Examples that need more than sub-tile blocks stop at a located error naming the element-wise construct that is
still missing (issue 13, part A: the general element-wise lowering). Those tests pin that the error is no longer
about block shapes and points at the example's line; when that lowering lands they become numerical checks:
  * rms_norm / rms_norm_splitk (blk_m = 1): the in-place update `A_local[i, j] *= A_powsum[i]` of a buffer loaded
    from a global tensor;
  * layernorm forward and per-token fp8 cast (blk_m = 1 / 8): a T.Parallel body of several statements (and fp8).
Chunk cumsum needs T.cumsum and 1-row blocks whose rows are bbh // H, bbh % H (not a linear block offset): not
grouped, not gathered yet.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
from test_upstream_examples import F16, close, f64, randn, softmax
from upstream_check import HERE, load


@pytest.fixture(autouse=True)
def tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("M,N,block_n", [(64, 256, 128), (100, 192, 64)])
def test_online_softmax_default_block_m(rng, M, N, block_n):
    mod = load("online_softmax")  # BLOCK_M = 1 (its default): grouped 32 rows per block
    mod.M, mod.N = M, N
    x = randn(rng, M, N, dtype=F16)
    close(mod.softmax_kernel(x, BLOCK_N=block_n), softmax(f64(x), 1))


def assert_at_nest_of(err, file, store):
    """err is a TileLangError located at the T.Parallel nest whose body is the line containing `store`."""
    lines = open(HERE / file).read().splitlines()
    line = next(n for n, t in enumerate(lines, 1) if store in t) - 1
    assert "T.Parallel" in lines[line - 1]
    assert str(err).startswith(f"{HERE / file}:{line}:"), str(err)


def test_rms_norm_blocks_grouped_needs_in_place_update(rng):
    mod = load("rms_norm")
    a = randn(rng, 64, 256)
    with pytest.raises(tilelang.TileLangError) as e:
        mod.rms_norm.compile(M=64, N=256, blk_m=1)(a)
    assert_at_nest_of(e.value, "rms_norm.py", "A_local[i, j] *= A_powsum[i]")
    assert "buffer A_local is loaded from a global tensor and also written" in str(e.value)


def test_rms_norm_splitk_blocks_grouped_needs_in_place_update(rng):
    mod = load("rms_norm")
    a = randn(rng, 64, 256)
    with pytest.raises(tilelang.TileLangError) as e:
        mod.rms_norm_splitk.compile(M=64, N=256, blk_m=1, blk_k=128)(a)
    assert_at_nest_of(e.value, "rms_norm.py", "A_shared[i, j] *= A_powsum[i]")
    assert "buffer A_shared is loaded from a global tensor and also written" in str(e.value)
