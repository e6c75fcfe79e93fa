"""Buffers whose values are overwritten before anything reads them, and buffers written or read under control flow
that depends on the block or on a loop variable, on target "tenstorrent" — compared with numpy and "interpret".

On tenstorrent each write of a shared/fragment buffer pushes a new version into its circular buffer, and the
consumer must pop every version exactly once, in order: a version nothing reads (a T.fill that a reduction with
clear=True overwrites, a T.clear under an `if` followed by a copy into the buffer, the previous iteration's result
of a reduction with clear=True inside a loop) must still be popped, or a later read finds it instead of the value
it should see (tt_pop_insertion.h).

Tolerances: copies, fills and clears of float32 data are exact (float32 CBs go through an fp32 DST), so those
references are checked to one ulp (tt_check.check's comparison with interpret). Reductions: as in
test_tt_reduce.py — reduce_tile reads float32 inputs as TF32 (2^-9 relative per element, for max too), sums add n·u·S.
"""
import re

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import U, assert_error_at, check, f64, gemm_ref, inputs

FILE = __file__
TF32 = 2.0**-9
FILL = 0.75  # not the identity of any reduction: a fold that keeps it shows
KINDS = ["sum", "max", "min", "abssum", "absmax"]


def reduce_after_fill(kind, clear, fill, loop, M=64, N=128, bM=32, bN=64, dtype="float32"):
    """m[rows of block bx] = reduce_<kind> along dim 1 of A's blocks, into m_l, optionally T.fill'ed with FILL
    first; in a loop over the column blocks (clear=False folds them, clear=True keeps the last) or of the first
    column block only."""
    red = getattr(T, "reduce_" + kind)
    kw = {} if kind.startswith("abs") else {"clear": clear}  # reduce_abssum/absmax take no clear (as upstream)

    @T.prim_func
    def reduce_after_fill(A: T.Tensor((M, N), dtype), m: T.Tensor((M,), dtype)):
        with T.Kernel(M // bM, threads=128) as bx:
            A_s = T.alloc_shared((bM, bN), dtype)
            m_l = T.alloc_fragment((bM,), dtype)
            if fill:
                T.fill(m_l, FILL)
            if loop:
                for k in T.serial(N // bN):
                    T.copy(A[bx * bM, k * bN], A_s)
                    red(A_s, m_l, dim=1, **kw)  # RL
            else:
                T.copy(A[bx * bM, 0], A_s)
                red(A_s, m_l, dim=1, **kw)  # RS
            T.copy(m_l, m[bx * bM])
    return reduce_after_fill


REDUCE_CASES = [pytest.param(kind, clear, fill, loop, id=f"{kind}-clear{int(clear)}-fill{int(fill)}-loop{int(loop)}")
                for kind in KINDS for clear in (True, False) for fill in (True, False) for loop in (True, False)
                if clear or not kind.startswith("abs")]


@pytest.mark.parametrize("kind,clear,fill,loop", REDUCE_CASES)
def test_reduce_after_fill(kind, clear, fill, loop, rng):
    M, N, bM, bN = 64, 128, 32, 64
    func = reduce_after_fill(kind, clear, fill, loop, M, N, bM, bN)
    if not clear and not fill:  # folding into a buffer nothing initialised: an error, not a value
        with pytest.raises(tilelang.TileLangError) as e:
            tilelang.compile(func, out_idx=-1, target="tenstorrent")
        assert_error_at(e.value, FILE, "RL" if loop else "RS", "red(", "T.reduce_" + kind,
                        "fragment buffer m_l is read before anything writes it; clear=False folds into it: T.fill "
                        "it first, or pass clear=True")
        return
    A = inputs(rng, (M, N), "float32")
    x = f64(A)
    blocks = [x[:, k * bN:(k + 1) * bN] for k in range(N // bN if loop else 1)]
    one = {"sum": lambda b: b.sum(axis=1), "abssum": lambda b: np.abs(b).sum(axis=1),
           "max": lambda b: b.max(axis=1), "absmax": lambda b: np.abs(b).max(axis=1),
           "min": lambda b: b.min(axis=1)}[kind]
    fold = {"sum": np.add, "abssum": np.add, "max": np.maximum, "absmax": np.maximum, "min": np.minimum}[kind]
    if clear:
        ref = one(blocks[-1])
        used = [blocks[-1]]
    else:
        ref = np.full(M, FILL)
        for b in blocks:
            ref = fold(ref, one(b))
        used = blocks
    n = sum(b.shape[1] for b in used)
    s = sum(np.abs(b).sum(axis=1) for b in used) + (0 if clear else FILL)
    amax = np.max([np.abs(b).max(axis=1) for b in used], axis=0)
    bound = (n * U["float32"] + TF32) * s if kind.endswith("sum") else TF32 * amax
    check(func, [A], ref, bound, "float32", extra_interp=2 * bound)


# ---- clears, fills and copies under block- and loop-dependent control flow (float32 data: exact)

B = 32
STEPS = 3


def block_control(variant, M, N, pick=0):
    """C's 32×32 block (by, bx) made from A's blocks (by, k·N/32 + bx), k < STEPS, through the fragment c, by one
    of these variants (each a way for a version of a or c to go unread on some path)."""
    @T.prim_func
    def block_control(A: T.Tensor((M, STEPS * N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // B, M // B, threads=128) as (bx, by):
            a = T.alloc_shared((B, B), "float32")
            c = T.alloc_fragment((B, B), "float32")
            if variant == "clear_if_then_copy":  # the clear is dead wherever it runs
                T.copy(A[by * B, bx * B], a)
                if by:
                    T.clear(c)
                T.copy(a, c)
            elif variant == "clear_then_copy_if":  # the clear is dead where by != 0, copied out where by == 0
                T.copy(A[by * B, bx * B], a)
                T.clear(c)
                if by != 0:
                    T.copy(a, c)
            elif variant == "fill_or_copy":  # a is read in one branch only
                T.copy(A[by * B, bx * B], a)
                if (bx + by) % 2 == 0:
                    T.fill(c, 1.5)
                else:
                    T.copy(a, c)
            elif variant == "copy_at_step":  # a's blocks other than `pick` are dead; c's fill is live until then
                T.fill(c, -1.0)
                for k in T.serial(STEPS):
                    T.copy(A[by * B, (k * (N // B) + bx) * B], a)
                    if k == pick:
                        T.copy(a, c)
            elif variant == "last_in_loop":  # every iteration overwrites c; the last one is copied out
                for k in T.serial(STEPS):
                    T.copy(A[by * B, (k * (N // B) + bx) * B], a)
                    T.copy(a, c)
            elif variant == "read_twice":  # a's first block is dead
                T.copy(A[by * B, bx * B], a)
                T.copy(A[by * B, N + bx * B], a)
                T.copy(a, c)
            if variant == "copy_out_if":  # c is copied out in one branch only; the other stores a
                T.copy(A[by * B, bx * B], a)
                T.fill(c, 2.0)
                if bx == 0:
                    T.copy(c, C[by * B, bx * B])
                else:
                    T.copy(a, C[by * B, bx * B])
            else:
                T.copy(c, C[by * B, bx * B])
    return block_control


def block_reference(variant, x, M, N, pick=0):
    """numpy: what block_control(variant) computes from x = A."""
    block = lambda k, by, bx: x[by * B:(by + 1) * B, k * N + bx * B:k * N + (bx + 1) * B]
    make = {
        "clear_if_then_copy": lambda by, bx: block(0, by, bx),
        "clear_then_copy_if": lambda by, bx: block(0, by, bx) if by != 0 else 0.0,
        "fill_or_copy": lambda by, bx: 1.5 if (bx + by) % 2 == 0 else block(0, by, bx),
        "copy_at_step": lambda by, bx: block(pick, by, bx),
        "last_in_loop": lambda by, bx: block(STEPS - 1, by, bx),
        "read_twice": lambda by, bx: block(1, by, bx),
        "copy_out_if": lambda by, bx: 2.0 if bx == 0 else block(0, by, bx),
    }[variant]
    out = np.zeros((M, N))
    for by in range(M // B):
        for bx in range(N // B):
            out[by * B:(by + 1) * B, bx * B:(bx + 1) * B] = make(by, bx)
    return out


VARIANTS = [("clear_if_then_copy", 0), ("clear_then_copy_if", 0), ("fill_or_copy", 0), ("copy_at_step", 0),
            ("copy_at_step", 1), ("copy_at_step", 2), ("last_in_loop", 0), ("read_twice", 0), ("copy_out_if", 0)]


@pytest.mark.parametrize("variant,pick", VARIANTS, ids=[f"{v}{p}" if v == "copy_at_step" else v for v, p in VARIANTS])
def test_block_control(variant, pick, rng):
    M, N = 96, 64
    A = inputs(rng, (M, STEPS * N), "float32")
    check(block_control(variant, M, N, pick), [A], block_reference(variant, f64(A), M, N, pick), 0.0, "float32")


def running_max_prev(M, N, bM, bN):
    """Upstream flash attention's running max: each step copies m to m_prev, refills m with -inf and folds the
    block's row maxima with clear=False. m_prev after the loop is the max over all blocks but the last."""
    @T.prim_func
    def running_max_prev(A: T.Tensor((M, N), "float32"), P: T.Tensor((M,), "float32")):
        with T.Kernel(M // bM, threads=128) as bx:
            A_s = T.alloc_shared((bM, bN), "float32")
            m = T.alloc_fragment((bM,), "float32")
            m_prev = T.alloc_fragment((bM,), "float32")
            t = T.alloc_fragment((bM,), "float32")
            T.fill(m, -T.infinity("float32"))
            T.fill(t, -T.infinity("float32"))
            for k in T.serial(N // bN):
                T.copy(A[bx * bM, k * bN], A_s)
                T.copy(m, m_prev)
                T.fill(m, -T.infinity("float32"))
                T.reduce_max(A_s, m, dim=1, clear=False)
                for i in T.Parallel(bM):
                    t[i] = T.max(t[i], m_prev[i])
            T.copy(t, P[bx * bM])
    return running_max_prev


def test_running_max_prev(rng):
    M, N, bM, bN = 64, 192, 32, 64
    A = inputs(rng, (M, N), "float32")
    x = f64(A)
    ref = x[:, :N - bN].max(axis=1)
    bound = TF32 * np.abs(x).max(axis=1)
    check(running_max_prev(M, N, bM, bN), [A], ref, bound, "float32", extra_interp=2 * bound)


def conditional_operand(cond, M, N, K, bK=32):
    """C = Σ_k a_k @ B[k-th K block] where a_k is A's K block j(k), copied into the shared a only under `cond`
    inside the K loop (the previous iteration's copy is read where it is false) and read by an unconditional
    T.gemm: "always" (bx >= 0, the fuzzer's conv2d mutant: true everywhere, unknown to the compiler; j = k),
    "first" (k == 0; j = 0: the first block reused), "even" (k % 2 == 0; j = k rounded down to even)."""
    @T.prim_func
    def conditional_operand(A: T.Tensor((M, K), "bfloat16"), Bm: T.Tensor((K, N), "bfloat16"),
                            C: T.Tensor((M, N), "float32")):
        with T.Kernel(N // B, M // B, threads=128) as (bx, by):
            a = T.alloc_shared((B, bK), "bfloat16")
            b = T.alloc_shared((bK, B), "bfloat16")
            c = T.alloc_fragment((B, B), "float32")
            T.clear(c)
            for k in T.Pipelined(K // bK, num_stages=2):
                if cond == "always":
                    if bx >= 0:
                        T.copy(A[by * B, k * bK], a)
                elif cond == "first":
                    if k == 0:
                        T.copy(A[by * B, k * bK], a)
                else:
                    if k % 2 == 0:
                        T.copy(A[by * B, k * bK], a)
                T.copy(Bm[k * bK, bx * B], b)
                T.gemm(a, b, c)
            T.copy(c, C[by * B, bx * B])
    return conditional_operand


@pytest.mark.parametrize("cond", ["always", "first", "even"])
def test_conditional_gemm_operand_in_loop(cond, rng):
    # The shared operand is live at the kernel's start (the path where the copy does not run reads the previous
    # iteration's version, and the first iteration has none): tt_pop_insertion tracks it, popping the previous
    # version only if the compute kernel holds one (was an InternalError from verify_tt_cb_balance: a pop of a
    # version nothing pushed). Reference: bf16 products are exact in fp32; the bound is the float32 accumulation's.
    M, N, K, bK = 64, 64, 128, 32
    A = inputs(rng, (M, K), "bfloat16", -1, 1)
    Bm = inputs(rng, (K, N), "bfloat16", -1, 1)
    j = {"always": lambda k: k, "first": lambda k: 0, "even": lambda k: k - k % 2}[cond]
    a_used = np.concatenate([f64(A)[:, j(k) * bK:(j(k) + 1) * bK] for k in range(K // bK)], axis=1)
    ref, accum = gemm_ref(a_used, f64(Bm))
    tt = check(conditional_operand(cond, M, N, K, bK), [A, Bm], ref, accum, "float32", extra_interp=2 * accum)
    compute = tt.get_kernel_source()["kernels/kernel0_compute.cpp"]
    held = re.findall(r"if \(tl_held_(\d+)\) \{", compute)  # the operand's pops, guarded by its flag
    assert held and f"tl_held_{held[0]} = true;" in compute


# ---- a CB's producer or consumer under a block-index `if` (the differential fuzzer's m00091 and m00113)

def conditional_chain(where, cond, loop, M, N, Kb):
    """R[i] = Σ_k Σ_j (a @ B_k)[i, j]: a = A's row block (bx), copied once; per K block k (STEPS of them in a loop,
    or one without a loop) the fragment s = a @ B_k (T.gemm, clear_accum) is folded into r by
    T.reduce_sum(clear=False). `where` is under an `if` on the block index: "producer" (the gemm; m00091: a and s
    are read on one path only), "consumer" (the reduction; m00113: the reductions' scaler too), "both". cond:
    "always" (bx >= 0, true everywhere, unknown to the compiler) or "even" (bx % 2 == 0: odd blocks keep r = 0)."""
    @T.macro
    def step(k, bx, Bm, a, b, s, r):  # s = a @ B_k, folded into r, with `where` under the `if`
        T.copy(Bm[k * Kb, 0], b)
        if where == "producer":
            if (bx >= 0 if cond == "always" else bx % 2 == 0):
                T.gemm(a, b, s, clear_accum=True)
            T.reduce_sum(s, r, dim=1, clear=False)
        elif where == "consumer":
            T.gemm(a, b, s, clear_accum=True)
            if (bx >= 0 if cond == "always" else bx % 2 == 0):
                T.reduce_sum(s, r, dim=1, clear=False)
        else:
            if (bx >= 0 if cond == "always" else bx % 2 == 0):
                T.gemm(a, b, s, clear_accum=True)
                T.reduce_sum(s, r, dim=1, clear=False)

    @T.prim_func
    def conditional_chain(A: T.Tensor((M, Kb), "bfloat16"), Bm: T.Tensor((STEPS * Kb, N), "bfloat16"),
                          R: T.Tensor((M,), "float32")):
        with T.Kernel(M // B, threads=128) as bx:
            a = T.alloc_shared((B, Kb), "bfloat16")
            b = T.alloc_shared((Kb, N), "bfloat16")
            s = T.alloc_fragment((B, N), "float32")
            r = T.alloc_fragment((B,), "float32")
            T.copy(A[bx * B, 0], a)
            T.clear(r)
            if loop:
                for k in T.serial(STEPS):
                    step(k, bx, Bm, a, b, s, r)
            else:
                step(0, bx, Bm, a, b, s, r)
            T.copy(r, R[bx * B])
    return conditional_chain


# "producer" with a condition that is false somewhere reads s before anything writes it: no value to compare.
@pytest.mark.parametrize("where,cond", [("producer", "always"), ("consumer", "always"), ("both", "always"),
                                        ("consumer", "even"), ("both", "even")])
@pytest.mark.parametrize("loop", [True, False])
def test_conditional_producer_consumer(where, cond, loop, rng):
    # Was an InternalError from verify_tt_cb_balance ("pops without waiting a version no op waited for"): the pop
    # after the loop of a version read only under the `if` (a, the scaler) took no wait, as if the read had run.
    # Reference: bf16 products are exact in fp32, the gemm accumulates in fp32 (Kb·u), reduce_tile reads s as TF32
    # (2^-9 relative) and the fold adds n·u relative (n = the summed elements), all relative to Σ|a|@|B_k|.
    M, N, Kb = 64, 32, 32
    A = inputs(rng, (M, Kb), "bfloat16", -1, 1)
    Bm = inputs(rng, (STEPS * Kb, N), "bfloat16", -1, 1)
    steps = STEPS if loop else 1
    prods = [gemm_ref(A, Bm[k * Kb:(k + 1) * Kb])[0] for k in range(steps)]
    ref = sum(p.sum(axis=1) for p in prods)
    mag = sum((np.abs(f64(A)) @ np.abs(f64(Bm[k * Kb:(k + 1) * Kb]))).sum(axis=1) for k in range(steps))
    if cond == "even":
        odd = (np.arange(M) // B) % 2 == 1
        ref, mag = np.where(odd, 0.0, ref), np.where(odd, 0.0, mag)
    bound = (Kb * U["float32"] + TF32 + steps * N * U["float32"]) * mag
    check(conditional_chain(where, cond, loop, M, N, Kb), [A, Bm], ref, bound, "float32", extra_interp=2 * bound)


def cleared_under_if(first, kind, M=96, N=128, bM=32, bN=64):
    """y[rows of block bx] = row sums of A (reduce_sum with clear=False over the column blocks, or T.gemm with
    clear_accum=False of A against ones), with the accumulator T.clear'ed only `if bx >= first`: blocks below
    `first` fold into a fragment nothing wrote."""

    @T.prim_func
    def cleared_under_if(A: T.Tensor((M, N), "float32"), y: T.Tensor((M, 32), "float32")):
        with T.Kernel(M // bM, threads=128) as bx:
            A_s = T.alloc_shared((bM, bN), "float32")
            ones = T.alloc_shared((bN, 32), "float32")
            acc = T.alloc_fragment((bM, 32), "float32")
            y_l = T.alloc_fragment((bM,), "float32")
            T.fill(ones, 1)
            if bx >= first:
                if kind == "reduce":
                    T.clear(y_l)
                else:
                    T.clear(acc)
            for k in T.Pipelined(N // bN, num_stages=2):
                T.copy(A[bx * bM, k * bN], A_s)
                if kind == "reduce":
                    T.reduce_sum(A_s, y_l, dim=1, clear=False)
                else:
                    T.gemm(A_s, ones, acc)
            if kind == "reduce":
                for i, j in T.Parallel(bM, 32):
                    acc[i, j] = y_l[i]
            T.copy(acc, y[bx * bM, 0])

    return cleared_under_if


@pytest.mark.parametrize("kind", ["reduce", "gemm"])
@pytest.mark.parametrize("first", [0, 1])
def test_accumulator_cleared_under_an_if(first, kind, rng):
    # Was an InternalError (verify_tt_cb_balance: "it pops a version that nothing pushed", found by the fuzzer:
    # gemv's T.clear under `if bx >= 0`): the fold popped the accumulator's version that only the `if` pushed.
    # first = 0: the condition holds in every block — the row sums, on both targets. first = 1: block 0 folds into
    # a fragment nothing wrote, which is undefined (docs/language.md); tenstorrent must not hang, and gives what
    # interpret gives there (the kernel starts with a version of zeros: tt_pop_insertion.h).
    M, N = 96, 128
    A = inputs(rng, (M, N), "float32", -1, 1)
    ref = np.repeat(f64(A).sum(axis=1, keepdims=True), 32, axis=1)
    # reduce_tile and the matrix engine read float32 as TF32 (2^-9 relative per element); N·u for the sums.
    bound = (TF32 + N * U["float32"]) * np.repeat(np.abs(f64(A)).sum(axis=1, keepdims=True), 32, axis=1)
    check(cleared_under_if(first, kind), [A], ref, bound, "float32", extra_interp=2 * bound)
