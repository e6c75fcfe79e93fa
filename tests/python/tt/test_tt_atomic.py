"""T.atomic_add / atomic_max / atomic_min on target "tenstorrent" (lower_tt_atomics): many blocks updating the same
elements, written as upstream TileLang writes them, compared with numpy (float64) and with target "interpret".

Collisions over grid indices become a workspace of partials (one slice per value of the colliding indices) and a
combine T.Kernel the compiler adds, which folds the slices into the destination in a fixed order: the destination's
old contents first, then slice 0, 1, ... Bounds (tt_check.py): the partials are float32 (the values before their
rounding to the destination's dtype), so a sum of S partials onto C errs by at most S·2^-24·(|C| + Σ|partial|),
then one rounding to the destination (2^-8 relative for bfloat16). atomic_max / atomic_min are exact. "interpret"
rounds to the destination dtype at every atomic update: against it, S roundings of the destination dtype.
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tt_check import NP, U, assert_error_at, assert_within, f64, gemm_ref, inputs


def splitk_atomic(M, N, K, bM, bN, bK, S, out_dtype):
    """Upstream's split-K GEMM form: each of the S splits adds its partial product into C with T.atomic_add."""
    k_split = K // S

    @T.prim_func
    def splitk(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"), C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), S, threads=128) as (bx, by, bz):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            acc = T.alloc_fragment((bM, bN), "float32")
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(k_split, bK), num_stages=2):
                T.copy(A[by * bM, bz * k_split + ko * bK], A_s)
                T.copy(B[bz * k_split + ko * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, acc)
            for i, j in T.Parallel(bM, bN):
                T.atomic_add(C[by * bM + i, bx * bN + j], acc[i, j])
    return splitk


def colliding(M, N, bM, bN, S, op, dtype):
    """S layers of blocks (grid index bz, absent from the destination index) each update the whole of C with
    X[bz] (an (S, M, N) tensor) by `op`: every element of C has S colliding writers."""
    atomic = {"add": T.atomic_add, "max": T.atomic_max, "min": T.atomic_min}[op]

    @T.prim_func
    def collide(X: T.Tensor((S, M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), S, threads=128) as (bx, by, bz):
            X_s = T.alloc_shared((bM, bN), dtype)
            T.copy(X[bz, by * bM, bx * bN], X_s)
            for i, j in T.Parallel(bM, bN):
                atomic(C[by * bM + i, bx * bN + j], X_s[i, j])
    return collide


def run_both(func, args, written):
    """Runs func on both targets on copies of args; returns the written argument of each (tenstorrent, interpret)."""
    out = []
    for target in ("tenstorrent", "interpret"):
        a = [x.copy() for x in args]
        tilelang.compile(func, target=target)(*a)
        out.append(a[written])
    return out


@pytest.mark.parametrize("S,dtype", [(2, "float32"), (3, "bfloat16"), (4, "float32"), (8, "bfloat16")])
def test_atomic_add_split_k(rng, S, dtype):
    """C += A @ B split over K into S blocks per output block: C's old contents are kept (atomic_add adds)."""
    M, N, K = 96, 64, 64 * S
    a, b = inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1)
    c0 = inputs(rng, (M, N), dtype, -4, 4)
    ref, accum = gemm_ref(a, b)
    ref = ref + f64(c0)
    # every float32 addition (K products, the S partials, C's old value) errs by at most 2^-24 of the running
    # |sum| <= |c0| + |a| @ |b|; then C's own rounding
    mag = np.abs(f64(c0)) + np.abs(f64(a)) @ np.abs(f64(b))
    bound = (K + S + 1) * 2.0**-24 * mag + (U[dtype] * np.abs(ref) if dtype != "float32" else 0)
    func = splitk_atomic(M, N, K, 32, 32, 32, S, dtype)
    tt, interp = run_both(func, [a, b, c0], 2)
    assert_within(tt, ref, bound, f"split-K S={S} on tenstorrent vs numpy")
    # interpret rounds C to its dtype at each of the S updates
    assert_within(interp, ref, bound + S * U[dtype] * mag, f"split-K S={S} on interpret vs numpy")


@pytest.mark.parametrize("S", [3, 8])
@pytest.mark.parametrize("op", ["add", "max", "min"])
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_many_colliding_writers(rng, S, op, dtype):
    """Each element of C has S writers (a ragged 70×100 C, 32×64 blocks): the sum of the S values and C's old value,
    their max, their min."""
    M, N = 70, 100
    x = inputs(rng, (S, M, N), dtype, -8, 8)
    c0 = inputs(rng, (M, N), dtype, -8, 8)
    xs = np.concatenate([f64(c0)[None], f64(x)])
    ref = {"add": xs.sum(0), "max": xs.max(0), "min": xs.min(0)}[op]
    mag = np.abs(xs).sum(0)
    exact = op != "add"
    # sums: float32 partials, S + 1 float32 additions, one rounding to C's dtype
    bound = 0 if exact else (S + 1) * 2.0**-24 * mag + (U[dtype] * np.abs(ref) if dtype != "float32" else 0)
    tt, interp = run_both(colliding(M, N, 32, 64, S, op, dtype), [x, c0], 1)
    assert_within(tt, ref, bound, f"atomic_{op} S={S} on tenstorrent vs numpy")
    assert_within(interp, ref, bound if exact else S * U[dtype] * mag, f"atomic_{op} S={S} on interpret vs numpy")


def test_deterministic(rng):
    """The combine folds the partials in a fixed order: two runs give the same bits (float32 sums of values whose
    sum depends on the order)."""
    S, M, N = 6, 64, 64
    x = (rng.standard_normal((S, M, N)) * 10.0 ** rng.integers(-6, 6, (S, M, N))).astype(np.float32)
    c0 = np.zeros((M, N), np.float32)
    k = tilelang.compile(colliding(M, N, 32, 32, S, "add", "float32"), target="tenstorrent")
    runs = []
    for _ in range(3):
        c = c0.copy()
        k(x, c)
        runs.append(c.view(np.uint32).copy())
    assert all((r == runs[0]).all() for r in runs)
    # and the order is the documented one: ((0 + x[0]) + x[1]) + ... in float32
    ref = np.zeros((M, N), np.float32)
    for s in range(S):
        ref = ref + x[s]
    assert (runs[0] == ref.view(np.uint32)).all()


def test_strategy_in_ir():
    """The IR after lower_tt_atomics states each site's strategy: the workspace and the combine kernel."""
    func = splitk_atomic(64, 64, 128, 32, 32, 32, 4, "float32")
    k = tilelang.compile(func, target="tenstorrent")
    ir = dict(k.backend.ir_after)["lower_tt_atomics"]
    assert 'attr "tt.atomic.C" = "partials: the grid indices (bz) collide; each of their 4 values writes its own ' \
           'slice of the workspace C_partials, the combine T.Kernel after this one folds them into C"' in ir
    assert 'attr "tt.atomic_combine" = "C = atomic_add of C and C_partials[s] for s = 0..3 in order, in float32"' in ir
    assert "atomic_add" not in ir.split("attr")[0]


def test_owner_updates_in_place(rng):
    """No grid index collides (each block owns its elements): the site is the owner's read-modify-write, no
    workspace."""
    M, N = 64, 96

    @T.prim_func
    def owned(X: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32), threads=128) as (bx, by):
            for i, j in T.Parallel(32, 32):
                T.atomic_add(C[by * 32 + i, bx * 32 + j], X[by * 32 + i, bx * 32 + j] * 2.0)

    x, c0 = inputs(rng, (M, N), "float32"), inputs(rng, (M, N), "float32")
    tt, interp = run_both(owned, [x, c0], 1)
    ref = f64(c0) + 2 * f64(x)
    assert_within(tt, ref, 2.0**-24 * np.abs(ref), "owner atomic_add on tenstorrent")
    assert (tt == interp).all()
    ir = dict(tilelang.compile(owned, target="tenstorrent").backend.ir_after)["lower_tt_atomics"]
    assert "owner: each element has one writer block" in ir and "_partials" not in ir


