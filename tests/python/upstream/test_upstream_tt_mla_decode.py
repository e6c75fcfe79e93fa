"""Upstream's MLA decode (example_mla_decode.py, copied unchanged but for the imports) on "tenstorrent", split and
combine: the split kernel stores each block's log-sum-exp as a line `glse[bid, hid * VALID_BLOCK_H:…, bz]` (glse
is a tensor stored as lines, infer_tt_vector_layouts.h: each split's heads in tiles of their own), the combine
kernel reads glse one element at a time in scalar code (control data) and the partial outputs as lines
`Output_partial[bz, hid, k, i]` of a 1-D T.Parallel (one row of a tile of the (heads, dim) slices the split kernel
stores), and stores `Output[bz, hid, i]` as lines. The body and tolerance are test_upstream_examples'
(upstream's 1e-4 plus the float16 roundings' bound). pe_dim = 16 (Q_pe blocks of 16 columns) is the sub-tile
block work of issue 13 (3), not run here.
"""
import pytest

import test_upstream_examples as examples


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("B,H,S,D,PE,num_split", [(1, 64, 256, 128, 32, 2), (2, 32, 256, 64, 32, 4)])
def test_mla_decode(rng, B, H, S, D, PE, num_split):
    examples.test_mla_decode(rng, B, H, S, D, PE, num_split)
