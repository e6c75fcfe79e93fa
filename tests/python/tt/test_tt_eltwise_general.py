"""General element-wise lowering on "tenstorrent" (issue 13, part 1): T.Parallel nests of any shape become DST
register programs — several statements, scalar temporaries (T.alloc_var), ifs and T.if_then_else (SFPU
comparisons and where), boolean logic, T.max/T.min/T.clamp, 1-D weights read from global tensors, in-place
updates of a buffer loaded from a global tensor, and trees needing more DST slots than the mode has (spilled
through CBs). Each kernel runs on both targets against a float64 numpy reference.

Tolerances (tt_check.py): float32 tile code runs on the SFPU in fp32 (float32 CBs unpack to an fp32 DST), one
rounding per operation, so a result within k operations of exact inputs is within k·2^-24 relative of each
intermediate; the SFPU's transcendental functions are within 1.5 ulp (docs/emulator-compute.md §6), so each
counts as 2 operations here. The bounds below are that sum, written out per kernel. bfloat16 kernels round
every DST result to bf16 (2^-8 per operation). Reductions and broadcasts of a vector read their float32
operands through the FPU's source registers, which keep 9 mantissa bits (F = 2^-9 relative, test_tt_softmax.py
states the same bounds for its kernels); SF = 2^-12 bounds an SFPU function's error generously.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import U, assert_within, compile_both, f64, inputs, rnd, ulp

F32 = "float32"
F = 2.0**-9
SF = 2.0**-12


def run_both(func, *args):
    tt, interp = compile_both(func)
    return tt(*args), interp(*args)


def assert_both(outs, ref, bound, what):
    for out, target in zip(outs, ("tenstorrent", "interpret")):
        assert_within(out, ref, bound, f"{what} on {target} vs numpy")


# ---- several statements, scalar temporaries, select, comparisons, max/min/clamp

def many_statements(M, N, bM, bN, dtype):
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            B_s = T.alloc_shared((bM, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            D_l = T.alloc_fragment((bM, bN), dtype)
            t = T.alloc_var(dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                t = A_s[i, j] * 2.0 - B_s[i, j]
                D_l[i, j] = T.clamp(t, -1.5, 1.5)
                C_l[i, j] = T.if_then_else(t > 0.5, T.max(t, B_s[i, j]), T.min(D_l[i, j], A_s[i, j]))
                if (A_s[i, j] < 0.0) and (B_s[i, j] >= -0.25):
                    C_l[i, j] = C_l[i, j] + D_l[i, j]
                else:
                    C_l[i, j] = C_l[i, j] * 0.5
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def many_statements_ref(a, b):
    t = a * 2.0 - b
    d = np.clip(t, -1.5, 1.5)
    c = np.where(t > 0.5, np.maximum(t, b), np.minimum(d, a))
    return np.where((a < 0) & (b >= -0.25), c + d, c * 0.5), np.abs(a) * 2 + np.abs(b)


@pytest.mark.parametrize("dtype", [F32, "bfloat16"])
def test_many_statements_select_and_scalars(dtype):
    rng = np.random.default_rng(1)
    a, b = inputs(rng, (64, 96), dtype), inputs(rng, (64, 96), dtype)
    ref, scale = many_statements_ref(f64(a), f64(b))
    outs = run_both(many_statements(64, 96, 32, 32, dtype), a, b)
    # t: two roundings of |2a| + |b|, then up to two more ops: 4 roundings of the inputs' scale. A comparison of a
    # rounded t against 0.5 can flip only where t is within that bound of 0.5: such elements are excluded.
    bound = 4 * U[dtype] * scale
    t = f64(a) * 2 - f64(b)
    stable = np.abs(t - 0.5) > bound
    for out, target in zip(outs, ("tenstorrent", "interpret")):
        assert_within(f64(out)[stable], ref[stable], bound[stable], f"many statements ({dtype}) on {target}")
    assert stable.mean() > 0.95


# ---- upstream's held-out forms

def guarded_select_global(M, N, bM, bN, dtype):
    """Element-wise on global memory, bounds-guarded, with T.if_then_else and T.max (issue 13's held-out kernel)."""
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                y = by * bM + i
                x = bx * bN + j
                if y < M and x < N:
                    C[y, x] = T.if_then_else(A[y, x] > B[y, x], T.max(A[y, x], 0.0), B[y, x] * 2.0)
    return k


@pytest.mark.parametrize("shape", [(64, 64), (100, 70)], ids=["whole_tiles", "edge_tiles"])
def test_guarded_select_on_global(shape):
    rng = np.random.default_rng(2)
    a, b = inputs(rng, shape, F32), inputs(rng, shape, F32)
    ref = np.where(f64(a) > f64(b), np.maximum(f64(a), 0.0), f64(b) * 2.0)
    # a > b is decided on a − b, exact in fp32 unless it underflows (not for these inputs); b·2 is exact.
    assert_both(run_both(guarded_select_global(*shape, 32, 32, F32), a, b), ref, 0.0, "guarded select")


def row_softmax_in_place(M, N, bM, dtype):
    """A row softmax that updates in place the buffer it loaded from the global tensor."""
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            A_s = T.alloc_fragment((bM, N), dtype)
            m = T.alloc_fragment((bM,), dtype)
            s = T.alloc_fragment((bM,), dtype)
            T.copy(A[bx * bM, 0], A_s)
            T.reduce_max(A_s, m, dim=1)
            for i, j in T.Parallel(bM, N):
                A_s[i, j] = T.exp(A_s[i, j] - m[i])
            T.reduce_sum(A_s, s, dim=1)
            for i, j in T.Parallel(bM, N):
                A_s[i, j] = A_s[i, j] / s[i]
            T.copy(A_s, B[bx * bM, 0])
    return k


@pytest.mark.parametrize("shape", [(64, 128), (96, 64)])
def test_row_softmax_updates_loaded_buffer(shape):
    M, N = shape
    rng = np.random.default_rng(3)
    a = inputs(rng, shape, F32, -4, 4)
    x = f64(a)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    # A truncated row max only shifts the exponent (softmax is shift-invariant); the row sum (F) and the broadcast
    # of the sum into the division (F), the exp (SF), one rounding (u).
    bound = (2 * F + SF + 2 * U[F32]) * ref
    assert_both(run_both(row_softmax_in_place(M, N, 32, F32), a), ref, bound, "row softmax")


def rms_norm_weight(M, N, bM, dtype, eps=1e-6):
    """RMSNorm whose weight is a 1-D global tensor, read per column inside the T.Parallel."""
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), W: T.Tensor((N,), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            A_s = T.alloc_shared((bM, N), dtype)
            sq = T.alloc_fragment((bM, N), dtype)
            r = T.alloc_fragment((bM,), dtype)
            O = T.alloc_fragment((bM, N), dtype)
            T.copy(A[bx * bM, 0], A_s)
            for i, j in T.Parallel(bM, N):
                sq[i, j] = A_s[i, j] * A_s[i, j]
            T.reduce_sum(sq, r, dim=1)
            for i in T.Parallel(bM):
                r[i] = T.rsqrt(r[i] / N + eps)
            for i, j in T.Parallel(bM, N):
                O[i, j] = A_s[i, j] * r[i] * W[j]
            T.copy(O, B[bx * bM, 0])
    return k


@pytest.mark.parametrize("shape", [(64, 128), (128, 64)])
def test_rms_norm_with_1d_weight(shape):
    M, N = shape
    rng = np.random.default_rng(4)
    a, w = inputs(rng, shape, F32), inputs(rng, (N,), F32, 0.5, 1.5)
    x = f64(a)
    r = 1.0 / np.sqrt((x * x).mean(axis=1, keepdims=True) + 1e-6)
    ref = x * r * f64(w)[None, :]
    # The row sum of squares (F, halved by the rsqrt), the broadcasts of r and of the weight (F each), rsqrt (SF),
    # the roundings of the products and the mean (4 u).
    bound = (F / 2 + 2 * F + SF + 4 * U[F32]) * np.abs(ref)
    assert_both(run_both(rms_norm_weight(M, N, 32, F32), a, w), ref, bound, "rms norm")


# ---- trees larger than DST

def deep_tree(M, N, bM, bN, dtype, depth):
    """C = a + b·(a + b·(a + …)): right-nested, so each level holds one more DST slot (depth + 1 in all)."""
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), dtype)
            B_s = T.alloc_shared((bM, bN), dtype)
            C_l = T.alloc_fragment((bM, bN), dtype)
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = nest(A_s[i, j], B_s[i, j], depth)
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def nest(a, b, depth):
    v = a
    for _ in range(depth):
        v = a + T.exp(b) * v if not isinstance(a, np.ndarray) else a + np.exp(b) * v
    return v


