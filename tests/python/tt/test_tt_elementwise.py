"""Element-wise kernels on target "tenstorrent", run on the emulator and compared with numpy (float64, with an
error bound derived from the dtype, see tt_check.py) and with target "interpret".

Shapes: (64, 64) in 32×32 blocks is a 2×2 grid (fewer blocks than the 64 worker cores); (100, 70) in 32×64
blocks leaves partial edge tiles; (300, 520) in 32×32 blocks is 170 blocks (more than the cores, so cores run
several blocks of their persistent loop); (256, 256) in 128×128 blocks has 16-tile blocks.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import U, assert_within, check, compile_both, f64, inputs, ulp

SHAPES = [(64, 64, 32, 32), (100, 70, 32, 64), (300, 520, 32, 32), (256, 256, 128, 128)]
IDS = ["2x2_blocks", "edge_tiles", "170_blocks", "128x128_blocks"]


# ---- kernels, in ordinary TileLang syntax

def add_copy(M, N, bM, bN, dtype):
    """C = A + B with explicit shared tiles, a fragment and T.copy in and out."""
    @T.prim_func
    def add(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            B_s = T.alloc_shared((bM, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] + B_s[i, j]
            T.copy(C_l, C[by * bM, bx * bN])
    return add


def add_direct(M, N, bM, bN, dtype, guarded):
    """Upstream's element-wise form: the T.Parallel loop indexes the global tensors at block offsets."""
    @T.prim_func
    def add(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                y = by * bM + i
                x = bx * bN + j
                if guarded:
                    if y < M and x < N:
                        C[y, x] = A[y, x] + B[y, x]
                else:
                    C[y, x] = A[y, x] + B[y, x]
    return add


def add_upstream(M, N, block_M, block_N, dtype):
    """Upstream TileLang's element-wise example verbatim: block offsets named outside the T.Parallel loop."""
    @T.prim_func
    def elem_add(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            start_x = bx * block_N
            start_y = by * block_M
            for (local_y, local_x) in T.Parallel(block_M, block_N):
                y = start_y + local_y
                x = start_x + local_x
                C[y, x] = A[y, x] + B[y, x]
    return elem_add


@tilelang.jit(target="tenstorrent")
def eager_add(A, B, block_M=32, block_N=32, dtype=T.float32):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), dtype)
    B: T.Tensor((M, N), dtype)
    C = T.empty((M, N), dtype)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        for i, j in T.Parallel(block_M, block_N):
            C[by * block_M + i, bx * block_N + j] = A[by * block_M + i, bx * block_N + j] + \
                B[by * block_M + i, bx * block_N + j]
    return C


def relu_fma(M, N, bM, bN, dtype):
    """D = relu(A * B + C), relu written as T.max(x, 0)."""
    @T.prim_func
    def relu_fma(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype),
                 D: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            B_s = T.alloc_shared((bM, bN), dtype)
            C_s = T.alloc_shared((bM, bN), dtype)
            D_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            T.copy(C[by * bM, bx * bN], C_s)
            for i, j in T.Parallel(bM, bN):
                D_l[i, j] = T.max(A_s[i, j] * B_s[i, j] + C_s[i, j], 0)
            T.copy(D_l, D[by * bM, bx * bN])
    return relu_fma