def test_lane_collision_is_a_located_error():
    """All lanes of a 1-D T.Parallel nest updating one element (a total) are not folded in the block (only a 2-D
    nest's lanes are, test_tt_atomic_lock.py): an error at the atomic naming the lock they would need."""
    @T.prim_func
    def colsum(X: T.Tensor((64,), "float32"), s: T.Tensor((64,), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i in T.Parallel(64):
                T.atomic_add(s[0], X[i])  # lanes

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(colsum, target="tenstorrent")
    assert_error_at(e.value, __file__, "lanes", "T.atomic_add", "T.atomic_add",
                    "several iterations of the T.Parallel nest (index i) update one element of s; on tenstorrent such "
                    "a collision needs a tile lock (a semaphore around a read-modify-write of the destination tile), "
                    "which is not supported yet: reduce within the block first (T.reduce_sum) and update each "
                    "element once")


def test_data_dependent_index_is_a_located_error():
    """A histogram: the destination index is read from a tensor."""
    @T.prim_func
    def hist(idx: T.Tensor((64, 64), "int32"), h: T.Tensor((64, 64), "float32")):
        with T.Kernel(1, threads=128) as bx:
            for i, j in T.Parallel(64, 64):
                T.atomic_add(h[idx[i, j], j], 1.0)  # histogram

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(hist, target="tenstorrent")
    assert_error_at(e.value, __file__, "histogram", "T.atomic_add", "T.atomic_add",
                    "the destination index reads idx at run time (a data-dependent collision); on tenstorrent that "
                    "needs a tile lock (a semaphore around a read-modify-write of the destination tile), which is "
                    "not supported yet")


def test_alloc_global_workspace(rng):
    """T.alloc_global: a workspace the host program allocates (zeroed), written by one T.Kernel and read by the
    next."""
    M, N = 64, 64

    @T.prim_func
    def two_kernels(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        W = T.alloc_global((M, N), "float32")
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            X_s = T.alloc_shared((32, 32), "float32")
            T.copy(X[by * 32, bx * 32], X_s)
            for i, j in T.Parallel(32, 32):
                X_s[i, j] = X_s[i, j] * 3.0
            T.copy(X_s, W[by * 32, bx * 32])
        with T.Kernel(N // 32, M // 32, threads=128) as (bx, by):
            W_s = T.alloc_shared((32, 32), "float32")
            T.copy(W[by * 32, bx * 32], W_s)
            for i, j in T.Parallel(32, 32):
                W_s[i, j] = W_s[i, j] + 1.0
            T.copy(W_s, Y[by * 32, bx * 32])

    x = inputs(rng, (M, N), "float32")
    y = tilelang.compile(two_kernels, out_idx=-1, target="tenstorrent")(x)
    assert_within(y, f64(x) * 3 + 1, 2 * 2.0**-24 * (np.abs(f64(x)) * 3 + 1), "alloc_global on tenstorrent")


def test_element_updated_twice_by_a_block_is_a_located_error():
    """With the partials strategy forced, a loop whose index does not own the destination updates each element once
    per iteration, which a slice of partials cannot hold: an error at the atomic (the default strategy takes the tile
    lock, test_tt_atomic_lock.py)."""
    @T.prim_func
    def twice(X: T.Tensor((4, 64, 64), "float32"), C: T.Tensor((64, 64), "float32")):
        with T.Kernel(2, 2, threads=128) as (bx, by):
            X_s = T.alloc_shared((32, 32), "float32")
            for k in T.serial(4):
                T.copy(X[k, by * 32, bx * 32], X_s)
                for i, j in T.Parallel(32, 32):
                    T.atomic_add(C[by * 32 + i, bx * 32 + j], X_s[i, j])  # twice

    with pytest.raises(tilelang.TileLangError) as e:
        tilelang.compile(twice, target="tenstorrent", pass_configs={"tt.atomic_strategy": "partials"})
    assert_error_at(e.value, __file__, "twice", "T.atomic_add", "T.atomic_add",
                    "iterations of a serial loop update the same element of C, which the partials strategy (pass "
                    "config tt.atomic_strategy) does not order: use the lock strategy or accumulate in a fragment "
                    "over the loop and update once after it")


@pytest.mark.parametrize("op", ["add", "max"])
def test_int32_collisions(rng, op):
    """int32 destinations: an int32 workspace and exact int32 combines (sums wrap as int32 arithmetic does)."""
    S, M, N = 4, 64, 64
    x = rng.integers(-1000, 1000, (S, M, N)).astype(np.int32)
    c0 = rng.integers(-1000, 1000, (M, N)).astype(np.int32)
    xs = np.concatenate([c0[None], x]).astype(np.int64)
    ref = xs.sum(0) if op == "add" else xs.max(0)
    tt, interp = run_both(colliding(M, N, 32, 32, S, op, "int32"), [x, c0], 1)
    assert (tt == ref).all() and (interp == ref).all()


@pytest.mark.parametrize("S,N", [(4, 96), (6, 256)])
def test_vector_destination(rng, S, N):
    """A 1-D destination (a bias gradient's form: each of S blocks adds its vector into s): a 1-D workspace of S
    slices and a 1-D combine."""
    @T.prim_func
    def vec(X: T.Tensor((S * N,), "float32"), s: T.Tensor((N,), "float32")):
        with T.Kernel(S, threads=128) as bx:
            for j in T.Parallel(N):
                T.atomic_add(s[j], X[bx * N + j] * 2.0)

    x, s0 = inputs(rng, (S * N,), "float32"), inputs(rng, (N,), "float32")
    tt, interp = run_both(vec, [x, s0], 1)
    terms = np.concatenate([f64(s0)[None], 2 * f64(x).reshape(S, N)])
    ref, mag = terms.sum(0), np.abs(terms).sum(0)
    assert_within(tt, ref, (S + 1) * 2.0**-24 * mag, "1-D atomic_add on tenstorrent")
    assert_within(interp, ref, (S + 1) * 2.0**-24 * mag, "1-D atomic_add on interpret")
