"""Upstream TileLang examples (copied unchanged but for the imports) that need integer or boolean tiles, on
"tenstorrent" (issue 13, item 5): what runs there, and — where the hardware or the compiler lacks something —
the located error that names it.

* top-k (example_topk.py) runs: its int32 tiles (T.fill(expand_max_idx, -1), the index select
  `T.if_then_else(max_val[i] == logits_frag[i, j], j, expand_max_idx[i, j])`), its int32 arg-max
  `T.reduce_max(expand_max_idx, max_idx, dim=1)` (exact: base-256 digits, transform/tt_int_reduce.h), its float32
  `T.reduce_max(logits_frag, max_val)` (exact by default because a comparison reads the result: the kernel selects
  with `max_val[i] == logits_frag[i, j]`, and the comparison reads the broadcast vector exactly), and its stores of
  one column per k, `topk_gates[bx * blk_m + i, k] = max_val[i]` (tt.write_line). Compared as upstream does:
  indices equal, gates with assert_close's float32 defaults, against numpy's top-k (random logits: no ties).
* block-sparse attention (example_tilelang_block_sparse_attn.py) runs: its bool mask tensor is read by the reader
  (a bfloat16 0/1 tensor on the device), which decides `if block_mask[k] != 0:` and forwards the decision to the
  compute kernel (control data, issue 14 item 3; lower_tt_control_data, forward_tt_control).
"""
import numpy as np
import pytest

import test_upstream_examples as upstream
from test_upstream_examples import close
from upstream_check import load


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("M,N,topk,blk_m", [(320, 128, 6, 64), (96, 32, 4, 32)])
def test_topk(rng, M, N, topk, blk_m):
    """(320, 128, 6, 64) is upstream's main(): 320 tokens, 128 experts, top 6, blk_m = 64."""
    mod = load("example_topk")
    logits = rng.random((M, N)).astype(np.float32)
    gates, idx = mod.tl_topk(logits, topk, blk_m=blk_m, threads=128)
    order = np.argsort(-logits, axis=1, kind="stable")[:, :topk]  # logits.topk (distinct values)
    np.testing.assert_array_equal(idx, order)
    close(gates, np.take_along_axis(logits, order, 1), rtol=1.3e-6, atol=1e-5)  # assert_close float32 defaults


@pytest.mark.parametrize("B,H,S,D,topk", [(1, 1, 256, 64, 2), (1, 2, 192, 32, 1)])
def test_block_sparse_attention(rng, B, H, S, D, topk):
    """Upstream's causal block-sparse attention at test_upstream_examples' two shapes, with its mask construction
    and numpy reference and upstream's tolerance (1e-2): its `if block_mask[k] != 0:` reads the mask row that
    T.copy(BlockSparseMask[bz, by, bx, :], block_mask) names, in the reader, which forwards each decision to the
    compute kernel (forward_tt_control)."""
    upstream.test_block_sparse_attention(rng, B, H, S, D, topk)
