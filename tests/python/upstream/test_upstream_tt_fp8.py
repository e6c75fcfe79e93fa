"""Upstream TileLang's float8 examples (copied unchanged but for the imports) on "tenstorrent", against the numpy
references of test_upstream_examples.py with upstream's tolerances.

Float8 runs by conversion (docs/tenstorrent.md, "Float8"): float8 tensors are bfloat16 tiles of exactly the float8
values on the device, and every value stored into float8 is rounded there (nearest, ties to even, saturating).
  * fp8 GEMM: the operands are exact in bfloat16, the matrix engine's bf16 products at HiFi4 are exact, the
    accumulation is fp32 and the result is rounded once to float8: the reference's own rounding up to fp32
    summation order. Upstream checks 1 − cosine similarity < 1e-3; we check that, and more tightly that every
    element is within one float8 ulp of the reference (a different fp32 sum may cross a rounding boundary).
  * per-token cast: its scale store (a column of a 2-D tensor per block) gives X_amax a vector layout; see the
    tests for the tolerances.
"""
import numpy as np
import pytest

from test_upstream_examples import _per_token_ref, close, f64, randn, run_gemm_fp8
from upstream_check import load


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


def f8_ulp(x, mbits, emin):
    """The spacing of the float8 values around |x| (the subnormal spacing below 2^emin)."""
    e = np.floor(np.log2(np.maximum(np.abs(x), 2.0**emin)))
    return 2.0 ** (e - mbits)


@pytest.mark.parametrize("fp8", ["e4m3", "e5m2"])
@pytest.mark.parametrize("M,N,K", [(128, 128, 128), (256, 128, 192)])
def test_gemm_fp8(rng, fp8, M, N, K):
    c, exact, np_dtype = run_gemm_fp8(rng, fp8, M, N, K)  # upstream's check (1 - cosine similarity < 1e-3)
    assert c.dtype == np_dtype
    mbits, emin = (3, -6) if fp8 == "e4m3" else (2, -14)
    assert np.all(np.abs(f64(c) - f64(exact.astype(np.float32).astype(np_dtype))) <= f8_ulp(exact, mbits, emin))


def _per_token_parts(x, group=128):
    """The exact scales amax / 448 (amax clamped at 1e-4) of each (row, 128-group), and x / scale."""
    m, n = x.shape
    xv = f64(x).reshape(m, -1, group)
    s = np.maximum(np.abs(xv).max(-1), 1e-4) / 448.0
    return s, (xv / s[..., None]).reshape(m, n)


@pytest.mark.parametrize("M,N", [(16, 256), (40, 384)])
def test_per_token_cast_to_fp8(rng, M, N):
    """The scale store `X_amax[row * blk_m + i, row_g_id] = y_s_local[i]` (one column of X_amax per block, chosen
    by the block index) runs: every kernel stores X_amax as lines along its rows, so it gets a vector layout
    (infer_tt_vector_layouts.h) in which each column owns its tiles. blk_m = 8 blocks are grouped 4 to a tile.

    Scales meet upstream's 1e-2 (within 2^-9 relative: the float32 absmax is read through the FPU with 9 mantissa
    bits, docs/tenstorrent.md "Math"). The float8 values: one float8 ulp is 6-12 %, beyond upstream's 1e-2, so a
    scale within 2^-9 may move x / s (within 2^-8 relative, the scale also broadcast through the FPU) across a
    rounding boundary: each value is checked to be one of the roundings of that interval."""
    mod = load("example_per_token_cast_to_fp8")
    x = randn(rng, M, N) * 4
    q, s = mod.per_token_cast_to_fp8(x, 8)
    s_ref, y = _per_token_parts(x)
    close(s, s_ref)  # upstream's torch_assert_close(x_amax, x_amax_ref, rtol=0.01, atol=0.01)
    np.testing.assert_allclose(f64(s), s_ref, rtol=2.0**-9)
    lo = np.clip(y - np.abs(y) * 2.0**-8, -448, 448).astype(np.float32).astype(q.dtype)
    hi = np.clip(y + np.abs(y) * 2.0**-8, -448, 448).astype(np.float32).astype(q.dtype)
    assert np.all((f64(lo) <= f64(q)) & (f64(q) <= f64(hi)))


@pytest.mark.parametrize("M,N", [(16, 256), (40, 384)])
def test_per_token_cast_to_fp8_fp32_exact(rng, M, N):
    """The example's kernel compiled with pass_configs tt.fp32_exact and tt.fp32_exact_broadcast (exact float32
    absmax and scale broadcast, tt_fp32_exact.h): upstream's own check, rtol = atol = 1e-2 on the float8 values and
    on the scales, holds; the scales equal numpy's float32 amax / 448."""
    import tilelang_tt as tilelang
    mod = load("example_per_token_cast_to_fp8")
    x = randn(rng, M, N) * 4
    func, out_idx, _ = mod.per_token_cast_to_fp8.elaborate(x, 8)
    kernel = tilelang.compile(func, out_idx=out_idx, target="tenstorrent",
                              pass_configs={"tt.fp32_exact": True, "tt.fp32_exact_broadcast": True})
    q, s = kernel(x)
    q_ref, s_ref = _per_token_ref(x)
    close(q.astype(np.float32), q_ref.astype(np.float32))
    close(s, s_ref)
    amax = np.maximum(np.abs(x).reshape(M, -1, 128).max(-1), np.float32(1e-4))
    np.testing.assert_array_equal(s, amax / np.float32(448.0))
