"""Split-K GEMM and GEMV on target "tenstorrent", written as TileLang users write them; compared with numpy
(float64) and with target "interpret".

Split-K is the two-kernel form: a first T.Kernel over (N-blocks, M-blocks, splits) writes each split's float32
partial product to a workspace W[split, M, N]; a second T.Kernel of the same function sums the splits into C.
GEMV is y = A·x as a broadcast multiply + T.reduce_sum over K blocks (clear=False), and x·Bᵀ as T.gemm with a
one-row operand padded to a tile.

Bounds (tt_check.py): bf16 inputs, products exact in fp32; every float32 sum of K terms errs by at most
K·2^-24·Σ|a||b| (the split sums are part of that sum); a bf16 output adds 2^-8·|c|. Against "interpret" the
summation orders differ, hence twice the accumulation bound, plus one output ulp.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import assert_within, check, compile_both, example, f64, gemm_ref, inputs


SPLITK, GEMV = example("splitk_gemm"), example("gemv")  # the kernels, as the examples write them


SPLITK_CASES = [
    # M, N, K, bM, bN, bK, splits, output dtype
    (128, 128, 512, 64, 64, 32, 2, "float32"),    # aligned
    (128, 64, 1024, 64, 64, 64, 4, "bfloat16"),   # aligned, 4 splits, bf16 output
    (100, 72, 300, 64, 64, 32, 4, "float32"),     # ragged M, N, K: partial edge tiles in the workspace slices
    (70, 40, 200, 64, 32, 32, 2, "bfloat16"),     # a block of rows past the last tile of a slice (M = 70, bM = 64)
    (64, 340, 200, 32, 32, 32, 3, "float32"),     # 11×2×3 blocks: layers of 6×2 cores, 2 blocks per core in x
]


@pytest.mark.parametrize("M,N,K,bM,bN,bK,S,out", SPLITK_CASES, ids=["aligned_s2", "aligned_s4_bf16", "ragged_s4",
                                                                     "ragged_s2_bf16", "padded_layers_s3"])
def test_splitk_two_kernels(rng, M, N, K, bM, bN, bK, S, out):
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    w = np.zeros((S, M, N), np.float32)
    ref, accum = gemm_ref(a, b)
    bound = (2.0**-8 * np.abs(ref) if out == "bfloat16" else 0) + accum * (1 + 2.0**-8)
    func = SPLITK.splitk_matmul(M, N, K, bM, bN, bK, S, out_dtype=out)
    kernel = check(func, [a, b, w], ref, bound, out, extra_interp=2 * accum)
    src = kernel.get_kernel_source()
    # Two programs; the first places each split's blocks on its own layer of cores with multicast reuse.
    assert "kernels/kernel1_reader.cpp" in src and "kernels/kernel2_reader.cpp" not in src
    assert "tl_read_tiles_mcast(tl_row, t_A" in src["kernels/kernel0_reader.cpp"]
    assert "tl_read_tiles_mcast(tl_col, t_B" in src["kernels/kernel0_writer.cpp"]  # B's sender: the writer
    gx, gy = -(-N // bN), -(-M // bM)
    if gx <= 8 and gy * S <= 8:  # one block per core: every tile of A and B inside the splits is read once
        tiles = lambda n: -(-n // 32)
        k_tiles = min(tiles(K), S * -(-(-(-K // bK)) // S) * bK // 32)
        assert kernel.backend.last_run["programs"][0]["noc_read_bytes_dram"] == \
            (tiles(M) * k_tiles + k_tiles * tiles(N)) * 2048
    # The workspace is read back by the second program: edge tiles are stored with their pad zeroed.
    ragged = M % 32 or N % 32
    assert ("tl_write_tiles_zero_pad(t_W" in src["kernels/kernel0_writer.cpp"]) == bool(ragged)


def shifted_then_summed(M, N, bM, bN, dtype):
    """Kernel 1 writes X + 1 to an intermediate tensor (its edge tiles' pad would hold 1s); kernel 2 sums the
    intermediate's rows of each block. The pad must read as zero in kernel 2, as on "interpret"."""
    @T.prim_func
    def two_pass(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype), s: T.Tensor((M,), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            X_s = T.alloc_shared((bM, bN), dtype)
            Y_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(X[by * bM, bx * bN], X_s)
            for i, j in T.Parallel(bM, bN):
                Y_l[i, j] = X_s[i, j] + 1.0
            T.copy(Y_l, Y[by * bM, bx * bN])
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            Y_s = T.alloc_shared((bM, bN), dtype)
            acc = T.alloc_fragment((bM,), "float32")
            T.clear(acc)
            for k in T.serial(T.ceildiv(N, bN)):
                T.copy(Y[bx * bM, k * bN], Y_s)
                T.reduce_sum(Y_s, acc, dim=1, clear=False)
            T.copy(acc, s[bx * bM])
    return two_pass


@pytest.mark.parametrize("M,N,dtype", [(64, 64, "float32"), (50, 70, "float32"), (96, 33, "float32"),
                                       (50, 70, "bfloat16")])
def test_intermediate_pad_is_zero(rng, M, N, dtype):
    x = inputs(rng, (M, N), dtype, -1, 1)
    y0 = np.zeros((M, N), x.dtype)
    y = f64(x) + 1
    ref = y.sum(axis=1)
    # x + 1 rounds once to the intermediate's dtype (2^-24 float32 on the SFPU, 2^-8 bf16); the row sum reads the
    # elements through the FPU with 9 mantissa bits (docs/tenstorrent.md; exact for bf16), summed in float32.
    u = 2.0**-24 if dtype == "float32" else 2.0**-8
    bound = (u + 2.0**-9 + N * 2.0**-24) * np.abs(y).sum(axis=1) * 1.01
    tt, interp = compile_both(shifted_then_summed(M, N, 64, 64, dtype), out_idx=-1)
    for k, name in ((tt, "tenstorrent"), (interp, "interpret")):
        out = k(x, y0)
        assert out.shape == (M,)
        assert_within(out, ref, bound, f"row sums of an intermediate on {name}")
    ragged = M % 32 or N % 32
    assert ("tl_write_tiles_zero_pad(t_Y" in tt.get_kernel_source()["kernels/kernel0_writer.cpp"]) == bool(ragged)


def test_atomic_add_runs_on_tenstorrent(rng):
    """The T.atomic_add form (bz colliding) runs too: lower_tt_atomics builds the two-kernel form above from it
    (test_tt_atomic.py has its tests)."""
    @T.prim_func
    def splitk(A: T.Tensor((64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(1, 1, 2) as (bx, by, bz):
            for i, j in T.Parallel(64, 64):
                T.atomic_add(C[i, j], A[i, j])
    a, c0 = inputs(rng, (64, 64), "float32"), inputs(rng, (64, 64), "float32")
    c = c0.copy()
    tilelang.compile(splitk, target="tenstorrent")(a, c)
    ref = f64(c0) + 2 * f64(a)
    assert_within(c, ref, 2 * 2.0**-24 * (np.abs(f64(c0)) + 2 * np.abs(f64(a))), "atomic split-K on tenstorrent")


def test_thread_binding_is_an_error():
    @T.prim_func
    def gemv(A: T.Tensor((64,), "float32"), C: T.Tensor((64,), "float32")):
        with T.Kernel(2, threads=32) as bn:
            tn = T.get_thread_binding(0)  # THREAD
            C[bn * 32 + tn] = A[bn * 32 + tn]
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(gemv, target="tenstorrent")
    err = e.value
    line = next(n for n, text in enumerate(open(__file__).read().splitlines(), 1) if text.endswith("# THREAD"))
    assert (err.op, err.line) == ("T.get_thread_binding", line)
    assert "has no Tenstorrent form yet" in str(err) and "tile level" in str(err)


GEMV_CASES = [(256, 512, 64, 64), (100, 300, 64, 64), (1000, 96, 32, 32)]


@pytest.mark.parametrize("M,K,bM,bK", GEMV_CASES, ids=["aligned", "ragged", "many_blocks"])
def test_gemv_broadcast_reduce(rng, M, K, bM, bK):
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    x = inputs(rng, (K,), "bfloat16", -1, 1)
    ref = f64(a) @ f64(x)
    # The interpreter rounds each bf16 product to bf16 (2^-8), the device's reduction reads the float32 products
    # with 9 mantissa bits (2^-9); plus the float32 sum of K terms.
    mag = np.abs(f64(a)) @ np.abs(f64(x))
    bound = (2.0**-8 + K * 2.0**-24) * mag * 1.01
    kernel = check(GEMV.gemv_rows(M, K, bM, bK), [a, x], ref, bound, "float32", extra_interp=2 * bound)
    # DRAM reads: A's tiles once, and per block of rows x's tiles, of which only row 0 (2 × 64 bytes) is read.
    assert "tl_read_row_tiles(t_x" in kernel.get_kernel_source()["kernels/kernel0_reader.cpp"]
    tiles = lambda n: -(-n // 32)
    expected = tiles(M) * tiles(K) * 2048 + -(-M // bM) * tiles(K) * 128
    assert kernel.backend.last_run["programs"][0]["noc_read_bytes_dram"] == expected


@pytest.mark.parametrize("N,K,bN,bK", GEMV_CASES, ids=["aligned", "ragged", "many_blocks"])
def test_gemv_gemm_one_row(rng, N, K, bN, bK):
    x = inputs(rng, (1, K), "bfloat16", -1, 1)
    b = inputs(rng, (N, K), "bfloat16", -1, 1)
    ref, accum = gemm_ref(x, f64(b).T)
    bound = 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8)
    check(GEMV.gemv_one_row(N, K, bN, bK), [x, b], ref, bound, "bfloat16", extra_interp=2 * accum)


def eager_splitk(target):
    """The eager form: the workspace is a T.empty the function does not return (allocated by the kernel object)."""
    @tilelang.jit(target=target)
    def splitk(A, B, splits=3, bM=64, bN=64, bK=32):
        M, N, K = T.const("M, N, K")
        A: T.Tensor((M, K), "bfloat16")
        B: T.Tensor((K, N), "bfloat16")
        W = T.empty((splits, M, N), "float32")
        C = T.empty((M, N), "float32")
        k_per_split = T.ceildiv(T.ceildiv(K, bK), splits) * bK
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), splits) as (bx, by, bz):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(k_per_split // bK, num_stages=2):
                T.copy(A[by * bM, bz * k_per_split + k * bK], A_s)
                T.copy(B[bz * k_per_split + k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, W[bz, by * bM, bx * bN])
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            P_s = T.alloc_shared((bM, bN), "float32")
            S_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(S_l)
            for s in T.serial(splits):
                T.copy(W[s, by * bM, bx * bN], P_s)
                for i, j in T.Parallel(bM, bN):
                    S_l[i, j] += P_s[i, j]
            T.copy(S_l, C[by * bM, bx * bN])
        return C
    return splitk


def test_splitk_eager_workspace(rng):
    a = inputs(rng, (100, 300), "bfloat16", -1, 1)
    b = inputs(rng, (300, 72), "bfloat16", -1, 1)
    ref, accum = gemm_ref(a, b)
    out = eager_splitk("tenstorrent")(a, b)
    assert out.shape == (100, 72)
    assert_within(out, ref, accum * 1.01, "eager split-K on tenstorrent vs numpy")
    assert_within(eager_splitk("interpret")(a, b), ref, accum * 1.01, "eager split-K on interpret vs numpy")


def test_splitk_layers_that_do_not_fit(rng):
    """8×8 blocks per split need the whole 8×8 core grid for one layer: two splits do not fit side by side, so the
    compiler keeps the plain schedule (still correct), and reuse="multicast" says why it cannot."""
    from tilelang_tt.tenstorrent import annotate_tt_schedule
    M, N, K, S = 256, 256, 128, 2
    func = SPLITK.splitk_matmul(M, N, K, 32, 32, 32, S, out_dtype="float32")
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    ref, accum = gemm_ref(a, b)
    kernel = check(func, [a, b, np.zeros((S, M, N), np.float32)], ref, accum * 1.01, "float32",
                   extra_interp=2 * accum)
    assert not any("tl_read_tiles_mcast" in v for v in kernel.get_kernel_source().values())
    with pytest.raises(tilelang.TileLangError, match="the layers of its 3-D grid do not fit the core grid"):
        tilelang.compile(annotate_tt_schedule(func, reuse="multicast"), out_idx=-1, target="tenstorrent")


def test_splitk_blackhole(rng):
    """The layers on Blackhole's 13 × 10 cores: 11×2 blocks per split on 11×2 cores, the three layers stacked."""
    M, N, K, S = 64, 340, 200, 3
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    ref, accum = gemm_ref(a, b)
    kernel = tilelang.compile(SPLITK.splitk_matmul(M, N, K, 32, 32, 32, S, out_dtype="float32"), out_idx=-1,
                              target="tenstorrent/blackhole")
    assert_within(kernel(a, b, np.zeros((S, M, N), np.float32)), ref, accum * 1.01, "split-K on blackhole")
    assert "tl_read_tiles_mcast(tl_row, t_A" in kernel.get_kernel_source()["kernels/kernel0_reader.cpp"]