@pytest.mark.parametrize("dtype,depth", [(F32, 6), (F32, 12), ("bfloat16", 12)])
def test_tree_larger_than_dst_is_spilled(dtype, depth):
    # fp32 DST has 4 slots, bf16 8: depth 6 and 12 need 7 and 13 (a + e·v holds a, e and v's own operands).
    rng = np.random.default_rng(5)
    a, b = inputs(rng, (64, 64), dtype, -0.5, 0.5), inputs(rng, (64, 64), dtype, -1.0, 0.0)
    x, y = f64(a), f64(b)
    ref, scale = x, np.abs(x)
    for _ in range(depth):
        ref = x + np.exp(y) * ref
        scale = np.abs(x) + np.exp(y) * scale
    tt, interp = compile_both(deep_tree(64, 64, 32, 32, dtype, depth))
    src = next(v for k, v in tt.get_kernel_source().items() if "compute" in k)
    # 4 roundings per level (exp 2, product, sum) of that level's scale, accumulated through the levels.
    bound = 4 * depth * U[dtype] * scale
    assert_both((tt(a, b), interp(a, b)), ref, bound, f"depth-{depth} tree ({dtype})")
    # The spill: more element-wise expressions in the compute kernel than the one statement of the nest.
    assert src.count("element-wise expression") > 1


