"""Upstream's dynamic-shape GEMM (examples/dynamic_shape/example_dynamic.py, unchanged but for the imports) on
"tenstorrent": M, N and K are T.dynamic, the grid is their ceildiv, and one traced kernel serves three sizes per
transpose variant, against numpy (upstream's reference: A @ B after the transposes) with upstream's tolerance
(torch.testing.assert_close, rtol = atol = 1e-2): float16 inputs exact in the fp32 accumulator, one float16 rounding
(2^-11 relative) of the output.

The kernel is lowered at each call's sizes (bind_tt_sizes; docs/tenstorrent.md, "Dynamic shapes"): the test counts
one trace (one JIT kernel) and one lowering per distinct set of sizes.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
from test_upstream_examples import close, f64
from upstream_check import load

F16 = np.float16
SIZES = [(128, 128, 64), (96, 200, 70), (200, 64, 160)]  # whole blocks; tails in M, N and K; tails in M only


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


@pytest.mark.parametrize("trans_A,trans_B", [(False, False), (True, False), (False, True), (True, True)])
def test_dynamic_gemm_three_sizes_one_kernel(rng, trans_A, trans_B):
    mod = load("example_dynamic")
    # The example's own function under a JIT of this test's: its cache holds only this test's kernels.
    matmul = tilelang.jit(mod.matmul_dynamic_mnk.fn)
    args = (64, 64, 32, trans_A, trans_B, "float16", "float16", "float32", 2, 128)  # the example's main()
    for M, N, K in SIZES:
        a = rng.random((K, M) if trans_A else (M, K)).astype(F16)  # torch.rand, as main() draws them
        b = rng.random((N, K) if trans_B else (K, N)).astype(F16)
        c = matmul(a, b, *args)
        close(c, (f64(a).T if trans_A else f64(a)) @ (f64(b).T if trans_B else f64(b)))
    kernels = {id(k): k for k in matmul.cache.values()}
    assert len(kernels) == 1  # traced once
    (kernel,) = kernels.values()
    assert kernel.target == "tenstorrent" and kernel.backend.lowerings == len(SIZES)
