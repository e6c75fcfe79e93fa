"""T.cumsum on target "tenstorrent" (a product with a triangular matrix of ones on the matrix engine,
transform/tt_cumsum_lowering.h), run on the emulator and compared with numpy (float64) and with "interpret".

Error bounds (n = the number of terms of a prefix sum, S = Σ|x| over them, u as in tt_check.py):
  * tenstorrent: the source is split into bfloat16 pieces that the multiplier takes exactly (one for bf16,
    three for float32), so every product with the 0/1 triangle is exact; the only error is the float32
    accumulation (in DST and in the packer's L1 accumulation of the pieces): at most (n + 2)·2^-24·S, plus
    the rounding to the output dtype, u_out·|y|.
  * interpret adds sequentially in the destination dtype: (n − 1)·u_out·S + u_out·|y|.
  * tenstorrent vs interpret: one ulp of the output plus the sum of both bounds.
"""
import pathlib

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
import tilelang_tt._core as core
from tt_check import U, assert_error_at, check, f64, inputs

THIS = pathlib.Path(__file__).resolve()


def cumsum_kernel(M, N, bM, bN, dtype, out_dtype, dim, reverse, in_place):
    """Each bM×bN block of A, its cumsum along dim into B (in place in the shared copy with in_place)."""

    @T.prim_func
    def cumsum_k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            if in_place:
                T.cumsum(A_s, dim=dim, reverse=reverse)
                T.copy(A_s, B[by * bM, bx * bN])
            else:
                B_f = T.alloc_fragment((bM, bN), out_dtype)
                T.cumsum(A_s, B_f, dim=dim, reverse=reverse)
                T.copy(B_f, B[by * bM, bx * bN])
    return cumsum_k


def reference(A, bM, bN, dim, reverse, out_dtype):
    """(cumsum of each block of A in float64, the bound of its errors on both targets against it, the
    interpret-only part of it)."""
    x = f64(A)
    M, N = x.shape
    y, s = np.zeros_like(x), np.zeros_like(x)
    for r in range(0, M, bM):
        for c in range(0, N, bN):
            blk = x[r:r + bM, c:c + bN]
            f = (lambda v: np.flip(np.cumsum(np.flip(v, dim), axis=dim), dim)) if reverse else \
                (lambda v: np.cumsum(v, axis=dim))
            y[r:r + bM, c:c + bN], s[r:r + bM, c:c + bN] = f(blk), f(np.abs(blk))
    n = bN if dim == 1 else bM
    u = U[out_dtype]
    tt = (n + 2) * 2.0**-24 * s
    interp = (n - 1) * u * s
    return y, tt + interp + u * np.abs(y), interp + tt


# (M, N, bM, bN): one tile, several tiles along the summed dim (the running sum crosses tiles), several blocks.
SHAPES = [(32, 32, 32, 32), (64, 128, 64, 128), (96, 64, 32, 64)]


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("M,N,bM,bN", SHAPES)
def test_cumsum(M, N, bM, bN, dtype, dim, reverse):
    rng = np.random.default_rng(M * 7 + N + dim + 2 * reverse)
    A = inputs(rng, (M, N), dtype)
    y, bound, extra = reference(A, bM, bN, dim, reverse, dtype)
    check(cumsum_kernel(M, N, bM, bN, dtype, dtype, dim, reverse, False), [A], y, bound, dtype, extra_interp=extra)


@pytest.mark.parametrize("dtype,out_dtype,in_place", [("float16", "float16", False), ("float32", "bfloat16", False),
                                                       ("float32", "float32", True), ("bfloat16", "bfloat16", True)])
def test_cumsum_dtypes_and_in_place(dtype, out_dtype, in_place):
    """float16 (two bf16 pieces), a float32 source summed into bfloat16, and T.cumsum(A_s) in place (upstream's
    form: the shared copy of the input becomes its prefix sums)."""
    M, N = 64, 96
    if in_place:
        out_dtype = dtype
    rng = np.random.default_rng(5)
    A = inputs(rng, (M, N), dtype)
    for dim, reverse in [(1, True), (0, False)]:
        y, bound, extra = reference(A, 64, 96, dim, reverse, out_dtype)
        check(cumsum_kernel(M, N, 64, 96, dtype, out_dtype, dim, reverse, in_place), [A], y, bound, out_dtype,
              extra_interp=extra)