# ---- the same constructs on a 1-D nest over vectors

def vector_select(N, dtype):
    @T.prim_func
    def k(A: T.Tensor((N,), dtype), C: T.Tensor((N,), dtype)):
        with T.Kernel(1, threads=128) as bx:
            a = T.alloc_fragment((N,), dtype)
            c = T.alloc_fragment((N,), dtype)
            T.copy(A[0], a)
            for i in T.Parallel(N):
                c[i] = T.if_then_else(a[i] >= 0.0, T.sqrt(a[i]), -a[i])
            T.copy(c, C[0])
    return k


def test_vector_select():
    rng = np.random.default_rng(6)
    a = inputs(rng, (128,), F32)
    x = f64(a)
    ref = np.where(x >= 0, np.sqrt(np.abs(x)), -x)
    assert_both(run_both(vector_select(128, F32), a), ref, 2 * U[F32] * np.abs(ref), "vector select")


# ---- errors that stay

def test_loop_carried_scalar_is_a_located_error():
    M = N = 32
    @T.prim_func
    def k(A: T.Tensor((M, N), F32), C: T.Tensor((M, N), F32)):
        with T.Kernel(1, threads=128) as bx:
            A_s = T.alloc_shared((M, N), F32)
            C_l = T.alloc_fragment((M, N), F32)
            acc = T.alloc_var(F32)
            T.copy(A[0, 0], A_s)
            for i, j in T.Parallel(M, N):
                acc = A_s[i, j] * 2.0
                C_l[i, j] = acc
            for i, j in T.Parallel(M, N):
                C_l[i, j] = A_s[i, j] + acc  # carried
                acc = A_s[i, j]
            T.copy(C_l, C[0, 0])
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(k, out_idx=-1, target="tenstorrent")
    assert "[T.Parallel] scalar acc is read before it is assigned in this iteration" in str(e.value)
    assert "C_l[i, j] = A_s[i, j] + acc  # carried" in str(e.value) and "^" in str(e.value)


# ---- index-derived masks: the loop indices as tiles (the reader makes them), block offsets as runtime scalars

def causal_mask(M, N, bM, bN, dtype):
    """Upstream attention's causal mask: scores at or below the diagonal kept, the rest -inf (a serial loop over
    column blocks, as the flash-attention examples do)."""
    @T.prim_func
    def k(S: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, bM), threads=128) as bx:
            acc = T.alloc_fragment((bM, bN), dtype)
            for k in T.serial(T.ceildiv(N, bN)):
                T.copy(S[bx * bM, k * bN], acc)
                for i, j in T.Parallel(bM, bN):
                    acc[i, j] = acc[i, j] + T.if_then_else(bx * bM + i >= k * bN + j, 0, -T.infinity(acc.dtype))
                T.copy(acc, C[bx * bM, k * bN])
    return k


@pytest.mark.parametrize("dtype,shape,block", [(F32, (128, 128), (32, 64)), ("bfloat16", (256, 192), (64, 32))])
def test_causal_mask(dtype, shape, block):
    rng = np.random.default_rng(7)
    s = inputs(rng, shape, dtype)
    r, c = np.indices(shape)
    ref = np.where(r >= c, f64(s), -np.inf)
    # x + 0 and x + (-inf) are exact.
    outs = run_both(causal_mask(*shape, *block, dtype), s)
    for out, target in zip(outs, ("tenstorrent", "interpret")):
        np.testing.assert_array_equal(f64(out), ref, err_msg=f"causal mask on {target}")


def index_arithmetic(M, N, bM, bN, dtype):
    """Values computed from the indices themselves (a ramp and a band mask with boolean logic)."""
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                y = by * bM + i
                x = bx * bN + j
                C[y, x] = T.if_then_else((y - x <= 3) and (x - y <= 3), A[y, x] * 0.5 + (y * N + x), 0.0)
    return k


