"""Upstream examples whose control data (values read from tensors) decides what they read and compute, on
"tenstorrent" (issue 14, item 3), against test_upstream_more's numpy references with upstream's tolerances — or the
located error that stops them. Block-sparse attention is in test_upstream_tt_ints.py, grouped GEMM and routed MoE in
test_upstream_tt_moe.py.

- Attention sink (example_mha_sink_fwd_bhsd.py) reads one sink logit per head inside its element-wise code
  (`Sinks[by]`): a control scalar the reader reads before the nest and forwards to compute. Without a window it runs;
  with a window (its second shape) the kernel needs 23 circular buffers, more than 16 of them filled by the reader:
  a located stop at its T.Kernel.
"""
import pytest

import test_upstream_more as more
from tilelang_tt.errors import TileLangError


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("B,H,SQ,SKV,D", [(1, 2, 64, 64, 32), (2, 1, 64, 128, 32)])
def test_attention_sink(rng, B, H, SQ, SKV, D):
    more.test_attention_sink(rng, B, H, SQ, SKV, D, None)


def test_attention_sink_with_a_window_stops_at_its_circular_buffers(rng):
    with pytest.raises(TileLangError) as e:
        more.test_attention_sink(rng, 2, 1, 64, 128, 32, 32)
    assert e.value.op == "T.Kernel" and e.value.file.endswith("example_mha_sink_fwd_bhsd.py"), str(e.value)
    assert e.value.message == ("this kernel needs 23 circular buffers; the device has 32 (16 for inputs): use fewer "
                               "shared/fragment buffers"), e.value.message