def one_row_cumsum(M, N, dtype, reverse):
    """Upstream's chunk form: one row per block (a (1, N) shared buffer), its cumsum along dim 1 in place."""

    @T.prim_func
    def row_cumsum(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(M, threads=128) as bx:
            S = T.alloc_shared((1, N), dtype)
            T.copy(A[bx, 0:N], S)
            T.cumsum(S, dim=1, reverse=reverse)
            T.copy(S, B[bx, 0:N])
    return row_cumsum


@pytest.mark.parametrize("M,N,reverse", [(64, 64, False), (40, 128, True)])
def test_cumsum_one_row_blocks_grouped(M, N, reverse):
    """A cumsum along dim 1 keeps a block's rows apart, so 32 one-row blocks are grouped into one 32-row block
    (tt_block_grouping.h); 40 rows: a partial last group."""
    f = one_row_cumsum(M, N, "float32", reverse)
    _, ir, _ = core.tt_lower(f.core, "tenstorrent", [False, True], 4)
    assert 'attr "tt.grouped.0" = "32"' in dict(ir)["infer_tt_schedule"]
    rng = np.random.default_rng(M + N)
    A = inputs(rng, (M, N), "float32")
    y, bound, extra = reference(A, 1, N, 1, reverse, "float32")
    check(f, [A], y, bound, "float32", extra_interp=extra)


def head_chunks(B, H, S, C, reverse):
    """Upstream chunk cumsum's form with its blocks on a flattened grid index: block bbh is head bbh % H of batch
    bbh // H, each block one (1, C) chunk of its row of X [B, H, S]."""

    @T.prim_func
    def head_chunks_k(X: T.Tensor((B, H, S), "float32"), Y: T.Tensor((B, H, S), "float32")):
        with T.Kernel(S // C, B * H, threads=128) as (bs, bbh):
            bb, bh = bbh // H, bbh % H
            c = T.alloc_fragment((1, C), "float32")
            T.copy(X[bb, bh, bs * C:(bs + 1) * C], c)
            T.cumsum(c, dim=1, reverse=reverse)
            T.copy(c, Y[bb, bh, bs * C:(bs + 1) * C])
    return head_chunks_k


@pytest.mark.parametrize("B,H,S,C,reverse", [(2, 32, 128, 64, False), (1, 64, 64, 32, True)])
def test_cumsum_flattened_grid_index_grouped(B, H, S, C, reverse):
    """bb, bh = bbh // H, bbh % H with H a multiple of 32: 32 consecutive blocks are 32 heads of one batch, grouped
    into one 32-row block (the grid's second dimension shrinks by 32)."""
    f = head_chunks(B, H, S, C, reverse)
    _, ir, _ = core.tt_lower(f.core, "tenstorrent", [False, True], 4)
    assert 'attr "tt.grouped.1" = "32"' in dict(ir)["infer_tt_schedule"]
    rng = np.random.default_rng(B * H + S)
    X = inputs(rng, (B, H, S), "float32")
    y, bound, extra = reference(X.reshape(B * H, S), 1, C, 1, reverse, "float32")
    check(f, [X], y.reshape(B, H, S), bound.reshape(B, H, S), "float32", extra_interp=extra.reshape(B, H, S))


def test_cumsum_along_block_rows_is_not_grouped():
    """A cumsum along dim 0 mixes a block's rows: 8-row blocks stay 8 rows, padded into their tile (the cumsum
    runs); their stores share tiles with the other blocks': that is the error."""

    @T.prim_func
    def col_cumsum(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32")):
        with T.Kernel(8, threads=128) as bx:
            S = T.alloc_shared((8, 64), "float32")
            T.copy(A[bx * 8, 0], S)
            T.cumsum(S, dim=0)
            T.copy(S, B[bx * 8, 0])  # cumsum-rows

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(col_cumsum, target="tenstorrent")
    assert_error_at(e.value, THIS, "cumsum-rows", "T.copy", "T.copy",
                    "the region of B starts off a tile boundary at bx * 8, which depends on the block indices",
                    whole=False)


def test_cumsum_of_int32_is_an_error():
    @T.prim_func
    def int_cumsum(A: T.Tensor((32, 32), "int32"), B: T.Tensor((32, 32), "int32")):
        with T.Kernel(1, threads=128) as bx:
            S = T.alloc_shared((32, 32), "int32")
            T.copy(A[0, 0], S)
            T.cumsum(S, dim=1)  # int-cumsum
            T.copy(S, B[0, 0])

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(int_cumsum, target="tenstorrent")
    assert_error_at(e.value, THIS, "int-cumsum", "T.cumsum", "T.cumsum",
                    "a cumsum of int32 buffer S is not supported on tenstorrent yet (it runs on the matrix engine, "
                    "which multiplies float tiles); use float32, bfloat16 or float16")


# ---- scalar code: T.alloc_var / 1-element alloc_local stores outside T.Parallel (emit_scalar.h)

def scalar_code_kernel(M, N, dtype):
    """Retention's head-specific decay as scalar code of the block index (a log2 of 1 − exp2), and a loop-carried
    alloc_local scalar, both feeding element-wise tile math as scalar operands."""

    @T.prim_func
    def scalar_code(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            d = T.alloc_var(T.float32)
            d = T.log2(1 - T.exp2(-5.0 - 1.0 * by))
            s = T.alloc_local((1,), "float32")
            s[0] = 0.0
            for k in T.serial(3):
                s[0] = s[0] * 0.5 + k + bx
            A_s = T.alloc_shared((32, 32), dtype)
            B_f = T.alloc_fragment((32, 32), dtype)
            T.copy(A[by * 32, bx * 32], A_s)
            for i, j in T.Parallel(32, 32):
                B_f[i, j] = A_s[i, j] * T.exp2((i - j) * d) + s[0]
            T.copy(B_f, B[by * 32, bx * 32])
    return scalar_code


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_scalar_code_of_block_indices_feeds_tile_math(dtype):
    """Bound: the float32 scalars are computed on the cores in IEEE single precision as on interpret (exact
    against it up to the libm's last ulp: 2 ulp of d); the tile expression a·exp2(t·d) + s rounds after each of
    its 4 operations in the tile dtype, and exp2 on the SFPU is within 2^-20 relative for float32 (bf16: its
    rounding), so |err| <= 6·u·(|a·e| + |s|) + 2^-20·|a·e| covers both targets."""
    M, N = 64, 96
    rng = np.random.default_rng(11)
    A = inputs(rng, (M, N), dtype, -1.0, 1.0)
    i, j = np.meshgrid(np.arange(M), np.arange(N), indexing="ij")
    by, bx = i // 32, j // 32
    d = np.log2(1 - np.exp2(-5.0 - by))
    s = np.zeros_like(d)
    for k in range(3):
        s = s * 0.5 + k + bx
    ae = f64(A) * np.exp2(((i % 32) - (j % 32)) * d)
    y = ae + s
    bound = 6 * U[dtype] * (np.abs(ae) + np.abs(s)) + 2.0**-20 * np.abs(ae)
    check(scalar_code_kernel(M, N, dtype), [A], y, bound, dtype, extra_interp=bound)
    tt = tilelang.compile(scalar_code_kernel(M, N, dtype), out_idx=-1, target="tenstorrent")
    src = tt.get_kernel_source()
    # only the compute kernel reads the scalars, so only it computes them
    assert "__builtin_log2f" in src["kernels/kernel0_compute.cpp"]
    assert "__builtin_log2f" not in src["kernels/kernel0_reader.cpp"] + src["kernels/kernel0_writer.cpp"]


def test_scalar_read_from_a_buffer_is_an_error():
    """A scalar computed from an element of a buffer is data-dependent (not lowered yet): a located error."""

    @T.prim_func
    def data_scalar(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            B_f = T.alloc_fragment((32, 32), "float32")
            d = T.alloc_var(T.float32)
            T.copy(A[0, 0], A_s)
            d = A_s[0, 0] * 2  # data-scalar
            for i, j in T.Parallel(32, 32):
                B_f[i, j] = A_s[i, j] + d
            T.copy(B_f, B[0, 0])

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(data_scalar, target="tenstorrent")
    assert_error_at(e.value, THIS, "data-scalar", "d", "store",
                    "scalar d is computed from an element of A_s: values read from buffers (data-dependent scalars) "
                    "are not supported on tenstorrent yet for a buffer that tile code uses or a computation writes; "
                    "scalars of constants, block and loop indices, elements of global tensors (directly, or through a "
                    "buffer that only T.copy from one fills and only scalar code reads) and other such scalars are")


def scalar_loop_bound(M, N):
    """Row sums of the first bx + 1 column blocks, the loop count a scalar of the block index: every kernel that
    runs the loop (reader and compute) computes it, and the reads are not multicast (the count differs per
    block; plan_tt_multicast follows scalars through their stores)."""

    @T.prim_func
    def prefix_rowsum(A: T.Tensor((M, N), "float32"), S: T.Tensor((N // 32 * M,), "float32")):
        with T.Kernel(M // 32, N // 32, threads=128) as (by, bx):
            n = T.alloc_var("int32")
            n = bx + 1
            A_s = T.alloc_shared((32, 32), "float32")
            s = T.alloc_fragment((32,), "float32")
            T.fill(s, 0.0)
            for k in T.serial(n):
                T.copy(A[by * 32, k * 32], A_s)
                T.reduce_sum(A_s, s, dim=1, clear=False)
            T.copy(s, S[bx * M + by * 32])
    return prefix_rowsum


def test_scalar_loop_bound():
    """Bound (test_tt_reduce.py): reduce_tile reads float32 with 9 mantissa bits, 2^-9·S, plus the fp32 sum
    n·2^-24·S, S = Σ|x| of the summed prefix."""
    M, N = 64, 128
    rng = np.random.default_rng(3)
    A = inputs(rng, (M, N), "float32", -1.0, 1.0)
    x = f64(A)
    y = np.concatenate([x[:, :32 * (b + 1)].sum(1) for b in range(N // 32)])
    s = np.concatenate([np.abs(x[:, :32 * (b + 1)]).sum(1) for b in range(N // 32)])
    bound = (2.0**-9 + N * 2.0**-24) * s
    tt = check(scalar_loop_bound(M, N), [A], y, bound, "float32", extra_interp=bound)
    src = tt.get_kernel_source()
    assert "n = (bx + 1);" in src["kernels/kernel0_reader.cpp"] and "n = (bx + 1);" in src["kernels/kernel0_compute.cpp"]
    assert " n = " not in src["kernels/kernel0_writer.cpp"]


def test_nest_temporary_read_elsewhere_is_an_error():
    """A scalar assigned inside a T.Parallel nest is a per-element temporary there; read by another nest it would
    carry the first nest's last element on "interpret", which tiles do not have: a located error (not scalar code)."""

    @T.prim_func
    def leak(A: T.Tensor((32, 32), "float32"), B: T.Tensor((32, 32), "float32")):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((32, 32), "float32")
            B_f = T.alloc_fragment((32, 32), "float32")
            C_f = T.alloc_fragment((32, 32), "float32")
            t = T.alloc_var(T.float32)
            T.copy(A[0, 0], A_s)
            for i, j in T.Parallel(32, 32):
                t = A_s[i, j] * 2
                B_f[i, j] = t + 1
            for i, j in T.Parallel(32, 32):
                C_f[i, j] = B_f[i, j] + t  # temporary-elsewhere
            T.copy(C_f, B[0, 0])

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(leak, target="tenstorrent")
    assert_error_at(e.value, THIS, "temporary-elsewhere", "C_f", "T.Parallel",
                    "scalar t is a per-element temporary of the T.Parallel nest that assigns it, and is read in another "
                    "nest: on tenstorrent such a scalar exists only inside its nest; use a separate scalar outside")
