"""Upstream's fused-MoE kernels and w4a8 dequantize GEMM (copied unchanged but for the imports) on "tenstorrent",
against the numpy references of test_upstream_more.py with upstream's tolerances, at two shapes each — or the
located error that stops them, with its exact message.

- The shared expert (moe_forward_tilelang_shared: two GEMMs, the SiLU gating fused with the element-wise product,
  a third GEMM) runs.
- The routed experts (moe_forward_tilelang_routed) run: they copy rows from an offset read from the group tensors
  (`m_start = ... + group_offsets[cur_group_idx]`), which the reader gathers by rows and the writers scatter
  (control data, issue 14 item 3).
- Upstream's grouped GEMM runs: its group lookup is control data, its rows at `m_start` are gathered by the reader
  and scattered by the writer.
- The w4a8 GEMM unpacks int4 from uint8 tiles with integer bit operations and multiplies int8 tiles: it stops at
  its first uint8/int8 buffer (integer tiles narrower than int32 have no lowering yet).
"""
import numpy as np
import pytest

from tilelang_tt.errors import TileLangError
import test_upstream_examples as upstream
from test_upstream_examples import f64
import test_upstream_more as more
from test_upstream_more import check_fusedmoe_shared
from upstream_check import load


@pytest.fixture(autouse=True)
def on_tenstorrent(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")


def located(err, example, op, message, source, following=""):
    """err is exactly "[op] message" at the first line of the upstream example file that holds `source` and is
    followed by a line holding `following` (its line, and the column where `source` starts)."""
    assert err.file.endswith(f"{example}.py"), err.file
    lines = open(err.file).read().splitlines() + [""]
    n = next(i for i, line in enumerate(lines[:-1], 1) if source in line and following in lines[i])
    col = lines[n - 1].index(source) + 1
    assert (err.op, err.line, err.col) == (op, n, col), str(err)
    assert err.message == message, err.message


@pytest.mark.parametrize("tokens,d_hidden,d_expert", [(64, 128, 64), (48, 64, 96)])
def test_fusedmoe_shared(rng, tokens, d_hidden, d_expert):
    """Gate and up GEMMs over K = d_hidden, SiLU(gate) * up fused in one T.Parallel (exp2, reciprocal, products),
    the fp16 intermediate written out and read back by the down GEMM of the second T.Kernel."""
    check_fusedmoe_shared(rng, tokens, d_hidden, d_expert)  # measured: errors up to 0.23 of the tolerance


@pytest.mark.parametrize("tokens,d_hidden,d_expert", [(128, 256, 128), (96, 128, 256)])
def test_fusedmoe_shared_upstream_blocks(rng, tokens, d_hidden, d_expert):
    """At the kernel's own defaults (128×128 blocks, threads=256, as main() compiles it); 96 tokens: a partial
    128-row block."""
    check_fusedmoe_shared(rng, tokens, d_hidden, d_expert, blocks={})  # measured: errors up to 0.33 of the tolerance


@pytest.mark.parametrize("tokens,d_hidden,d_expert,n_experts,top_k", [(24, 64, 64, 4, 2), (20, 96, 64, 3, 2)])
def test_fusedmoe_routed_and_combined(rng, tokens, d_hidden, d_expert, n_experts, top_k):
    """The routed experts (test_upstream_more's shapes, host-side grouping, references and upstream's tolerance):
    each block's expert and rows come from the group tensors (control data); the reader gathers the tokens' rows at
    m_start, the first kernel's writer scatters the up-projection's rows, the second kernel scales its rows by
    routed_expert_weights[m_start + i] (a vector the reader reads element by element) and scatters them; the
    combined MoE output (routed rows scatter-added to the shared expert's) against the per-token reference."""
    more.test_fusedmoe_routed_and_combined(rng, tokens, d_hidden, d_expert, n_experts, top_k)


@pytest.mark.parametrize("N,K", [(64, 256), (96, 128)])
def test_dequant_convert_is_located_uint8_error(N, K):
    """The int4 unpacking works on uint8 tiles (shifts, masks, an int8 reinterpret): uint8 tiles are the first
    thing it needs."""
    mod = load("example_dequant_gemm_w4a8")
    with pytest.raises(TileLangError) as e:
        mod._convert_test(N, K, 32, 128, mod.T.int8)
    located(e.value, "example_dequant_gemm_w4a8", "alloc", "buffer B_shared has dtype uint8, which tenstorrent tiles "
            "do not support; use float32, bfloat16, float16, int32 or bool", "T.alloc_shared(B_shared_shape, storage_dtype)")


@pytest.mark.parametrize("M,N,K", [(64, 64, 256), (32, 96, 128)])
def test_dequant_gemm_w4a8_is_located_int8_error(M, N, K):
    """The GEMM's operands are int8 tiles (A, and B once unpacked), accumulated in int32: it stops at its T.gemm,
    naming what the matrix engine lacks (no int8 x int8 -> int32 path)."""
    mod = load("example_dequant_gemm_w4a8")
    with pytest.raises(TileLangError) as e:
        mod.matmul_int8xint4(M, N, K, mod.T.int8, mod.T.int32, mod.T.int32, num_bits=4, block_M=32, block_N=32,
                             block_K=128, num_stages=1, threads=128)
    located(e.value, "example_dequant_gemm_w4a8", "T.gemm", "operand B_dequantize_prev_local has dtype int8: the "
            "tenstorrent matrix engine multiplies and accumulates float tiles only (the SDK's matmul has no int8 x "
            "int8 -> int32 or int32 path, and float products of int32 values are not exact); use float32, bfloat16 "
            "or float16 operands and accumulator", "T.gemm(B_dequantize_prev_local, A_shared, Ct_local, transpose_B=True)")


@pytest.mark.parametrize("sizes,K,N,trans_b", [((64, 100, 30), 64, 128, False), ((33, 70), 96, 64, True)])
def test_grouped_gemm(rng, sizes, K, N, trans_b):
    """Upstream's grouped GEMM (test_upstream_examples' two shapes and inputs): each block finds its group from the
    offset tensors (control data the reader reads and forwards), reads A's rows from `m_start`, a row read at run time
    that is not a multiple of 32 (a row gather: A stored one page per row), B's slice of its group, and stores
    `if i < actual_rows: C[m_start + i, ...]` row by row (a row scatter: compute untilizes the block, the writer
    writes the rows below actual_rows). Tolerance: upstream's 1e-2, plus the matrix engine's reading of float16
    operands (9 mantissa bits of SrcA: up to 2^-10 relative per product, docs/tenstorrent.md "Math") over the K
    products of each element: 2^-10 · (|a| @ |b|)."""
    out, ref, mag = upstream.run_grouped_gemm(rng, sizes, K, N, trans_b)
    err = np.abs(f64(out) - ref)
    assert np.all(err <= 1e-2 + 1e-2 * np.abs(ref) + 2.0**-10 * mag), err.max()