def test_index_values_and_band_mask():
    M, N = 64, 96
    rng = np.random.default_rng(8)
    a = inputs(rng, (M, N), F32)
    r, c = np.indices((M, N))
    ref = np.where(np.abs(r - c) <= 3, f64(a) * 0.5 + (r * N + c), 0.0)
    # a·0.5 exact; the index y·N + x < 2^13 exact in fp32; one rounding of the sum.
    assert_both(run_both(index_arithmetic(M, N, 32, 32, F32), a), ref, U[F32] * np.abs(ref), "index values")


def index_of_1d_nest(M, N, bM, dim):
    """Each bM-row (dim=1: a column vector) or bM-column (dim=0: a row vector) block's absmax, masked by the
    element's global index as upstream's group fp8 cast masks its scales (row * blk_m + i < valid), plus i / 4."""
    L = M if dim == 1 else N

    @T.prim_func
    def k(A: T.Tensor((M, N), F32), S: T.Tensor((L,), F32)):
        with T.Kernel(L // bM, threads=128) as bx:
            A_s = T.alloc_shared((bM, N) if dim == 1 else (M, bM), F32)
            m = T.alloc_fragment((bM,), F32)
            if dim == 1:
                T.copy(A[bx * bM, 0], A_s)
            else:
                T.copy(A[0, bx * bM], A_s)
            T.reduce_absmax(A_s, m, dim=dim)
            for i in T.Parallel(bM):
                m[i] = T.if_then_else(bx * bM + i < L - 20, m[i] / 448.0, 0.0) + i * 0.25
            T.copy(m, S[bx * bM])
    return k


@pytest.mark.parametrize("dim", [1, 0])
def test_index_of_a_1d_nest_as_a_value(dim):
    M, N, bM = 96, 64, 32
    a = inputs(np.random.default_rng(9), (M, N), F32)
    idx = np.arange(M if dim == 1 else N)
    amax = np.abs(f64(a)).max(axis=dim)
    ref = np.where(idx < len(idx) - 20, amax / 448.0, 0.0) + (idx % bM) * 0.25
    # The index values i / 4 are exact. absmax: the reduction reads float32 through the FPU's 9-bit-mantissa
    # operands on tenstorrent (2^-9 relative, test_tt_reduce.py); the quotient and the sum: a few float32 roundings.
    bound = np.where(idx < len(idx) - 20, 2.0**-9 * amax / 448.0, 0.0) + 4 * U[F32] * np.abs(ref)
    assert_both(run_both(index_of_1d_nest(M, N, bM, dim), a), ref, bound, "1-D index values")


# ---- numerics: pass config tt.fp32_dest

def bf16_chain(M, N, bM, bN):
    @T.prim_func
    def k(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "bfloat16")
            B_s = T.alloc_shared((bM, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "bfloat16")
            T.copy(A[by * bM, bx * bN], A_s)
            T.copy(B[by * bM, bx * bN], B_s)
            for i, j in T.Parallel(bM, bN):
                C_l[i, j] = ((A_s[i, j] * B_s[i, j] + A_s[i, j]) * B_s[i, j] - B_s[i, j]) * A_s[i, j]
            T.copy(C_l, C[by * bM, bx * bN])
    return k


def test_fp32_dest_keeps_bf16_intermediates_exact():
    """Without the config a bf16 DST rounds each of the 5 operations (5·2^-8 of the intermediates' scale); with
    it the fp32 DST rounds each to 2^-24 and only the final pack rounds to bf16: within one bf16 rounding (2^-8) of
    the result plus 5·2^-24 of the scale. The modeled time of both is recorded (the cost: fp32 DST has half the
    slots; this expression needs 2)."""
    rng = np.random.default_rng(9)
    a, b = inputs(rng, (64, 64), "bfloat16"), inputs(rng, (64, 64), "bfloat16")
    x, y = f64(a), f64(b)
    ref = ((x * y + x) * y - y) * x
    scale = ((np.abs(x * y) + np.abs(x)) * np.abs(y) + np.abs(y)) * np.abs(x)
    func = bf16_chain(64, 64, 32, 32)
    plain = tilelang.compile(func, out_idx=-1, target="tenstorrent")
    exact = tilelang.compile(func, out_idx=-1, target="tenstorrent", pass_configs={"tt.fp32_dest": True})
    assert "fp32_dest_acc_en = true" in exact.get_kernel_source()["host.cpp"]
    assert "fp32_dest_acc_en = true" not in plain.get_kernel_source()["host.cpp"]
    assert_within(exact(a, b), ref, U["bfloat16"] * np.abs(ref) + 5 * U[F32] * scale, "fp32_dest chain")
    assert_within(plain(a, b), ref, 5 * U["bfloat16"] * scale, "bf16 DST chain")
    times = [k.backend.last_run["programs"][0]["modeled_seconds"] for k in (plain, exact)]
    print(f"bf16 chain 64x64: modeled {times[0] * 1e6:.2f} us with a bf16 DST, {times[1] * 1e6:.2f} us with fp32")
    assert all(t > 0 for t in times)


# ---- a nest that reads back the global element it stored

def store_then_read_global(M, N, bM, bN, dtype, shifted):
    @T.prim_func
    def k(A: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype), D: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            for i, j in T.Parallel(bM, bN):
                C[by * bM + i, bx * bN + j] = A[by * bM + i, bx * bN + j] * 2.0
                if shifted:
                    D[by * bM + i, bx * bN + j] = C[by * bM + i, bx * bN + (j + 1) % bN] + 1.0  # S1
                else:
                    D[by * bM + i, bx * bN + j] = C[by * bM + i, bx * bN + j] + 1.0
    return k


def test_nest_reads_back_the_global_element_it_stored():
    rng = np.random.default_rng(10)
    a = inputs(rng, (64, 64), F32)
    tt, interp = (tilelang.compile(store_then_read_global(64, 64, 32, 32, F32, False), out_idx=[1, 2], target=t)
                  for t in ("tenstorrent", "interpret"))
    for c, d in (tt(a), interp(a)):
        assert_within(c, f64(a) * 2, 0.0, "C")
        assert_within(d, f64(a) * 2 + 1, U[F32] * np.abs(f64(a) * 2 + 1), "D")
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(store_then_read_global(64, 64, 32, 32, F32, True), out_idx=[1, 2], target="tenstorrent")
    assert "[T.Parallel] global tensor C is read at" in str(e.value)
    assert "a nest may read back only the element it stored" in str(e.value)


# ---- comparisons with infinities: a − b of two equal infinities is NaN, so the operands are clamped first

def compare_all(M, N, dtype):
    @T.prim_func
    def f(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), F32)):
        with T.Kernel(1) as bx:
            a = T.alloc_shared((M, N), dtype)
            b = T.alloc_shared((M, N), dtype)
            c = T.alloc_fragment((M, N), F32)
            T.copy(A, a)
            T.copy(B, b)
            for i, j in T.Parallel(M, N):
                c[i, j] = (T.if_then_else(a[i, j] >= b[i, j], 1.0, 0.0) + T.if_then_else(a[i, j] <= b[i, j], 2.0, 0.0)
                           + T.if_then_else(a[i, j] == b[i, j], 4.0, 0.0) + T.if_then_else(a[i, j] < b[i, j], 8.0, 0.0)
                           + T.if_then_else(a[i, j] > b[i, j], 16.0, 0.0) + T.if_then_else(a[i, j] != b[i, j], 32.0, 0.0)
                           + T.if_then_else(a[i, j] > -T.infinity(dtype), 64.0, 0.0))
            T.copy(c, C)
    return f


