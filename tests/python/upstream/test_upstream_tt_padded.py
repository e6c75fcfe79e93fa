"""Upstream kernels whose blocks are not whole tiles and cannot be grouped into whole tiles, on "tenstorrent"
(tt_padded_blocks.h: such a block lives in the tiles that cover it, its pad zero where an operation needs it):
MLA decode with pe_dim = 16 (Q_pe_shared is 32×16, K_pe_shared 64×16: the second score GEMM's reduction
dimension is one padded tile). Kernels unchanged but for imports; references and tolerance are
test_upstream_examples' (upstream's rtol = atol = 1e-4 plus the float16 roundings of the kernel, derived there).
"""
import pytest

import test_upstream_examples as examples


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


# num_split = 1 (main_no_split): upstream's test shape, and one with more heads and keys (two head blocks of 64,
# four key blocks).
@pytest.mark.parametrize("B,H,S,D,PE", [(2, 32, 128, 64, 16), (1, 128, 256, 64, 16)])
def test_mla_decode_pe16(rng, B, H, S, D, PE):
    examples.test_mla_decode(rng, B, H, S, D, PE, 1)
