"""T.Pipelined(..., num_stages=n) on target "tenstorrent": the CBs the reader fills inside the loop hold n blocks.

Checked on the emitted program (CB sizes in host.cpp), numerically (GEMM against numpy, bound as in
test_tt_gemm.py), and on the emulator's modeled timeline: the counter cb_peak_pages (the most pages a CB held at
once in modeled time, docs/emulator.md) reaches 2 blocks of A when num_stages >= 2 — the reader had pushed block
k+1 before compute popped block k — and stays at 1 block when num_stages=1, where the reader cannot run ahead.
"""
import re

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from test_tt_gemm import matmul
from tt_check import assert_error_at, assert_within, gemm_ref, inputs


def gemm(M, N, K, bM, bN, bK, stages, loop="pipelined"):
    if loop == "pipelined":
        return matmul(M, N, K, bM, bN, bK, stages=stages)

    @T.prim_func
    def main(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.serial(T.ceildiv(K, bK)):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * bM, bx * bN])
    return main


def cb_pages(host_cpp):
    """CB index → pages, from the emitted host program's CircularBufferConfig calls."""
    out = {}
    for idx, size, page in re.findall(r"CircularBufferConfig\((\d+) \* (\d+), \{\{(\d+),", host_cpp):
        out[int(page)] = int(idx)
    return out


def run(M, N, K, block, stages, rng):
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    kernel = tilelang.compile(gemm(M, N, K, *block, stages), out_idx=-1, target="tenstorrent")
    c = kernel(a, b)
    ref, accum = gemm_ref(a, b)
    assert_within(c, ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8), f"gemm num_stages={stages}")
    return kernel, kernel.backend.last_run["programs"][0]


@pytest.mark.parametrize("stages", [1, 2, 3])
def test_cb_depth_follows_num_stages(stages):
    kernel = tilelang.compile(gemm(128, 128, 256, 64, 64, 64, stages), out_idx=-1, target="tenstorrent")
    pages = cb_pages(kernel.get_kernel_source()["host.cpp"])
    # A_s (CB 0) and B_s (CB 1) are 4 tiles each, fed in the loop: num_stages blocks. The accumulator (CB 16),
    # accumulated in place, holds one version whatever num_stages (plan_tt_cb_depths).
    assert pages[0] == stages * 4 and pages[1] == stages * 4
    assert pages[16] == 4


def test_plain_loop_and_default_stages_keep_double_buffering():
    for func in (gemm(128, 128, 256, 64, 64, 64, 0), gemm(128, 128, 256, 64, 64, 64, 3, loop="serial")):
        pages = cb_pages(tilelang.compile(func, out_idx=-1, target="tenstorrent").get_kernel_source()["host.cpp"])
        assert pages[0] == 8 and pages[1] == 8


def test_reader_runs_ahead_only_with_two_or_more_stages(rng):
    # 512x512x512 in 256x256x32 blocks: 4 blocks on 4 cores, 16 K steps each. A K step's matmul (64 tile products,
    # 70 modeled cycles each at HiFi4) takes longer than the corner core's part of it (its reader reads A's block,
    # its writer B's, 8 tiles each, from DRAM at 30 B/cycle, and multicasts it linked at 22, the calibrated timing
    # model), so compute is the bottleneck and a reader with room runs ahead. A_s is 8 tiles (CB 0).
    times = {}
    for stages in (1, 2, 3):
        _, stats = run(512, 512, 512, (256, 256, 32), stages, rng)
        peak = stats["cb_peak_pages"]["0"]
        times[stages] = stats["modeled_seconds"]
        if stages == 1:
            assert peak == 8, stats["cb_peak_pages"]  # one block: compute pops block k before block k+1 lands
        elif stages == 2:
            assert peak == 16, stats["cb_peak_pages"]  # block k+1 pushed before block k was popped
        else:
            assert peak == 24, stats["cb_peak_pages"]  # two blocks ahead: the CB full
    # Running ahead hides the reader's DRAM latency behind the matmuls.
    assert times[2] < times[1] and times[3] <= times[2], times


def big_blocks(stages, block_K=256):
    # A_s and B_s: 64 bf16 tiles (128 KB) per stage at block_K=256; the float32 accumulator (256 KB, accumulated in
    # place) and the bf16 output block (128 KB, one copy once L1 is short) do not depend on num_stages.
    @T.prim_func
    def big(A: T.Tensor((512, 1024), "bfloat16"), B: T.Tensor((1024, 512), "bfloat16"),
            C: T.Tensor((512, 512), "bfloat16")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            A_s = T.alloc_shared((256, block_K), "bfloat16")
            B_s = T.alloc_shared((block_K, 256), "bfloat16")
            C_l = T.alloc_fragment((256, 256), "float32")
            T.clear(C_l)
            for k in T.Pipelined(1024 // block_K, num_stages=stages):  # stages
                T.copy(A[by * 256, k * block_K], A_s)
                T.copy(B[k * block_K, bx * 256], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * 256, bx * 256])
    return big


def test_l1_overflow_names_the_pipelined_loop():
    # 4 stages need 1408 KB, 3 stages fit: the error points at the loop and says 3.
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(big_blocks(4), out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "stages", "T.Pipelined", "T.Pipelined",
                    "this kernel's circular buffers need 1408 KB of L1 but a wormhole_b0 core has 1363 KB free; buffer "
                    "A_s is fed in this loop with num_stages=4 (4 x 64 tiles = 512 KB): lower num_stages to 3 or less "
                    "(or use smaller blocks)")
    pages = cb_pages(tilelang.compile(big_blocks(3), out_idx=-1, target="tenstorrent").get_kernel_source()["host.cpp"])
    assert pages[0] == pages[1] == 3 * 64


def test_l1_overflow_below_two_stages_asks_for_num_stages_1():
    # 256x512 blocks: 2 stages need 1408 KB, 1 fits. num_stages=0 means 2 stages, so the advice is exactly 1 (not
    # "1 or less": 0 would fail again).
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(big_blocks(2, block_K=512), out_idx=-1, target="tenstorrent")
    assert_error_at(e.value, __file__, "stages", "T.Pipelined", "T.Pipelined",
                    "this kernel's circular buffers need 1408 KB of L1 but a wormhole_b0 core has 1363 KB free; buffer "
                    "A_s is fed in this loop with num_stages=2 (2 x 128 tiles = 512 KB): set num_stages=1 (single "
                    "buffering; 0, the default, means 2 stages) (or use smaller blocks)")