def exp_sub_row(M, N, bM, bN, dtype):
    """C[i, j] = exp(A[i, j] - r[i]): an SFPU function of a row-broadcast vector operand."""
    @T.prim_func
    def exp_sub_row(A: T.Tensor((M, N), dtype), r: T.Tensor((M,), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            r_s = T.alloc_shared((bM,), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(r[by * bM], r_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = T.exp(A_s[i, j] - r_s[i])
            T.copy(C_l, C[by * bM, bx * bN])
    return exp_sub_row


def bias_add(M, N, bM, bN, dtype):
    """C[i, j] = A[i, j] + bias[j]: a column-indexed vector broadcast down the rows."""
    @T.prim_func
    def bias_add(A: T.Tensor((M, N), dtype), bias: T.Tensor((N,), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            b_s = T.alloc_shared((bN,), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(bias[bx * bN], b_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] + b_s[j]
            T.copy(C_l, C[by * bM, bx * bN])
    return bias_add


# ---- error bounds (float64 reference values; u = unit roundoff of the dtype)

def bound_add(ref, dtype):
    return U[dtype] * np.abs(ref)  # one rounding of the exact sum


def bound_relu_fma(p, s, dtype):
    # p = a·b rounded (u|p|), then s = p + c rounded (u|s|); relu is 1-Lipschitz. (1 + 2u) covers the
    # perturbation of the second rounding by the first.
    u = U[dtype]
    return u * (np.abs(p) + np.abs(s)) * (1 + 2 * u)


def bound_exp(d, dtype):
    # d = a - r rounded (relative u), exp evaluated within 2 ulps of fp32 then rounded to the dtype (u).
    u = U[dtype]
    return np.exp(d) * (np.exp(u * np.abs(d)) * (1 + 2 * 2.0**-24) * (1 + u) - 1)


# ---- tests

@pytest.mark.parametrize("M,N,bM,bN", SHAPES, ids=IDS)
def test_add_copy_float32(rng, M, N, bM, bN):
    a, b = inputs(rng, (M, N), "float32"), inputs(rng, (M, N), "float32")
    ref = f64(a) + f64(b)
    check(add_copy(M, N, bM, bN, "float32"), [a, b], ref, bound_add(ref, "float32"), "float32")


@pytest.mark.parametrize("M,N,bM,bN", [SHAPES[3]], ids=[IDS[3]])
def test_add_copy_bfloat16(rng, M, N, bM, bN):
    a, b = inputs(rng, (M, N), "bfloat16"), inputs(rng, (M, N), "bfloat16")
    ref = f64(a) + f64(b)
    check(add_copy(M, N, bM, bN, "bfloat16"), [a, b], ref, bound_add(ref, "bfloat16"), "bfloat16")


@pytest.mark.parametrize("M,N,bM,bN", SHAPES[:3], ids=IDS[:3])
def test_add_direct_global_indexing(rng, M, N, bM, bN):
    a, b = inputs(rng, (M, N), "float32"), inputs(rng, (M, N), "float32")
    ref = f64(a) + f64(b)
    plain = check(add_direct(M, N, bM, bN, "float32", False), [a, b], ref, bound_add(ref, "float32"), "float32")
    guarded = check(add_direct(M, N, bM, bN, "float32", True), [a, b], ref, bound_add(ref, "float32"), "float32")
    # The bounds guard is what the writer's tile masking already does: it lowers to the very same program.
    assert guarded.get_kernel_source() == plain.get_kernel_source()
    # ... which reads A and B and writes C, with no shared buffer in the source.
    reader = plain.get_kernel_source()["kernels/kernel0_reader.cpp"]
    assert reader.count("tl_read_tiles(t_A,") == 1 and reader.count("tl_read_tiles(t_B,") == 1


def test_add_direct_bfloat16_partial_tiles(rng):
    M, N = 90, 200
    a, b = inputs(rng, (M, N), "bfloat16"), inputs(rng, (M, N), "bfloat16")
    ref = f64(a) + f64(b)
    check(add_direct(M, N, 64, 64, "bfloat16", True), [a, b], ref, bound_add(ref, "bfloat16"), "bfloat16")


@pytest.mark.parametrize("M,N,bM,bN,dtype", [(100, 70, 32, 64, "float32"), (300, 520, 32, 32, "bfloat16")],
                         ids=["edge_tiles_f32", "170_blocks_bf16"])
def test_add_upstream_example_form(rng, M, N, bM, bN, dtype):
    # Regression: the offsets `start_y = by * block_M` are lets outside the loop; the tile-alignment check did
    # not look through them and rejected upstream's own example.
    a, b = inputs(rng, (M, N), dtype), inputs(rng, (M, N), dtype)
    ref = f64(a) + f64(b)
    check(add_upstream(M, N, bM, bN, dtype), [a, b], ref, bound_add(ref, dtype), dtype)


@pytest.mark.parametrize("M,N", [(130, 250)])
def test_add_eager(rng, M, N):
    a, b = inputs(rng, (M, N), "float32"), inputs(rng, (M, N), "float32")
    c = eager_add(a, b)
    ref = f64(a) + f64(b)
    assert_within(c, ref, bound_add(ref, "float32"), "eager add on tenstorrent vs numpy")
    kernel = eager_add.compile(M=M, N=N)
    assert kernel.target == "tenstorrent" and "host.cpp" in kernel.get_kernel_source()
    interp = tilelang.compile(kernel.func, out_idx=kernel.out_idx, target="interpret")
    ci = interp(a, b)
    assert_within(c, ci, ulp(ci, "float32"), "eager add: tenstorrent vs interpret")


@pytest.mark.parametrize("M,N,bM,bN", [SHAPES[0], SHAPES[2], SHAPES[3]], ids=[IDS[0], IDS[2], IDS[3]])
def test_relu_fma_float32(rng, M, N, bM, bN):
    a, b, c = (inputs(rng, (M, N), "float32") for _ in range(3))
    p = f64(a) * f64(b)
    s = p + f64(c)
    check(relu_fma(M, N, bM, bN, "float32"), [a, b, c], np.maximum(s, 0), bound_relu_fma(p, s, "float32"),
          "float32")


@pytest.mark.parametrize("M,N,bM,bN", [SHAPES[1]], ids=[IDS[1]])
def test_relu_fma_bfloat16(rng, M, N, bM, bN):
    a, b, c = (inputs(rng, (M, N), "bfloat16") for _ in range(3))
    p = f64(a) * f64(b)
    s = p + f64(c)
    check(relu_fma(M, N, bM, bN, "bfloat16"), [a, b, c], np.maximum(s, 0), bound_relu_fma(p, s, "bfloat16"),
          "bfloat16")


def test_relu_fma_keeps_left_operand():
    # Regression: for (a*b) + c on float32 tiles the emitter evaluated the right operand into DST slot 1 first
    # and then computed a*b in slots 0 and 1, overwriting c (C++ leaves argument evaluation order open).
    a = np.full((32, 32), 3.0, np.float32)
    b = np.full((32, 32), 2.0, np.float32)
    c = np.full((32, 32), -1.0, np.float32)
    tt, _ = compile_both(relu_fma(32, 32, 32, 32, "float32"))
    np.testing.assert_array_equal(tt(a, b, c), np.full((32, 32), 5.0, np.float32))
    np.testing.assert_array_equal(tt(a, -b, c), np.zeros((32, 32), np.float32))


@pytest.mark.parametrize("M,N,bM,bN", SHAPES[1:], ids=IDS[1:])
def test_exp_sub_rowvec_bfloat16(rng, M, N, bM, bN):
    a, r = inputs(rng, (M, N), "bfloat16"), inputs(rng, (M,), "bfloat16")
    d = f64(a) - f64(r)[:, None]
    tt = check(exp_sub_row(M, N, bM, bN, "bfloat16"), [a, r], np.exp(d), bound_exp(d, "bfloat16"), "bfloat16")
    compute = tt.get_kernel_source()["kernels/kernel0_compute.cpp"]
    assert "BroadcastType::COL" in compute and "exp_tile(" in compute


@pytest.mark.parametrize("M,N,bM,bN", [SHAPES[0]], ids=[IDS[0]])
def test_exp_sub_rowvec_float32(rng, M, N, bM, bN):
    a, r = inputs(rng, (M, N), "float32"), inputs(rng, (M,), "float32")
    d = f64(a) - f64(r)[:, None]
    check(exp_sub_row(M, N, bM, bN, "float32"), [a, r], np.exp(d), bound_exp(d, "float32"), "float32")


@pytest.mark.parametrize("M,N,bM,bN", SHAPES[:3], ids=IDS[:3])
def test_bias_colvec_bfloat16(rng, M, N, bM, bN):
    a, v = inputs(rng, (M, N), "bfloat16"), inputs(rng, (N,), "bfloat16")
    ref = f64(a) + f64(v)[None, :]
    tt = check(bias_add(M, N, bM, bN, "bfloat16"), [a, v], ref, bound_add(ref, "bfloat16"), "bfloat16")
    assert "BroadcastType::ROW" in tt.get_kernel_source()["kernels/kernel0_compute.cpp"]


def test_bias_colvec_float32(rng):
    M, N = 100, 200
    a, v = inputs(rng, (M, N), "float32"), inputs(rng, (N,), "float32")
    ref = f64(a) + f64(v)[None, :]
    check(bias_add(M, N, 32, 64, "float32"), [a, v], ref, bound_add(ref, "float32"), "float32")


def test_float32_vector_operands_keep_full_precision(rng):
    # Regression: a float32 vector operand was broadcast by unary_bcast through the FPU's source registers,
    # which hold 19-bit TF32 (mantissa truncated to 10 bits): errors up to 2^-10·|r| where the tile operands
    # were exact. The reader now copies column 0 (or row 0) of each vector tile across the tile in L1 and
    # compute copies those tiles into the fp32 DST as they are, so values with all 24 bits survive.
    M, N, bM, bN = SHAPES[0]  # the kernel of test_exp_sub_rowvec_float32 (a cache hit)
    a = np.zeros((M, N), np.float32)
    r = (1 + rng.integers(1, 2**23, M) * 2.0**-23).astype(np.float32)  # low mantissa bits set
    tt, interp = compile_both(exp_sub_row(M, N, bM, bN, "float32"))
    d = f64(a) - f64(r)[:, None]
    assert_within(tt(a, r), np.exp(d), bound_exp(d, "float32"), "float32 exp(-r) with 24-bit r")
    src = tt.get_kernel_source()
    assert "tl_read_vector_tiles(t_r, 1," in src["kernels/kernel0_reader.cpp"] and ", true);" in \
        src["kernels/kernel0_reader.cpp"]
    assert "unary_bcast" not in src["kernels/kernel0_compute.cpp"]
    # Per-column vectors go the same way (row 0 copied down the tile).
    a2, v = inputs(rng, (M, N), "float32"), (1 + rng.integers(1, 2**23, N) * 2.0**-23).astype(np.float32)
    ref = f64(a2) + f64(v)[None, :]
    bias = check(bias_add(M, N, bM, bN, "float32"), [a2, v], ref, bound_add(ref, "float32"), "float32")
    assert ", false);" in bias.get_kernel_source()["kernels/kernel0_reader.cpp"]
