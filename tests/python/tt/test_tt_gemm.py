"""GEMM on target "tenstorrent": bf16 inputs and outputs, a float32 fragment accumulator over a pipelined K loop,
with and without transpose_B; compared with numpy (float64) and with target "interpret".

Bound (tt_check.py): bf16 products are exact in fp32; the fp32 sum of K products errs by at most
K·2^-24·Σ|a||b|; the final rounding to bf16 by 2^-8·|c|.
"""
import json

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import check, f64, gemm_ref, inputs


def matmul(M, N, K, bM, bN, bK, transpose_B=False, dtype="bfloat16", accum_dtype="float32", stages=2):
    B_shape = (N, K) if transpose_B else (K, N)
    B_block = (bN, bK) if transpose_B else (bK, bN)

    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor(B_shape, dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), dtype)
            B_s = T.alloc_shared(B_block, dtype)
            C_l = T.alloc_fragment((bM, bN), accum_dtype)
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=stages):
                T.copy(A[by * bM, k * bK], A_s)
                if transpose_B:
                    T.copy(B[bx * bN, k * bK], B_s)
                else:
                    T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l, transpose_B=transpose_B)
            T.copy(C_l, C[by * bM, bx * bN])
    return gemm


def check_gemm_func(func, M, N, K, tb, rng):
    """Runs GEMM `func` (bf16 A, B and C; B is N×K when tb) on random inputs and checks it against numpy and
    "interpret"; returns the kernel."""
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (N, K) if tb else (K, N), "bfloat16", -1, 1)
    bb = f64(b).T if tb else f64(b)
    ref, accum = gemm_ref(a, bb)
    bound = 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8)
    return check(func, [a, b], ref, bound, "bfloat16", extra_interp=2 * accum)


def check_gemm(rng, M, N, K, bM, bN, bK, tb):
    return check_gemm_func(matmul(M, N, K, bM, bN, bK, tb), M, N, K, tb, rng)


CASES = [
    # M, N, K, bM, bN, bK, transpose_B
    (64, 64, 64, 32, 32, 32, False),      # 2×2 blocks: fewer than the cores
    (100, 72, 80, 64, 64, 32, True),      # nothing a multiple of 32: padded edge tiles in M, N and K
    (600, 300, 96, 32, 32, 32, False),    # 19×10 = 190 blocks: more than the 64 cores
    (256, 256, 64, 128, 128, 32, False),  # 128×128 output blocks: 16 tiles, subblocked to the DST capacity
    (256, 192, 96, 128, 128, 32, True),   # 128×128 blocks with transpose_B and a partial block in N
]


@pytest.mark.parametrize("M,N,K,bM,bN,bK,tb", CASES, ids=["2x2", "padded_tb", "190_blocks", "128x128", "128x128_tb"])
def test_gemm_bf16_fp32_accumulate(rng, M, N, K, bM, bN, bK, tb):
    kernel = check_gemm(rng, M, N, K, bM, bN, bK, tb)
    compute = kernel.get_kernel_source()["kernels/kernel0_compute.cpp"]
    # transpose_B: one tile product at a time (B's tiles of a K index are not consecutive); else matmul_block
    assert ("matmul_init(0, 1, 1)" if tb else "matmul_block_init(0, 1, 0,") in compute  # the 0.81 API (default)
    if bM == 128:
        # 16 output tiles, fp32 DST holds 4 per acquire: subblocks of at most 4 tiles.
        assert "in 1×4 subblocks" in compute


def test_gemm_float32_accumulator_survives_k_steps(rng):
    # K = 512 in 16 steps of 32: the partial sums are kept in a float32 CB between steps. Values that are
    # exact in bf16 and whose products sum exactly in fp32 must give the exact answer.
    M = N = 64
    K = 512
    a = (rng.integers(-4, 5, (M, K)) / 4.0).astype(np.float32).astype(inputs(rng, (1,), "bfloat16").dtype)
    b = (rng.integers(-4, 5, (K, N)) / 4.0).astype(np.float32).astype(a.dtype)
    ref = f64(a) @ f64(b)  # multiples of 1/16 up to 512 in magnitude: exact in fp32 and in bf16 only if small
    kernel = tilelang.compile(matmul(M, N, K, 32, 32, 32), out_idx=-1, target="tenstorrent")
    c = f64(kernel(a, b))
    np.testing.assert_array_equal(c, f64(ref.astype(np.float32).astype(a.dtype)))


def test_gemm_accumulates_in_place_with_packer_l1_accumulation(rng):
    # The float32 accumulator's CB holds one version (plan_tt_cb_depths): each K step pops the partials,
    # reserves the same pages and packs onto them with the packer's L1 accumulation, with no reload into DST.
    kernel = check_gemm(rng, 128, 96, 160, 64, 32, 32, False)
    src = kernel.get_kernel_source()
    compute = src["kernels/kernel0_compute.cpp"]
    assert "pack_reconfig_l1_acc(1);" in compute and "pack_reconfig_l1_acc(0);" in compute
    assert "copy_tile(16, (tl_r" not in compute  # no reload of the partials
    cbs = {c["index"]: c for c in json.loads(src["plan.json"])["programs"][0]["circular_buffers"]}
    assert cbs[16]["format"] == "Float32" and cbs[16]["tiles"] == 2  # one version of the 2×1-tile accumulator


LARGE = [
    # M, N, K, bM, bN, bK, transpose_B: 256×512 / 512×256 output blocks (128 tiles) whose CBs fit L1 only with
    # one version of the accumulator and of the bf16 output block
    (512, 1024, 256, 256, 512, 128, False),
    (300, 700, 200, 256, 512, 128, True),    # ragged in M, N and K
    (1024, 512, 384, 512, 256, 128, False),
]


@pytest.mark.parametrize("M,N,K,bM,bN,bK,tb", LARGE, ids=["256x512", "ragged_tb", "512x256"])
def test_gemm_large_blocks_fit_l1(rng, M, N, K, bM, bN, bK, tb):
    kernel = check_gemm(rng, M, N, K, bM, bN, bK, tb)
    cbs = json.loads(kernel.get_kernel_source()["plan.json"])["programs"][0]["circular_buffers"]
    tiles = bM // 32 * (bN // 32)
    by_format = {(c["format"], c["tiles"]) for c in cbs}
    assert ("Float32", tiles) in by_format and ("Float16_b", tiles) in by_format  # one version each
    assert sum(c["tiles"] * (4096 if c["format"] == "Float32" else 2048) for c in cbs) <= (1464 - 101) * 1024
