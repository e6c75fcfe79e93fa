"""Upstream TileLang examples (copied unchanged but for the imports) that need integer or boolean tiles, on
"tenstorrent" (issue 13, item 5): what runs there, and — where the hardware or the compiler lacks something —
the located error that names it.

* top-k (example_topk.py): its int32 tiles work now (T.fill(expand_max_idx, -1), the index select
  `T.if_then_else(max_val[i] == logits_frag[i, j], j, expand_max_idx[i, j])`); it stops at its arg-max,
  `T.reduce_max(expand_max_idx, max_idx, dim=1)`, a reduction of int32 values, which tenstorrent's reduce unit
  cannot do exactly (float operands of at most 19 bits in the matrix engine) and its SFPU has no int32 reduction
  across a tile's rows: the error says so at that line, at both shapes.
* block-sparse attention (example_tilelang_block_sparse_attn.py): its bool mask tensor is a 0/1 tile now; it stops
  at `if block_mask[k] != 0:`, a branch on values read from a tensor at run time (data-dependent control flow,
  issue 14).
"""
import numpy as np
import pytest

from tilelang_tt.errors import TileLangError
from test_upstream_examples import F16, randn
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


@pytest.mark.parametrize("M,N,topk,blk_m", [(64, 32, 4, 32), (96, 128, 6, 32)])
def test_topk_stops_at_its_int32_reduction(rng, M, N, topk, blk_m):
    mod = load("example_topk")
    logits = rng.random((M, N)).astype(np.float32)
    with pytest.raises(TileLangError) as e:
        mod.tl_topk(logits, topk, blk_m=blk_m, threads=128)
    located(e.value, str(HERE / "example_topk.py"), "T.reduce_max(expand_max_idx, max_idx, dim=1, clear=True)",
            "T.reduce_max", "of int32 buffer expand_max_idx is not supported on tenstorrent: its reduce unit "
            "(reduce_tile) works in the matrix engine on float operands of at most 19 bits, which do not hold every "
            "int32 exactly, and the SFPU has no int32 reduction across a tile's rows or columns")


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
