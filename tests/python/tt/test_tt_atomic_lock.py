"""The tile lock of T.atomic_add / atomic_max / atomic_min on target "tenstorrent" (lower_tt_atomics' "lock" strategy,
order_tt_locks): a block that updates the same elements of a tensor several times — a loop whose index is not in the
destination index, several sites on one tensor — or, with pass config tt.atomic_strategy="lock", blocks that collide
over grid indices (folded into a loop on one core). Each update is a read-modify-write of the destination tiles; a
semaphore in the core's L1 makes each read wait until the previous write landed.

Bounds (tt_check.py): the updates are float32 additions in a fixed order (the block's loop order, then the colliding
grid index order), each rounding to the destination dtype: U updates onto C err by at most U·u·(|C| + Σ|value|) with
u the destination's unit roundoff (2^-24 float32, 2^-8 bfloat16). The same order as "interpret", so float32 results
also equal "interpret"'s bit for bit. atomic_max is exact. Several emulator seeds (TT_EMU_SEED: other legal landing
orders of the NoC transfers) run each kernel: without the lock the reads of a later update would see stale tiles.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from test_tt_atomic import colliding, splitk_atomic
from tt_check import U, assert_error_at, assert_within, f64, gemm_ref, inputs

LOCK = {"tt.atomic_strategy": "lock"}


def loop_updates(L, M, N, bM, bN, dtype, op="add"):
    """Each block adds X[k]'s block into its block of C for k = 0..L-1: L updates of the same tiles."""
    atomic = {"add": T.atomic_add, "max": T.atomic_max}[op]

    @T.prim_func
    def loop_upd(X: T.Tensor((L, M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            X_s = T.alloc_shared((bM, bN), dtype)
            for k in T.serial(L):
                T.copy(X[k, by * bM, bx * bN], X_s)
                for i, j in T.Parallel(bM, bN):
                    atomic(C[by * bM + i, bx * bN + j], X_s[i, j])
    return loop_upd


def two_sites(S, M, N, bM, bN):
    """S layers of blocks (bz collides) each update C twice: C += X[bz], then C += 2·Y[bz] (two sites on C)."""
    @T.prim_func
    def two(X: T.Tensor((S, M, N), "float32"), Y: T.Tensor((S, M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), S, threads=128) as (bx, by, bz):
            X_s = T.alloc_shared((bM, bN), "float32")
            Y_s = T.alloc_shared((bM, bN), "float32")
            T.copy(X[bz, by * bM, bx * bN], X_s)
            T.copy(Y[bz, by * bM, bx * bN], Y_s)
            for i, j in T.Parallel(bM, bN):
                T.atomic_add(C[by * bM + i, bx * bN + j], X_s[i, j])
            for i, j in T.Parallel(bM, bN):
                T.atomic_add(C[by * bM + i, bx * bN + j], Y_s[i, j] * 2.0)
    return two


def run(func, args, written, target, configs=None, seed=None, monkeypatch=None):
    a = [x.copy() for x in args]
    if seed is not None:
        monkeypatch.setenv("TT_EMU_SEED", str(seed))
    tilelang.compile(func, target=target, pass_configs=configs)(*a)
    return a[written]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("L,dtype", [(4, "float32"), (7, "bfloat16")])
def test_loop_updates_same_tiles(rng, monkeypatch, seed, L, dtype):
    """A loop over k updates each block of C L times (a ragged 70×100 C, 32×64 blocks)."""
    M, N = 70, 100
    x, c0 = inputs(rng, (L, M, N), dtype, -4, 4), inputs(rng, (M, N), dtype, -4, 4)
    terms = np.concatenate([f64(c0)[None], f64(x)])
    ref, mag = terms.sum(0), np.abs(terms).sum(0)
    func = loop_updates(L, M, N, 32, 64, dtype)
    tt = run(func, [x, c0], 1, "tenstorrent", seed=seed, monkeypatch=monkeypatch)
    assert_within(tt, ref, L * U[dtype] * mag, f"{L} locked updates ({dtype}, seed {seed}) vs numpy")
    interp = run(func, [x, c0], 1, "interpret")
    assert_within(interp, ref, L * U[dtype] * mag, f"{L} updates on interpret vs numpy")
    if dtype == "float32":  # the same order of float32 additions as the interpreter's
        assert (tt == interp).all()


def test_loop_max_exact(rng):
    L, M, N = 5, 64, 64
    x, c0 = inputs(rng, (L, M, N), "float32", -8, 8), inputs(rng, (M, N), "float32", -8, 8)
    tt = run(loop_updates(L, M, N, 32, 32, "float32", "max"), [x, c0], 1, "tenstorrent")
    assert (tt == np.maximum(c0, x.max(0))).all()


@pytest.mark.parametrize("seed", [0, 3])
def test_several_sites_on_one_tensor(rng, monkeypatch, seed):
    """Two sites on C in blocks that also collide over bz: bz is folded into a loop, 2·S ordered updates per tile."""
    S, M, N = 3, 64, 96
    x, y = inputs(rng, (S, M, N), "float32"), inputs(rng, (S, M, N), "float32")
    c0 = inputs(rng, (M, N), "float32")
    terms = np.concatenate([f64(c0)[None], f64(x), 2 * f64(y)])
    ref, mag = terms.sum(0), np.abs(terms).sum(0)
    func = two_sites(S, M, N, 32, 32)
    tt = run(func, [x, y, c0], 2, "tenstorrent", seed=seed, monkeypatch=monkeypatch)
    assert_within(tt, ref, 2 * S * 2.0**-24 * mag, "two sites on C on tenstorrent vs numpy")
    interp = run(func, [x, y, c0], 2, "interpret")
    assert (tt == interp).all()
    ir = dict(tilelang.compile(func, target="tenstorrent").backend.ir_after)["lower_tt_atomics"]
    assert 'attr "tt.atomic.C" = "lock: 2 site(s)' in ir and "_partials" not in ir
    assert "for bz in serial(0, 3)" in ir


@pytest.mark.parametrize("S,dtype", [(3, "float32"), (4, "bfloat16")])
def test_split_k_forced_lock(rng, S, dtype):
    """Upstream's split-K form with tt.atomic_strategy="lock": the splits of an output block run on one core, each
    adding its float32 partial product into C (rounded to C's dtype at each of the S updates)."""
    M, N, K = 96, 64, 64 * S
    a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    c0 = inputs(rng, (M, N), dtype, -4, 4)
    ref, _ = gemm_ref(a, b)
    ref = ref + f64(c0)
    mag = np.abs(f64(c0)) + np.abs(f64(a)) @ np.abs(f64(b))
    bound = (K + S + 1) * 2.0**-24 * mag + S * (U[dtype] if dtype != "float32" else 0) * mag
    func = splitk_atomic(M, N, K, 32, 32, 32, S, dtype)
    k = tilelang.compile(func, target="tenstorrent", pass_configs=LOCK)
    c = c0.copy()
    k(a, b, c)
    assert_within(c, ref, bound, f"split-K S={S} with the lock vs numpy")
    ir = dict(k.backend.ir_after)
    assert 'attr "tt.atomic.C" = "lock: 1 site(s)' in ir["lower_tt_atomics"]
    assert "for bz in serial(0, " in ir["lower_tt_atomics"] and "C_partials" not in ir["lower_tt_atomics"]
    assert "tt.lock_wait" in ir["order_tt_locks"] and "tt.lock_signal" in ir["order_tt_locks"]


def test_forced_lock_many_colliding_writers(rng):
    """8 layers of blocks update all of C (the partials test's kernel) through the lock: max exact."""
    S, M, N = 8, 70, 100
    x, c0 = inputs(rng, (S, M, N), "float32", -8, 8), inputs(rng, (M, N), "float32", -8, 8)
    c = run(colliding(M, N, 32, 64, S, "max", "float32"), [x, c0], 1, "tenstorrent", LOCK)
    assert (c == np.maximum(c0, x.max(0))).all()


def test_partials_forced_refuses_a_loop_collision():
    """With tt.atomic_strategy="partials" a loop's collision has no strategy: an error at the atomic."""
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(loop_updates(3, 64, 64, 32, 32, "float32"), target="tenstorrent",
                         pass_configs={"tt.atomic_strategy": "partials"})
    assert "iterations of a serial loop update the same element of C, which the partials strategy" in str(e.value)
    assert "test_tt_atomic_lock.py" in str(e.value)


def test_strategy_config_is_checked():
    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(loop_updates(3, 64, 64, 32, 32, "float32"), target="tenstorrent",
                         pass_configs={"tt.atomic_strategy": "mutex"})
    assert "tt.atomic_strategy" in str(e.value)


# ---- lanes of one nest colliding (tt_atomic_lanes): folded in the block first, then one update per element

def lane_sums(M, N, bm, op, L=1):
    """Blocks of bm rows of X (S = M/bm blocks collide over bx) each fold their lanes into the vector v: a column
    sum / max of X (lanes i collide on v[j]); with L > 1 a loop also repeats the update (the lock)."""
    atomic = {"add": T.atomic_add, "max": T.atomic_max, "min": T.atomic_min}[op]

    @T.prim_func
    def lanes(X: T.Tensor((L, M, N), "float32"), v: T.Tensor((N,), "float32")):
        with T.Kernel(M // bm, threads=128) as bx:
            for k in T.serial(L):
                for i, j in T.Parallel(bm, N):
                    atomic(v[j], X[k, bx * bm + i, j])  # lanes
    return lanes


def row_max(M, N, bn):
    """Column blocks (bx collides) update the row maxima m[i]: lanes j collide."""
    @T.prim_func
    def rmax(X: T.Tensor((M, N), "float32"), m: T.Tensor((M,), "float32")):
        with T.Kernel(N // bn, threads=128) as bx:
            for i, j in T.Parallel(M, bn):
                T.atomic_max(m[i], X[i, bx * bn + j])
    return rmax


EXACT = {"tt.fp32_exact": True}  # float32 reductions through three bfloat16 parts (docs/tenstorrent.md, "Math")


@pytest.mark.parametrize("M,N,bm", [(128, 64, 64), (256, 96, 32)])
def test_lanes_column_sum(rng, M, N, bm):
    """Every lane i of each of M/bm blocks adds into v[j]: M colliding writers per element. Folded per block by an
    exact float32 T.reduce_sum (tt.fp32_exact), then the partials of the blocks: float32 sums throughout."""
    x, v0 = inputs(rng, (1, M, N), "float32", -4, 4), inputs(rng, (N,), "float32", -4, 4)
    terms = np.concatenate([f64(v0)[None], f64(x[0])])
    ref, mag = terms.sum(0), np.abs(terms).sum(0)
    func = lane_sums(M, N, bm, "add")
    k = tilelang.compile(func, target="tenstorrent", pass_configs=EXACT)
    v = v0.copy()
    k(x, v)
    assert_within(v, ref, (M + 2) * 2.0**-24 * mag, f"column sum of {M} lanes on tenstorrent vs numpy")
    assert_within(run(func, [x, v0], 1, "interpret"), ref, (M + 2) * 2.0**-24 * mag, "on interpret")
    ir = dict(k.backend.ir_after)["lower_tt_atomics"]
    assert 'attr "tt.atomic_lanes.v" = "the lanes of i collide: folded in the block by T.reduce_sum' in ir
    assert "reduce_sum(v_lanes, v_lanes_folded, dim=0, clear=True)" in ir and "v_partials" in ir


def test_lanes_column_sum_default_numerics(rng):
    """Without tt.fp32_exact the FPU reads the float32 lanes with bfloat16's 8 significant bits (docs "Math"):
    within 2^-8 of the sum of magnitudes."""
    M, N, bm = 128, 64, 64
    x, v0 = inputs(rng, (1, M, N), "float32"), inputs(rng, (N,), "float32")
    terms = np.concatenate([f64(v0)[None], f64(x[0])])
    v = run(lane_sums(M, N, bm, "add"), [x, v0], 1, "tenstorrent")
    assert_within(v, terms.sum(0), 2.0**-8 * np.abs(terms).sum(0), "column sum, default numerics")


@pytest.mark.parametrize("op", ["max", "min"])
def test_lanes_exact_extrema(rng, op):
    M, N, bm = 128, 64, 32
    x, v0 = inputs(rng, (1, M, N), "float32", -8, 8), inputs(rng, (N,), "float32", -8, 8)
    f = np.maximum if op == "max" else np.minimum
    v = run(lane_sums(M, N, bm, op), [x, v0], 1, "tenstorrent", EXACT)
    assert (v == f(v0, (x[0].max(0) if op == "max" else x[0].min(0)))).all()


def test_lanes_row_max(rng):
    """Row maxima (lanes j fold into a per-row vector) with the lock: the column blocks run in turn."""
    M, N, bn = 64, 256, 64
    x, m0 = inputs(rng, (M, N), "float32", -8, 8), inputs(rng, (M,), "float32", -8, 8)
    m = run(row_max(M, N, bn), [x, m0], 1, "tenstorrent", {**EXACT, **LOCK})
    assert (m == np.maximum(m0, x.max(1))).all()


def test_lanes_in_a_loop_take_the_lock(rng, monkeypatch):
    """Lanes fold, and the loop repeats the update of the same elements: the lock (bx folded into the loop)."""
    L, M, N, bm = 3, 128, 64, 64
    x, v0 = inputs(rng, (L, M, N), "float32"), inputs(rng, (N,), "float32")
    terms = np.concatenate([f64(v0)[None], f64(x).reshape(L * M, N)])
    ref, mag = terms.sum(0), np.abs(terms).sum(0)
    func = lane_sums(M, N, bm, "add", L)
    for seed in (0, 1):
        v = run(func, [x, v0], 1, "tenstorrent", EXACT, seed=seed, monkeypatch=monkeypatch)
        assert_within(v, ref, (L * M + 2) * 2.0**-24 * mag, f"lanes in a loop (seed {seed})")
    ir = dict(tilelang.compile(func, target="tenstorrent", pass_configs=EXACT).backend.ir_after)["lower_tt_atomics"]
    assert 'attr "tt.atomic.v" = "lock: 1 site(s)' in ir
