"""More TileLang constructs on target "tenstorrent": scalar constants, chains of T.Parallel loops through
fragments, T.fill, mixed dtypes, a fragment copied out twice, two T.Kernels in one function, a plain K loop, a
GEMM with an element-wise epilogue, rectangular blocks, schedules and the Blackhole device.

References here are numpy computed step by step in the kernel's dtype (numpy's float32 arithmetic and ml_dtypes'
bfloat16 round every operation to nearest, as the SFPU/FPU and the interpreter do), so the tolerance is one ulp
of the output dtype (a tie or a double rounding resolved the other way); both targets are checked against it.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.tenstorrent import annotate_tt_schedule
from test_tt_gemm import matmul
from tt_check import BF16, U, assert_within, compile_both, f64, gemm_ref, inputs, ulp


def both(func, args, reference, dtype, out_idx=-1, extra=0.0):
    tt, interp = compile_both(func, out_idx)
    outs, routs = tt(*args), interp(*args)
    if not isinstance(outs, list):
        outs, routs, reference = [outs], [routs], [reference]
    for k, (o, r, e) in enumerate(zip(outs, routs, reference)):
        assert_within(o, e, ulp(e, dtype) + extra, f"{func.name} output {k}: tenstorrent vs numpy")
        assert_within(r, e, ulp(e, dtype) + extra, f"{func.name} output {k}: interpret vs numpy")
        assert_within(o, r, ulp(r, dtype) + extra, f"{func.name} output {k}: tenstorrent vs interpret")
    return tt


def scalar_consts(M, N, bM, bN, dtype):
    @T.prim_func
    def scalar_consts(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = T.min(1.0 - A_s[i, j] * 2.0, 1.5) / 4.0 + T.max(A_s[i, j], -0.5)
            T.copy(C_l, C[by * bM, bx * bN])
    return scalar_consts


def test_scalar_constants_float32(rng):
    a = inputs(rng, (100, 70), "float32")
    x = a.astype(np.float32)
    ref = np.minimum(np.float32(1) - x * np.float32(2), np.float32(1.5)) / np.float32(4) + np.maximum(x, np.float32(-0.5))
    both(scalar_consts(100, 70, 32, 64, "float32"), [a], f64(ref), "float32")


def chain(M, N, bM, bN, dtype):
    @T.prim_func
    def chain(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            B_s = T.alloc_shared((bM, bN), dtype)
            D_l = T.alloc_fragment((bM, bN), dtype)
            E_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                D_l[i, j] = A_s[i, j] - B_s[i, j]
            for i, j in T.Parallel(bM, bN):
                E_l[i, j] = D_l[i, j] * D_l[i, j] + A_s[i, j]
            for i, j in T.Parallel(bM, bN):
                E_l[i, j] = E_l[i, j] * 0.5
            T.copy(E_l, C[by * bM, bx * bN])
    return chain


def test_chained_parallel_loops_bfloat16(rng):
    a, b = inputs(rng, (200, 96), "bfloat16"), inputs(rng, (200, 96), "bfloat16")
    d = a - b
    ref = (d * d + a) * BF16(0.5)
    both(chain(200, 96, 64, 32, "bfloat16"), [a, b], f64(ref), "bfloat16")


def fill_then_accumulate(M, N, bM, bN, dtype):
    @T.prim_func
    def fill_acc(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.fill(C_l, 3.0)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = C_l[i, j] + A_s[i, j]
            T.copy(C_l, C[by * bM, bx * bN])
    return fill_acc


def test_fill_then_update_in_place_float32(rng):
    a = inputs(rng, (100, 70), "float32")
    both(fill_then_accumulate(100, 70, 32, 64, "float32"), [a], f64(np.float32(3) + a), "float32")


def mixed_precision(M, N, bM, bN):
    @T.prim_func
    def mixed(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "bfloat16")
            B_s = T.alloc_shared((bM, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = T.cast(A_s[i, j], "float32") * T.cast(B_s[i, j], "float32") + 1.0
            T.copy(C_l, C[by * bM, bx * bN])
    return mixed


def test_bf16_inputs_float32_fragment_bf16_output(rng):
    a, b = inputs(rng, (100, 70), "bfloat16"), inputs(rng, (100, 70), "bfloat16")
    # bf16·bf16 is exact in float32; + 1 rounds in float32; the copy-out rounds to bf16.
    ref = (a.astype(np.float32) * b.astype(np.float32) + np.float32(1)).astype(BF16)
    both(mixed_precision(100, 70, 32, 64), [a, b], f64(ref), "bfloat16")


def int32_moves(M, N):
    @T.prim_func
    def int32_moves(A: T.Tensor((M, N), "int32"), C: T.Tensor((M, N), "int32")):
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            a = T.alloc_shared((32, 32), "int32")
            c = T.alloc_fragment((32, 32), "int32")
            T.copy(A[by * 32, bx * 32], a)
            T.clear(c)
            if by != 0:
                T.copy(a, c)
            T.copy(c, C[by * 32, bx * 32])
    return int32_moves


def test_int32_moves_are_exact(rng):
    # int32 tiles are moved as they are (reads, same-format copies, T.clear's zero bits, writes): bit-exact even
    # where a float32 could not hold the value (|x| > 2^24). Integer math is an error (test_tt_errors.py).
    a = rng.integers(-2**31, 2**31 - 1, (96, 64), dtype=np.int64).astype(np.int32)
    ref = a.copy()
    ref[:32] = 0
    tt, interp = compile_both(int32_moves(96, 64))
    np.testing.assert_array_equal(tt(a), ref)
    np.testing.assert_array_equal(interp(a), ref)


def float16_add(M, N, bM, bN):
    @T.prim_func
    def add16(A: T.Tensor((M, N), "float16"), B: T.Tensor((M, N), "float16"), C: T.Tensor((M, N), "float16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "float16")
            B_s = T.alloc_shared((bM, bN), "float16")
            C_l = T.alloc_fragment((bM, bN), "float16")
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] * B_s[i, j] + A_s[i, j]
            T.copy(C_l, C[by * bM, bx * bN])
    return add16


def test_float16_keeps_its_precision(rng):
    # Regression: float16 tiles were computed in a 16-bit DST, which holds bf16 (8 significant bits), and
    # multiplied on the FPU, whose SrcA keeps 9 mantissa bits: errors up to 2^-8 relative. float16 CBs now
    # select the fp32 DST and the SFPU, and each float16 operation is rounded to float16 as the interpreter rounds
    # it (tt_float8.h: a*b, then a*b + a; fp32's 24 bits make the double rounding innocuous): both targets give
    # the same bits, within u·(|a·b| + |a·b + a|)·(1 + 2u) of the exact value, u = 2^-11.
    a = rng.uniform(-2, 2, (64, 96)).astype(np.float16)
    b = rng.uniform(-2, 2, (64, 96)).astype(np.float16)
    p = f64(a) * f64(b)
    s = p + f64(a)
    bound = U["float16"] * (np.abs(p) + np.abs(s)) * (1 + 2 * U["float16"])
    tt, interp = compile_both(float16_add(64, 96, 32, 32))
    out, ref = tt(a, b), interp(a, b)
    assert_within(ref, s, bound, "float16 on interpret vs numpy")
    assert_within(out, ref, 0.0, "float16: tenstorrent vs interpret (the same float16 roundings)")
    assert "fp32_dest_acc_en = true" in tt.get_kernel_source()["host.cpp"]


def two_outputs(M, N, bM, bN, dtype):
    @T.prim_func
    def two_outputs(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype), D: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] * 3.0
            T.copy(C_l, C[by * bM, bx * bN])
            T.copy(C_l, D[by * bM, bx * bN])
    return two_outputs


@pytest.mark.parametrize("schedule", [None, {"order": "column_major"},
                                      {"policy": "strided", "order": "column_major", "cores": 7}])
def test_fragment_copied_out_twice_under_schedules(rng, schedule):
    # 300×520 in 32×32 blocks: 170 blocks, more than the cores; column-major and strided schedules with 7 cores
    # must cover every block exactly once.
    a = inputs(rng, (300, 520), "float32")
    f = two_outputs(300, 520, 32, 32, "float32")
    if schedule:
        f = annotate_tt_schedule(f, **schedule)
    ref = f64(a * np.float32(3))
    both(f, [a], [ref, ref], "float32", out_idx=[1, 2])


def two_kernels(M, N, bM, bN, dtype):
    @T.prim_func
    def two_kernels(A: T.Tensor((M, N), dtype), Tmp: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                Tmp[by * bM + i, bx * bN + j] = A[by * bM + i, bx * bN + j] + 1.0
        with T.Kernel(T.ceildiv(M, bM), T.ceildiv(N, bN), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                C[bx * bM + i, by * bN + j] = Tmp[bx * bM + i, by * bN + j] * 2.0
    return two_kernels


def test_two_kernels_in_one_function(rng):
    a = inputs(rng, (100, 70), "float32")
    tmp = a + np.float32(1)
    tt = both(two_kernels(100, 70, 32, 64, "float32"), [a], [f64(tmp), f64(tmp * np.float32(2))], "float32",
              out_idx=[1, 2])
    assert {"kernels/kernel0_reader.cpp", "kernels/kernel1_reader.cpp"} <= set(tt.get_kernel_source())


def gemm_epilogue(M, N, K, bM, bN, bK, k_loop):
    @T.prim_func
    def gemm_bias_relu(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
                       bias: T.Tensor((N,), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            b_s = T.alloc_shared((bN,), "float32")
            C_l = T.alloc_fragment((bM, bN), "float32")
            D_l = T.alloc_fragment((bM, bN), "float32")
            T.copy(bias[bx * bN], b_s)
            T.clear(C_l)
            for k in k_loop(T.ceildiv(K, bK)):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            for i, j in T.Parallel(bM, bN):
                D_l[i, j] = T.max(C_l[i, j] + b_s[j], 0)
            T.copy(D_l, C[by * bM, bx * bN])
    return gemm_bias_relu


@pytest.mark.parametrize("k_loop", ["serial", "pipelined"])
def test_gemm_with_bias_relu_epilogue_float32_out(rng, k_loop):
    # Inputs are small multiples of 1/8 so every product and partial sum is exact in fp32, and so is adding the
    # float32 bias (broadcast exactly, see test_tt_elementwise.test_float32_vector_operands_keep_full_precision).
    M, N, K = 200, 300, 96
    a = (rng.integers(-16, 17, (M, K)) / 8.0).astype(BF16)
    b = (rng.integers(-16, 17, (K, N)) / 8.0).astype(BF16)
    bias = (rng.integers(-64, 65, (N,)) / 8.0).astype(np.float32)
    ref = np.maximum(f64(a) @ f64(b) + f64(bias)[None, :], 0)
    loop = T.serial if k_loop == "serial" else (lambda n: T.Pipelined(n, num_stages=2))
    tt, interp = compile_both(gemm_epilogue(M, N, K, 64, 64, 32, loop))
    np.testing.assert_array_equal(f64(tt(a, b, bias)), ref)
    np.testing.assert_array_equal(f64(interp(a, b, bias)), ref)


@pytest.mark.parametrize("M,N,K,bM,bN,bK,device", [
    (96, 256, 192, 32, 128, 64, "tenstorrent"),             # 1×4-tile blocks, two K tiles per step
    (600, 300, 96, 32, 32, 32, "tenstorrent/blackhole"),    # 190 blocks on the 13×10 Blackhole grid
])
def test_gemm_rectangular_blocks_and_blackhole(rng, M, N, K, bM, bN, bK, device):
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (N, K), "bfloat16", -1, 1)
    ref, accum = gemm_ref(a, f64(b).T)
    func = matmul(M, N, K, bM, bN, bK, transpose_B=True)
    tt = tilelang.compile(func, out_idx=-1, target=device)
    interp = tilelang.compile(func, out_idx=-1, target="interpret")
    out, rout = tt(a, b), interp(a, b)
    assert_within(out, ref, 2.0**-8 * np.abs(ref) + accum * 1.01, "tenstorrent vs numpy")
    assert_within(out, rout, ulp(rout, "bfloat16") + 2 * accum, "tenstorrent vs interpret")
    if device.endswith("blackhole"):
        assert '"device": "blackhole"' in tt.get_kernel_source()["plan.json"]
        assert tt.backend.last_run["programs"][0]["device"] == "blackhole"


def mixed_loads(M, N, bM, bN):
    @T.prim_func
    def mixed_loads(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            B_s = T.alloc_shared((bM, bN), "float32")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A[by * bM + i, bx * bN + j] * A[by * bM + i, bx * bN + j] + B_s[i, j]
            T.copy(C_l, C[by * bM, bx * bN])
    return mixed_loads


def test_parallel_mixing_global_and_shared_operands(rng):
    a, b = inputs(rng, (100, 70), "float32"), inputs(rng, (100, 70), "float32")
    tt = both(mixed_loads(100, 70, 32, 64), [a, b], f64(a * a + b), "float32")
    # A is read once per block although the expression uses it twice.
    assert tt.get_kernel_source()["kernels/kernel0_reader.cpp"].count("tl_read_tiles(t_A,") == 1


def b_stationary(M, N, K, bM, per_core):
    @T.prim_func
    def b_stationary(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
                     C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(M, bM * per_core), threads=128) as bx:
            A_s = T.alloc_shared((bM, K), "bfloat16")
            B_s = T.alloc_shared((K, N), "bfloat16")
            C_l = T.alloc_fragment((bM, N), "float32")
            T.copy(B[0, 0], B_s)
            for m in T.serial(per_core):
                T.copy(A[(bx * per_core + m) * bM, 0], A_s)
                T.gemm(A_s, B_s, C_l, clear_accum=True)
                T.copy(C_l, C[(bx * per_core + m) * bM, 0])
    return b_stationary


def test_gemm_clear_accum_with_stationary_B(rng):
    # Regression: the accumulator's CB was first created at the gemm itself (clear_accum=True, no T.clear),
    # which invalidated the references tensorize held to the A and B CB entries: the compute kernel waited on
    # a garbage CB index and the emulator's sanitizer stopped it. B is read once per block and reused.
    M, N, K = 256, 64, 64
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    ref, accum = gemm_ref(a, b)
    tt, interp = compile_both(b_stationary(M, N, K, 32, 4))
    out, rout = tt(a, b), interp(a, b)
    assert_within(out, ref, 2.0**-8 * np.abs(ref) + accum * 1.01, "tenstorrent vs numpy")
    assert_within(out, rout, ulp(rout, "bfloat16") + 2 * accum, "tenstorrent vs interpret")
    reader = tt.get_kernel_source()["kernels/kernel0_reader.cpp"]
    assert reader.index("tl_read_tiles(t_B,") < reader.index("for (int32_t m")  # B once, before the loop


def staged_through_shared(M, N, bM, bN):
    @T.prim_func
    def staged(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "float32")
            C_l = T.alloc_fragment((bM, bN), "float32")
            C_s = T.alloc_shared((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], A_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = A_s[i, j] + 1.0
            T.copy(C_l, C_s)
            T.copy(C_s, C[by * bM, bx * bN])
    return staged


def test_fragment_staged_through_shared_before_copy_out(rng):
    a = inputs(rng, (100, 70), "float32")
    both(staged_through_shared(100, 70, 32, 64), [a], f64(a + np.float32(1)), "float32")


def three_d_grid(M, N):
    @T.prim_func
    def grid3(A: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 32), 2, T.ceildiv(M, 64), threads=128) as (bx, by, bz):
            A_s = T.alloc_shared((32, 32), "float32")
            C_l = T.alloc_fragment((32, 32), "float32")
            T.copy(A[bz * 64 + by * 32, bx * 32], A_s)
            for i, j in T.Parallel(32, 32):
                C_l[i, j] = A_s[i, j] * 2.0 - 1.0
            T.copy(C_l, C[bz * 64 + by * 32, bx * 32])
    return grid3


@pytest.mark.parametrize("schedule", [None, {"policy": "strided", "order": "column_major", "cores": 4}])
def test_three_dimensional_grid(rng, schedule):
    # bz, by, bx all recovered from the persistent loop's block index, in either order.
    a = inputs(rng, (192, 96), "float32")
    f = three_d_grid(192, 96)
    if schedule:
        f = annotate_tt_schedule(f, **schedule)
    both(f, [a], f64(a * np.float32(2) - np.float32(1)), "float32")
