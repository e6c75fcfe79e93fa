"""Upstream TileLang examples with blocks smaller than a tile, unchanged but for the imports, on target "tenstorrent"
(the default target; this file sets it for its own tests): their one-row blocks are grouped into 32-row tiles
(tt_block_grouping.h). Checked against numpy references written from the examples' torch references, with the
examples' own tolerances (rtol = atol = 1e-2).

rms_norm / rms_norm_splitk run at their default blk_m = 1 (grouped, with the in-place update the general
element-wise lowering gives). Per-token fp8 cast needs float8 tiles (not yet). Chunk cumsum (blocks
whose rows are bbh // H, bbh % H) is in test_upstream_tt_cumsum.py.
"""
import numpy as np
import pytest

from test_upstream_examples import F16, close, f64, randn, softmax
from upstream_check import load


@pytest.fixture(autouse=True)
def tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("M,N,block_n", [(64, 256, 128), (100, 192, 64)])
def test_online_softmax_default_block_m(rng, M, N, block_n):
    mod = load("online_softmax")  # BLOCK_M = 1 (its default): grouped 32 rows per block
    mod.M, mod.N = M, N
    x = randn(rng, M, N, dtype=F16)
    close(mod.softmax_kernel(x, BLOCK_N=block_n), softmax(f64(x), 1))


def _rms_ref(a):
    a = f64(a)
    return a / np.sqrt((a * a).mean(-1, keepdims=True) + 1e-12)


@pytest.mark.parametrize("M,N", [(64, 256), (100, 384)])
def test_rms_norm_default_block_m(rng, M, N):
    """Both kernels at upstream's default blk_m = 1: one-row blocks grouped into 32-row tiles, and the in-place
    update `A_local[i, j] *= A_powsum[i]` of a buffer loaded from the global tensor (100 rows: a partial last group
    in the tile padding)."""
    mod = load("rms_norm")
    a = randn(rng, M, N)
    close(mod.rms_norm.compile(M=M, N=N, blk_m=1)(a), _rms_ref(a))
    close(mod.rms_norm_splitk.compile(M=M, N=N, blk_m=1, blk_k=128)(a), _rms_ref(a))