@pytest.mark.parametrize("dtype", [F32, "bfloat16"])
def test_comparisons_of_infinities(dtype):
    """Every comparison of every pair of {-inf, -3, 0, 2.5, +inf, 1e38, -1e30} gives exactly numpy's answer on both
    targets — equal infinities compare equal (inf − inf would be NaN). (The operands are clamped to ±3.3895e38, the
    largest finite bfloat16: values beyond it compare equal to the infinity of their sign — docs/tenstorrent.md.)"""
    vals = np.array([-np.inf, -3.0, 0.0, 2.5, np.inf, 1e38, -1e30], np.float64)
    pa, pb = np.meshgrid(vals, vals, indexing="ij")
    a = np.zeros((32, 64)); b = np.zeros((32, 64))
    a.flat[:pa.size], b.flat[:pb.size] = pa.ravel(), pb.ravel()
    np_dtype = np.float32 if dtype == F32 else __import__("ml_dtypes").bfloat16
    a, b = a.astype(np_dtype), b.astype(np_dtype)
    x, y = f64(a), f64(b)
    ref = (1.0 * (x >= y) + 2.0 * (x <= y) + 4.0 * (x == y) + 8.0 * (x < y) + 16.0 * (x > y) + 32.0 * (x != y)
           + 64.0 * (x > -np.inf))
    for out, target in zip(run_both(compare_all(32, 64, dtype), a, b), ("tenstorrent", "interpret")):
        np.testing.assert_array_equal(out, ref, err_msg=f"comparisons on {target}")
