"""Upstream TileLang examples (copied unchanged but for the imports) whose T.atomic_add stopped them on "tenstorrent",
run there (lower_tt_atomics: a workspace of partials plus a combine kernel) against the numpy references of
test_upstream_examples.py with upstream's tolerance (torch.testing.assert_close's rtol = atol = 1e-2).
"""
import numpy as np
import pytest

from test_upstream_examples import close, f64, randn
from upstream_check import load

F16 = np.float16


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("M,N,K,split_k,block", [(128, 128, 256, 4, 64), (64, 192, 128, 2, 64),
                                                 (256, 256, 512, 4, 128)])
def test_gemm_splitk(rng, M, N, K, split_k, block):
    """Each of the split_k blocks of an output block adds its partial product into C with T.atomic_add (the grid
    index bz is absent from C's index). C starts as upstream's zeros; the result is C + A @ B."""
    mod = load("example_tilelang_gemm_splitk")
    a, b = randn(rng, M, K, dtype=F16), randn(rng, K, N, dtype=F16)
    c = np.zeros((M, N), np.float32)
    mod.matmul(a, b, c, block, block, 32, split_k)
    close(c, f64(a) @ f64(b))
