"""Multicast GEMM on target "tenstorrent" (transform/plan_tt_multicast.h): an ordinary TileLang GEMM whose A block
depends only on by and B block only on bx runs on a 2-D core grid; the core in column 0 of each core row reads A
from DRAM and multicasts it along the row, the core in row 0 of each column reads B and multicasts it down.
A's sender is the reader kernel, B's the writer kernel: the corner core sends both over its two NOCs.
Results are compared with numpy (float64) and "interpret" (bounds as in test_tt_gemm.py); the emulator's exact
counters show that each operand block is read from DRAM once per core row / column.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
from tilelang_tt.tenstorrent import annotate_tt_schedule
from test_tt_gemm import check_gemm_func, matmul
from tt_check import check, f64, gemm_ref, inputs

TILE = 2048  # bytes of a bf16 tile


def tiles(n):
    return (n + 31) // 32


CASES = [
    # M, N, K, bM, bN, bK, transpose_B, core grid (Cx, Cy)
    (64, 64, 64, 32, 32, 32, False, (2, 2)),          # 2×2 blocks on 2×2 of the 8×8 cores
    (100, 72, 80, 64, 64, 32, True, (2, 2)),          # nothing a multiple of 32, transpose_B
    (300, 200, 96, 32, 32, 32, False, (7, 5)),        # 7×10 blocks: 7×5 cores, 2 blocks each (by-major)
    (96, 1000, 130, 32, 64, 64, True, (8, 3)),        # 16×3 blocks: 8×3 cores, 2 each; K not whole blocks
    (256, 512, 128, 64, 64, 64, False, (8, 4)),       # 8×4 blocks of 2×2 tiles: one block per core
    (600, 330, 64, 32, 32, 32, True, (6, 7)),         # 11×19 blocks (primes): 6×7 cores of 2×3, some outside
]


@pytest.mark.parametrize("M,N,K,bM,bN,bK,tb,cores", CASES,
                         ids=["2x2", "padded_tb", "7x10", "16x3_tb", "8x4", "11x19_prime_tb"])
def test_multicast_gemm(rng, M, N, K, bM, bN, bK, tb, cores):
    f = annotate_tt_schedule(matmul(M, N, K, bM, bN, bK, tb), reuse="multicast")
    kernel = check_gemm_func(f, M, N, K, tb, rng)
    src = kernel.get_kernel_source()
    reader, writer = src["kernels/kernel0_reader.cpp"], src["kernels/kernel0_writer.cpp"]
    # The row operand's sender is the reader (one NOC), the column operand's the writer (the other NOC); both
    # multicast linked (data, then the flag to the same rectangle).
    assert "tl_read_tiles_mcast(tl_row, t_A" in reader and "tl_read_tiles_mcast(tl_col, t_B" in writer
    assert "tl_col" not in reader and "tl_row" not in writer
    assert "get_tile_size(cb), m.receivers, true);" in reader
    assert f"// kernel0: {cores[0]}x{cores[1]} cores" in src["host.cpp"]
    stats = kernel.backend.last_run["programs"][0]
    assert stats["noc_write_bytes_mcast"] > 0 or cores == (1, 1)


def test_auto_chooses_multicast_and_none_turns_it_off(rng):
    M, N, K = 128, 128, 64
    auto = tilelang.compile(matmul(M, N, K, 32, 32, 32), out_idx=-1, target="tenstorrent")
    assert "tl_read_tiles_mcast" in auto.get_kernel_source()["kernels/kernel0_reader.cpp"]
    off = annotate_tt_schedule(matmul(M, N, K, 32, 32, 32), reuse="none")
    kernel = check_gemm_func(off, M, N, K, False, rng)
    assert not any("tl_read_tiles_mcast" in v for v in kernel.get_kernel_source().values())
    assert kernel.backend.last_run["programs"][0]["noc_write_bytes_mcast"] == 0


@pytest.mark.parametrize("M,N", [(2048, 32), (600, 330)], ids=["one_column", "11x19"])
def test_auto_falls_back_when_the_grid_does_not_fit(rng, M, N):
    # One column of 64 blocks: 8 blocks on each of 8 cores, where the plain schedule runs one on each of 64.
    # 11×19 blocks: 2×3 on each of 6×7 cores, where the plain schedule runs at most 4 on each of 64.
    kernel = check_gemm_func(matmul(M, N, 64, 32, 32, 32), M, N, 64, False, rng)
    assert not any("tl_read_tiles_mcast" in v for v in kernel.get_kernel_source().values())


@pytest.mark.parametrize("M,N,K,bM,bN,bK", [(256, 256, 128, 64, 64, 32), (64, 512, 96, 32, 32, 32),
                                             (600, 330, 64, 32, 32, 32)],
                         ids=["one_block_per_core", "2_blocks_per_core", "padded_core_grid"])
def test_each_operand_block_is_read_from_dram_once_per_core_row_and_column(rng, M, N, K, bM, bN, bK):
    f = annotate_tt_schedule(matmul(M, N, K, bM, bN, bK), reuse="multicast")
    kernel = check_gemm_func(f, M, N, K, False, rng)
    gx, gy = -(-N // bN), -(-M // bM)
    sx, sy = -(-gx // 8), -(-gy // 8)  # blocks per core along x / y: the fewest on the 8×8 cores
    cx, cy = -(-gx // sx), -(-gy // sy)  # cores: cx·sx ≥ gx; blocks beyond the grid read and write nothing
    a_bytes, b_bytes, c_bytes = tiles(M) * tiles(K) * TILE, tiles(K) * tiles(N) * TILE, tiles(M) * tiles(N) * TILE
    s = kernel.backend.last_run["programs"][0]
    # A row-block (by, k) is read by the core in column 0 of its core row, once for each of its sx blocks of
    # that row (sx = 1: exactly once); B likewise once per core column per block row of the core.
    assert s["noc_read_bytes_dram"] == sx * a_bytes + sy * b_bytes
    assert s["noc_write_bytes_dram"] == c_bytes
    # Every other core of the row / column receives the block by multicast (bytes × destinations), then the
    # 4-byte VALID flag: one per block sent (each of the cx·cy cores runs sx·sy blocks of K/bK steps). Blocks
    # are sent whole (tiles outside a tensor as zeros), also those of rows / columns beyond the grid.
    steps = -(-K // bK)
    a_sent = cy * sy * (bM // 32) * steps * (bK // 32) * TILE  # one core column's A blocks
    b_sent = cx * sx * (bN // 32) * steps * (bK // 32) * TILE
    flags = 4 * sx * sy * steps * (cy * (cx - 1) + cx * (cy - 1))
    assert s["noc_write_bytes_mcast"] == sx * a_sent * (cx - 1) + sy * b_sent * (cy - 1) + flags
    # Without reuse every core reads its own A and B blocks: gx times A and gy times B.
    plain = check_gemm_func(annotate_tt_schedule(matmul(M, N, K, bM, bN, bK), reuse="none"), M, N, K, False, rng)
    assert plain.backend.last_run["programs"][0]["noc_read_bytes_dram"] == gx * a_bytes + gy * b_bytes


def test_forced_multicast_on_a_kernel_without_shared_blocks_is_an_error():
    import tilelang_tt.language as T

    @T.prim_func
    def add(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"), C: T.Tensor((64, 64), "bfloat16")):
        with T.Kernel(2, 2) as (bx, by):
            A_s = T.alloc_shared((32, 32), "bfloat16")
            B_s = T.alloc_shared((32, 32), "bfloat16")
            C_s = T.alloc_shared((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], A_s)
            T.copy(B[by * 32, bx * 32], B_s)
            for i, j in T.Parallel(32, 32):
                C_s[i, j] = A_s[i, j] + B_s[i, j]
            T.copy(C_s, C[by * 32, bx * 32])

    with pytest.raises(tilelang.TileLangError, match=r"reuse='multicast' cannot be applied to this kernel: no global "
                                                     r"read depends on only by"):
        tilelang.compile(annotate_tt_schedule(add, reuse="multicast"), out_idx=-1, target="tenstorrent")


def test_multicast_gemm_with_a_residual_read_per_block(rng):
    # The residual block depends on both bx and by: it stays a plain read of each core, next to the multicast
    # A and B reads of the same reader.
    import tilelang_tt.language as T
    M, N, K, bM, bN, bK = 128, 192, 96, 64, 64, 32

    @T.prim_func
    def gemm_residual(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
                      R: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            R_s = T.alloc_shared((bM, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            D_l = T.alloc_fragment((bM, bN), "bfloat16")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(R[by * bM, bx * bN], R_s)
            for i, j in T.Parallel(bM, bN):
                D_l[i, j] = C_l[i, j] + R_s[i, j]
            T.copy(D_l, C[by * bM, bx * bN])

    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    r = inputs(rng, (M, N), "bfloat16", -1, 1)
    prod, accum = gemm_ref(a, b)
    ref = prod + f64(r)
    # fp32 sum, the residual added in fp32 (or after a bf16 rounding of the product), one bf16 rounding at the end.
    bound = 2.0**-8 * np.abs(ref) + 2.0**-8 * np.abs(prod) + accum * 2
    kernel = check(gemm_residual, [a, b, r], ref, bound, "bfloat16", extra_interp=2.0**-8 * np.abs(prod) + 2 * accum)
    src = kernel.get_kernel_source()
    reader, writer = src["kernels/kernel0_reader.cpp"], src["kernels/kernel0_writer.cpp"]
    assert "tl_read_tiles_mcast(tl_row, t_A" in reader and "tl_read_tiles_mcast(tl_col, t_B" in writer
    assert "tl_read_tiles(t_R" in reader
    # 3×2 blocks on 3×2 cores: A, B and R each read from DRAM once.
    s = kernel.backend.last_run["programs"][0]
    assert s["noc_read_bytes_dram"] == (tiles(M) * tiles(K) + tiles(K) * tiles(N) + tiles(M) * tiles(N)) * TILE


def test_the_corner_core_sends_its_two_operands_from_its_two_data_movement_kernels(rng):
    # 4×4 blocks on 4×4 cores. Core (0, 0) sends both A's and B's blocks: its reader A's (the reader's NOC), its
    # writer B's (the writer's NOC), so neither waits for the other's transfers. Core (1, 0) sends only B's blocks
    # (its writer), core (0, 1) only A's (its reader).
    M = N = K = 256
    f = annotate_tt_schedule(matmul(M, N, K, 64, 64, 64), reuse="multicast")
    kernel = check_gemm_func(f, M, N, K, False, rng)
    per = {(tuple(k["core"]), k["kernel"].rsplit("_", 1)[1]): k
           for k in kernel.backend.last_run["programs"][0]["detail"]["kernels"]}
    block = 2 * 2 * TILE  # an A or B block: 64 × 64 elements
    steps, receivers, flag = K // 64, 3, 4
    sent = steps * receivers * (block + flag)
    for core, reader_sends, writer_sends in (((0, 0), True, True), ((1, 0), False, True), ((0, 1), True, False),
                                             ((1, 1), False, False)):
        reader, writer = per[core, "reader.cpp"], per[core, "writer.cpp"]
        assert reader["noc_write_bytes_mcast"] == (sent if reader_sends else 0), core
        assert reader["noc_read_bytes_dram"] == (steps * block if reader_sends else 0), core
        assert writer["noc_write_bytes_mcast"] == (sent if writer_sends else 0), core
        assert writer["noc_read_bytes_dram"] == (steps * block if writer_sends else 0), core
