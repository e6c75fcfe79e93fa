"""Blocks that are not whole tiles and are not grouped into whole tiles (tt_padded_blocks.h, docs/tenstorrent.md
"Blocks that are not whole tiles"): an R×C block with R or C not a multiple of 32 lives in the tiles that cover
it. The reader moves the block's elements into those tiles and zeroes the pad; the writer stores the block's
elements only; T.gemm multiplies padded operands (a padded reduction dimension adds zero products). On both
targets, blocks of 1, 8, 16 and 48 rows and columns.

Copies move elements without arithmetic: exact (bound 0). GEMMs (bfloat16 operands, float32 accumulator): the
products are exact in float32 and the sum of K of them is rounded at most K times: K·2^-24·(|a|@|b|) (gemm_ref).
"""
import numpy as np
import pytest

import tilelang_tt.language as T
from tt_check import assert_error_at, check, f64, gemm_ref, inputs

FILE = __file__
SIZES = [(1, 96), (96, 1), (8, 16), (16, 8), (48, 48), (16, 48), (48, 8)]


def copy_blocks(M, N, R, C, dtype):
    # R×C blocks at every row r·R and column c·C (offsets that are not tile boundaries: the reader's and the
    # writer's element moves), through a second buffer (a local copy). One kernel block: the stores of other block
    # indices would share tiles.
    @T.prim_func
    def copy_blocks(A: T.Tensor((M, N), dtype), O: T.Tensor((M, N), dtype)):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((R, C), dtype)
            b = T.alloc_fragment((R, C), dtype)
            for r in T.serial(M // R):
                for c in T.serial(N // C):
                    T.copy(A[r * R, c * C], a)
                    T.copy(a, b)
                    T.copy(b, O[r * R, c * C])
    return copy_blocks


@pytest.mark.parametrize("R,C", SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_copy_sub_tile_blocks(R, C, dtype, rng):
    M, N = 96, 96
    A = inputs(rng, (M, N), dtype)
    check(copy_blocks(M, N, R, C, dtype), [A], f64(A), 0.0, dtype)


def test_copy_aligned_block_leaves_the_rest_of_its_tiles(rng):
    """A 16×48 block at each tile-aligned start (by·32, bx·64) of a 64×128 tensor: the writer stores the block's
    16×48 elements and nothing of the pad, so the other elements of the output keep what the input of the
    in-place update had (O is both read and written: its own values)."""
    M, N = 64, 128

    @T.prim_func
    def patch(A: T.Tensor((M, N), "float32"), O: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 64, M // 32, threads=128) as (bx, by):
            a = T.alloc_shared((16, 48), "float32")
            T.copy(A[by * 32 + 8, bx * 64 + 1], a)
            T.copy(a, O[by * 32, bx * 64])

    A = inputs(rng, (M, N), "float32")
    from tt_check import compile_both
    for kernel in compile_both(patch, out_idx=[]):
        O = np.full((M, N), 7.0, dtype=np.float32)
        kernel(A, O)
        ref = np.full((M, N), 7.0)
        for by in range(M // 32):
            for bx in range(N // 64):
                ref[by * 32:by * 32 + 16, bx * 64:bx * 64 + 48] = f64(A)[by * 32 + 8:by * 32 + 24,
                                                                          bx * 64 + 1:bx * 64 + 49]
        assert np.array_equal(f64(O), ref)


def gemm_blocks(M, N, K, bM, bK):
    # C = A @ B: row blocks of bM rows (a serial loop), the reduction in blocks of bK (padded when bK is not a
    # multiple of 32: its pad must read as zeros).
    @T.prim_func
    def gemm_blocks(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
                    C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // 32, threads=128) as bx:
            a = T.alloc_shared((bM, bK), "bfloat16")
            b = T.alloc_shared((bK, 32), "bfloat16")
            c = T.alloc_fragment((bM, 32), "float32")
            for r in T.serial(M // bM):
                T.clear(c)
                for k in T.serial(K // bK):
                    T.copy(A[r * bM, k * bK], a)
                    T.copy(B[k * bK, bx * 32], b)
                    T.gemm(a, b, c)
                T.copy(c, C[r * bM, bx * 32])
    return gemm_blocks


@pytest.mark.parametrize("bM,bK", [(32, 16), (16, 16), (8, 48), (48, 8), (1, 16), (32, 1)], ids=lambda v: str(v))
def test_gemm_padded_operands(bM, bK, rng):
    M, N, K = 96, 64, 48
    A, B = inputs(rng, (M, K), "bfloat16"), inputs(rng, (K, N), "bfloat16")
    ref, bound = gemm_ref(A, B)
    check(gemm_blocks(M, N, K, bM, bK), [A, B], ref, bound, "float32", extra_interp=2 * bound)


def test_gemm_transposed_padded_reduction(rng):
    """MLA decode's shape: Q_pe (32×16) @ K_pe (64×16)ᵀ, the reduction dimension 16 padded in both operands."""
    H, S, PE = 32, 128, 16

    @T.prim_func
    def scores(Q: T.Tensor((H, PE), "bfloat16"), K: T.Tensor((S, PE), "bfloat16"),
               O: T.Tensor((H, S), "float32")):
        with T.Kernel(S // 64, threads=128) as bx:
            q = T.alloc_shared((H, PE), "bfloat16")
            k = T.alloc_shared((64, PE), "bfloat16")
            s = T.alloc_fragment((H, 64), "float32")
            T.copy(Q[0, 0], q)
            T.copy(K[bx * 64, 0], k)
            T.gemm(q, k, s, transpose_B=True, clear_accum=True)
            T.copy(s, O[0, bx * 64])

    Q, K = inputs(rng, (H, PE), "bfloat16"), inputs(rng, (S, PE), "bfloat16")
    ref, bound = gemm_ref(Q, f64(K).T)
    check(scores, [Q, K], ref, bound, "float32", extra_interp=2 * bound)


def test_gemm_computed_padded_reduction_is_located_error():
    """A padded reduction dimension whose pad is not known to be zero (the operand is a GEMM's result)."""
    @T.prim_func
    def chained(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 16), "float32"),
                D: T.Tensor((16, 32), "float32"), O: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((32, 32), "float32")
            b = T.alloc_shared((32, 16), "float32")
            d = T.alloc_shared((16, 32), "float32")
            ab = T.alloc_fragment((32, 16), "float32")
            o = T.alloc_fragment((32, 32), "float32")
            T.copy(A[0, 0], a)
            T.copy(B[0, 0], b)
            T.copy(D[0, 0], d)
            T.gemm(a, b, ab, clear_accum=True)
            T.gemm(ab, d, o, clear_accum=True)  # G1
            T.copy(o, O[0, 0])

    import tilelang_tt as tilelang
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(chained, target="tenstorrent")
    assert_error_at(e.value, FILE, "G1", "T.gemm", "T.gemm",
                    "the reduction dimension of operand ab has 16 elements, not a multiple of 32: tenstorrent pads "
                    "it to whole tiles and the pad must be zeros, which holds only when ab is written by T.copy "
                    "from a global tensor, T.clear or T.fill with 0 (it is also computed here); make that "
                    "dimension a multiple of 32")


def eltwise_reduce(M, N, R, C, dtype):
    # Each R×C block: y = x + 1 over the cover (y's pad holds 1), then row maxima of x, row sums and column sums
    # of y (their pads along the reduced dimension masked to -inf and 0: an unmasked pad would give 0 for the
    # maxima of negative rows, and add 1s to the sums), then o = 2y + max_i - sum_i + colsum_j.
    @T.prim_func
    def eltwise_reduce(A: T.Tensor((M, N), dtype), O: T.Tensor((M, N), dtype)):
        with T.Kernel(1, threads=128) as bx:
            x = T.alloc_shared((R, C), dtype)
            y = T.alloc_fragment((R, C), dtype)
            mx = T.alloc_fragment((R,), dtype)
            sm = T.alloc_fragment((R,), dtype)
            cs = T.alloc_fragment((C,), dtype)
            o = T.alloc_fragment((R, C), dtype)
            for r in T.serial(M // R):
                for c in T.serial(N // C):
                    T.copy(A[r * R, c * C], x)
                    for i, j in T.Parallel(R, C):
                        y[i, j] = x[i, j] + 1.0
                    T.reduce_max(x, mx, dim=1)
                    T.reduce_sum(y, sm, dim=1)
                    T.reduce_sum(y, cs, dim=0)
                    for i, j in T.Parallel(R, C):
                        o[i, j] = y[i, j] * 2.0 + mx[i] - sm[i] + cs[j]
                    T.copy(o, O[r * R, c * C])
    return eltwise_reduce


@pytest.mark.parametrize("R,C", [(8, 16), (16, 8), (48, 48), (1, 48), (48, 1)], ids=lambda v: str(v))
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_eltwise_and_reductions_on_sub_tile_blocks(R, C, dtype, rng):
    """Inputs are the integers -2 and -1: every value (|v| <= 2 + 2 + 48 + 48) is an integer below 2^8, exact in
    bfloat16 and in float32 truncated to TF32 by reduce_tile: bound 0."""
    M, N = 96, 96
    A = rng.integers(-2, 0, (M, N)).astype(np.float32).astype(
        {"float32": np.float32, "bfloat16": __import__("ml_dtypes").bfloat16}[dtype])
    x = f64(A)
    ref = np.zeros((M, N))
    for r in range(M // R):
        for c in range(N // C):
            xb = x[r * R:(r + 1) * R, c * C:(c + 1) * C]
            y = xb + 1
            ref[r * R:(r + 1) * R, c * C:(c + 1) * C] = (2 * y + xb.max(1, keepdims=True) - y.sum(1, keepdims=True)
                                                          + y.sum(0, keepdims=True))
    check(eltwise_reduce(M, N, R, C, dtype), [A], ref, 0.0, dtype)


def test_sub_tile_nest_storing_global_is_located_error():
    """A T.Parallel over 8 rows that stores into a global tensor: the nest runs over whole tiles, and its stores
    would need the writer's element moves."""
    @T.prim_func
    def rows8(A: T.Tensor((64, 64), "float32"), O: T.Tensor((64, 64), "float32")):
        with T.Kernel(1, threads=128) as bx:
            x = T.alloc_shared((8, 64), "float32")
            T.copy(A[0, 0], x)
            for i, j in T.Parallel(8, 64):  # P1
                O[i, j] = x[i, j] * 2.0

    import tilelang_tt as tilelang
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(rows8, target="tenstorrent")
    assert_error_at(e.value, FILE, "P1", "T.Parallel", "T.Parallel",
                    "the loop covers 8×64 elements; tenstorrent needs multiples of 32 (the tile size) where it "
                    "stores to global tensor O; on tenstorrent a T.Parallel nest must be an element-wise operation "
                    "over whole tiles")


def cumsum_blocks(M, N, R, C, dim, reverse, dtype):
    # y = x + 1 over the cover (y's pad holds 1: a reverse sum along a padded dimension would add it), then the
    # prefix sums of y along dim.
    @T.prim_func
    def cumsum_blocks(A: T.Tensor((M, N), dtype), O: T.Tensor((M, N), dtype)):
        with T.Kernel(1, threads=128) as bx:
            x = T.alloc_shared((R, C), dtype)
            y = T.alloc_fragment((R, C), dtype)
            for r in T.serial(M // R):
                for c in T.serial(N // C):
                    T.copy(A[r * R, c * C], x)
                    for i, j in T.Parallel(R, C):
                        y[i, j] = x[i, j] + 1.0
                    T.cumsum(y, dim=dim, reverse=reverse)
                    T.copy(y, O[r * R, c * C])
    return cumsum_blocks


@pytest.mark.parametrize("R,C,M,N", [(8, 48, 48, 96), (48, 16, 48, 64), (1, 64, 8, 128), (16, 1, 32, 8)],
                         ids=lambda v: str(v))
@pytest.mark.parametrize("dim,reverse", [(1, False), (1, True), (0, True)], ids=lambda v: str(v))
def test_cumsum_on_sub_tile_blocks(R, C, M, N, dim, reverse, rng):
    """Integer inputs (-2 … 1, sums below 2^7 in magnitude): exact in bfloat16, bound 0."""
    A = rng.integers(-2, 2, (M, N)).astype(np.float32).astype(__import__("ml_dtypes").bfloat16)
    ref = np.zeros((M, N))
    for r in range(M // R):
        for c in range(N // C):
            y = f64(A)[r * R:(r + 1) * R, c * C:(c + 1) * C] + 1
            s = np.flip(np.cumsum(np.flip(y, dim), dim), dim) if reverse else np.cumsum(y, dim)
            ref[r * R:(r + 1) * R, c * C:(c + 1) * C] = s
    check(cumsum_blocks(M, N, R, C, dim, reverse, "bfloat16"), [A], ref, 0.0, "bfloat16")


def test_one_row_block_reads_its_vector_at_0(rng):
    """Upstream's one-row blocks (LayerNorm backward's `sum_dx_hat[0]` in a T.Parallel(1, D)): in a loop of extent 1
    the index 0 is the loop's own index. Row-centred integers, x·64 − Σx: exact (bound 0)."""
    M, N = 8, 64

    @T.prim_func
    def centre(A: T.Tensor((M, N), "float32"), O: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            x = T.alloc_shared((1, N), "float32")
            s = T.alloc_fragment((1,), "float32")
            o = T.alloc_fragment((1, N), "float32")
            for r in T.serial(M):
                T.copy(A[r, 0], x)
                T.reduce_sum(x, s, dim=1)
                for i, j in T.Parallel(1, N):
                    o[i, j] = x[i, j] * 64.0 - s[0]
                T.copy(o, O[r, 0])

    A = rng.integers(-4, 4, (M, N)).astype(np.float32)
    check(centre, [A], f64(A) * 64 - f64(A).sum(1, keepdims=True), 0.0, "float32")


def test_one_row_block_accumulates_into_a_vector(rng):
    """A one-row nest storing a vector at [j] (LayerNorm backward's `dgamma_acc[j] += dy * x_hat[i, j]`): the nest's
    one tile row is the vector's tiles. Column sums of integer products: exact (bound 0)."""
    M, N = 8, 64

    @T.prim_func
    def colsum(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32"), O: T.Tensor((N,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_shared((1, N), "float32")
            b = T.alloc_shared((1, N), "float32")
            acc = T.alloc_fragment((N,), "float32")
            T.clear(acc)
            for r in T.serial(M):
                T.copy(A[r, 0], a)
                T.copy(B[r, 0], b)
                for i, j in T.Parallel(1, N):
                    acc[j] += a[i, j] * b[i, j]
            T.copy(acc, O[0])

    A, B = (rng.integers(-4, 4, (M, N)).astype(np.float32) for _ in range(2))
    check(colsum, [A, B], (f64(A) * f64(B)).sum(0), 0.0, "float32")
