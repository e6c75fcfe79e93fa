"""Upstream kernels whose blocks are not whole tiles and cannot be grouped into whole tiles, on "tenstorrent"
(tt_padded_blocks.h: such a block lives in the tiles that cover it, its pad zero where an operation needs it):
MLA decode with pe_dim = 16 (Q_pe_shared is 32×16, K_pe_shared 64×16: the second score GEMM's reduction
dimension is one padded tile); convolution with C = 16 channels, fewer than the im2col column block's 32 (each
block of columns is two whole kernel taps, read as runs of 16 channels = 32 bytes). Kernels unchanged but for
imports; references and tolerances are test_upstream_examples' (MLA: upstream's rtol = atol = 1e-4 plus the
float16 roundings of the kernel, derived there; convolution: upstream's 1e-2).
"""
import numpy as np
import pytest

import test_upstream_examples as examples
from test_upstream_examples import _conv_ref, f64, randn
from upstream_check import load

F16 = np.float16


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


# num_split = 1 (main_no_split): upstream's test shape, and one with more heads and keys (two head blocks of 64,
# four key blocks).
@pytest.mark.parametrize("B,H,S,D,PE", [(2, 32, 128, 64, 16), (1, 128, 256, 64, 16)])
def test_mla_decode_pe16(rng, B, H, S, D, PE):
    examples.test_mla_decode(rng, B, H, S, D, PE, 1)


# upstream's test shape (stride 2, no padding, a partial last column block: 3·3·16 = 144 = 4.5 blocks of 32), with
# upstream's tolerance as test_upstream_examples checks it
def test_convolution_c16(rng):
    examples.test_convolution(rng, 1, 16, 9, 7, 32, 3, 2, 1, 0)


def test_convolution_c16_padded_two_batches(rng):
    """Padding 1, two batches, 64 filters (8192 outputs of 144 products each). The matrix engine keeps 9 of a
    float16 operand's 10 mantissa bits (docs/tenstorrent.md, float16 operands): each product is within 2^-10
    relative, so the sum within 2^-10·(|a| ⊛ |b|), added to upstream's rtol = atol = 1e-2 (at this size a few
    outputs of magnitude ~10 miss 1e-2 by that much)."""
    N, C, H, W, F, K, S, D, P = 2, 16, 8, 8, 64, 3, 1, 1, 1
    mod = load("example_convolution")
    a, b = randn(rng, N, H, W, C, dtype=F16), randn(rng, K, K, C, F, dtype=F16)
    ref = _conv_ref(a, b, S, P, D)
    mag = _conv_ref(np.abs(f64(a)), np.abs(f64(b)), S, P, D)
    kernel = mod.convolution.compile(N=N, C=C, H=H, W=W, F=F, K=K, S=S, D=D, P=P, block_M=64, block_N=64,
                                     block_K=32, num_stages=2, threads=128)
    out = f64(kernel(a, b))
    assert out.shape == ref.shape
    bound = 1e-2 + 1e-2 * np.abs(ref) + 2.0**-10 * mag
    assert np.all(np.abs(out - ref) <= bound), np.max(np.abs(out - ref) - bound)
