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
* block-sparse attention (example_tilelang_block_sparse_attn.py): its bool mask tensor is a 0/1 tile now; it stops
  at `if block_mask[k] != 0:`, a branch on values read from a tensor at run time (data-dependent control flow,
  issue 14).
"""
import numpy as np
import pytest

from tilelang_tt.errors import TileLangError
from test_upstream_examples import F16, close, randn
from upstream_check import HERE, load


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


def located(err, file, line_text, op, message):
    """err is at the line of `file` whose code is line_text (its first occurrence), column of its first token."""
    lines = open(file).read().splitlines()
    n = next(k for k, line in enumerate(lines, 1) if line.strip() == line_text)
    col = len(lines[n - 1]) - len(lines[n - 1].lstrip()) + 1
    assert (err.op, err.line, err.col) == (op, n, col), str(err)
    assert str(err).startswith(f"{file}:{n}:{col}: error: [{op}] {message}"), str(err)


@pytest.mark.parametrize("M,N,topk,blk_m", [(320, 128, 6, 64), (96, 32, 4, 32)])
def test_topk(rng, M, N, topk, blk_m):
    """(320, 128, 6, 64) is upstream's main(): 320 tokens, 128 experts, top 6, blk_m = 64."""
    mod = load("example_topk")
    logits = rng.random((M, N)).astype(np.float32)
    gates, idx = mod.tl_topk(logits, topk, blk_m=blk_m, threads=128)
    order = np.argsort(-logits, axis=1, kind="stable")[:, :topk]  # logits.topk (distinct values)
    np.testing.assert_array_equal(idx, order)
    close(gates, np.take_along_axis(logits, order, 1), rtol=1.3e-6, atol=1e-5)  # assert_close float32 defaults


@pytest.mark.parametrize("B,H,S,D", [(1, 1, 256, 64), (1, 2, 192, 32)])
def test_block_sparse_attention_stops_at_its_data_dependent_branch(rng, B, H, S, D):
    mod = load("example_tilelang_block_sparse_attn")
    q, k, v = (randn(rng, B, H, S, D, dtype=F16) for _ in range(3))
    ds = -(-S // 64)
    mask = np.tril(np.ones((B, H, ds, ds), bool))
    with pytest.raises(TileLangError) as e:
        mod.blocksparse_flashattn(B, H, S, D, ds, is_causal=True)(q, k, v, mask)
    located(e.value, str(HERE / "example_tilelang_block_sparse_attn.py"), "if block_mask[k] != 0:", "if",
            "a branch on values of block_mask read at run time (data-dependent control flow) is not supported on "
            "tenstorrent yet: the reader would have to read them and forward them to the compute and writer kernels "
            "(issue 14)")
