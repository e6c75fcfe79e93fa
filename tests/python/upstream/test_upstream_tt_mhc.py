"""Upstream's DeepSeek mHC post kernel (examples/deepseek_mhc/example_mhc_post.py, copied unchanged but for the
imports) on both targets, against a numpy reference written from its torch reference (mhc_post_ref), at two shapes.

The kernel mixes four operands per token: out[n, o, :] = x[n, :] * post_layer_mix[n, o] + Σ_i comb_res_mix[n, i, o] ·
residual[n, i, :], with hc = 4 mixing streams, a (4, 4) float32 fragment of mixing weights, 1-D fragments for c and
d, a serial loop over i inside the T.Parallel nest, and a grid over `n = T.dynamic("num_tokens")`.

On "interpret" it runs. On "tenstorrent" it stops, located, at its first missing capability: its T.dynamic grid is bound at each call's
sizes, its (4, 4) fragment of mixing weights is padded into a tile, and then `c_local = T.alloc_fragment(hc, ...)`,
a 4-element vector that element-wise code uses, is not whole tiles (one token per block leaves nothing to group).
Further on, the serial loop inside the T.Parallel nest is a
listed stop too (docs/tenstorrent.md's inventory: "a serial loop inside a nest"); it reads a_local[i_hci, i_hco], a
row of the 4×4 fragment broadcast down the rows of the (4, h_blk) block.
"""
import ml_dtypes
import numpy as np
import pytest

from tilelang_tt.errors import TileLangError
from test_upstream_examples import close, f64
from upstream_check import load

BF16 = ml_dtypes.bfloat16
SHAPES = [(4, 1280), (8, 2560)]  # upstream's main(): n = 4096 tokens, h in (1280, 2560, 7168); hc_mult = 4


def mhc_post_inputs(rng, n, h, hc=4):
    """generate_test_data's tensors (x, residual, post_layer_mix, comb_res_mix): standard normal, of its dtypes."""
    return (rng.standard_normal((n, h)).astype(BF16), rng.standard_normal((n, hc, h)).astype(BF16),
            rng.standard_normal((n, hc, 1)).astype(np.float32), rng.standard_normal((n, hc, hc)).astype(np.float32))


def mhc_post_ref(x, residual, post_layer_mix, comb_res_mix):
    """mhc_post_ref: bmm(comb_res_mix.mT, residual) + x[:, None, :] * post_layer_mix, rounded to bfloat16."""
    term2 = np.swapaxes(f64(comb_res_mix), 1, 2) @ f64(residual)
    return (f64(x)[:, None, :] * f64(post_layer_mix) + term2).astype(BF16)


def run_mhc_post(rng, n, h):
    """mhc_post(): the kernel called as upstream's wrapper calls it (out = empty_like(residual), passed last)."""
    mod = load("example_mhc_post")
    x, residual, plm, crm = mhc_post_inputs(rng, n, h)
    out = np.zeros_like(residual)
    mod.mhc_post_tilelang(crm, residual, plm.squeeze(-1), x, out, residual.shape[-2], residual.shape[-1])
    return out, mhc_post_ref(x, residual, plm, crm)


@pytest.mark.parametrize("n,h", SHAPES)
def test_mhc_post_interpret(rng, monkeypatch, n, h):
    """torch.testing.assert_close on bfloat16 outputs: rtol 1.6e-2, atol 1e-5. Both sides round float sums to
    bfloat16 (8 significant bits); sums that differ in their last float32 bits can round one bfloat16 step apart,
    2^-7 relative at most, within the tolerance."""
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "interpret")
    out, ref = run_mhc_post(rng, n, h)
    assert out.dtype == BF16
    close(out, ref, rtol=1.6e-2, atol=1e-5)


@pytest.mark.parametrize("n,h", SHAPES)
def test_mhc_post_tenstorrent_is_located_error(rng, monkeypatch, n, h):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")
    with pytest.raises(TileLangError) as e:
        run_mhc_post(rng, n, h)
    err = e.value
    assert err.file.endswith("example_mhc_post.py"), err.file
    lines = open(err.file).read().splitlines()
    # Its T.dynamic grid is bound at the call's sizes (docs/tenstorrent.md, "Dynamic shapes"); the next stop is its
    # 4-element vector of mixing weights, which no padding serves (a 1-D block used by element-wise code).
    source = "c_local = T.alloc_fragment(hc, T.float32)"
    row = next(i for i, line in enumerate(lines, 1) if source in line)
    assert (err.op, err.line, err.col) == ("alloc", row, lines[row - 1].index("T.alloc_fragment") + 1), str(err)
    assert err.message == ("buffer c_local has 4 elements: on tenstorrent a 1-D block must be a multiple of 32 "
                           "(tile size)"), err.message
