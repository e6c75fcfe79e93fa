"""Loop bounds from block indices (causal attention's T.min(T.ceildiv(seq, bN), T.ceildiv((bx + 1) * bM, bN)))
in the reader, compute and writer kernels, and the balanced schedule: blocks of unequal cost dealt to cores by
cost (infer_tt_schedule.h, tt_block_costs.h) so that the cores finish together."""
import re

import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.tenstorrent import annotate_tt_schedule
from tt_check import assert_within, compile_both


def causal_block_sums(M, N, bM, bN):
    """Out's row block `by` is the sum of A's row blocks 0 … by: block by runs by + 1 iterations (written as
    upstream's causal bound)."""

    @T.prim_func
    def causal_sums(A: T.Tensor((M, N), "float32"), Out: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            A_s = T.alloc_shared((bM, bN), "float32")
            acc = T.alloc_fragment((bM, bN), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.min(T.ceildiv(M, bM), T.ceildiv((by + 1) * bM, bM)), num_stages=1):
                T.copy(A[k * bM, bx * bN], A_s)
                for i, j in T.Parallel(bM, bN):
                    acc[i, j] += A_s[i, j]
            T.copy(acc, Out[by * bM, bx * bN])

    return causal_sums


def reference(a, bM):
    M, N = a.shape
    return a.astype(np.float64).reshape(M // bM, bM, N).cumsum(0).reshape(M, N)


def small_ints(rng, M, N):
    # integers: every partial sum is exact in float32 on both targets, so the bound below is 0
    return rng.integers(-4, 5, (M, N)).astype(np.float32)


def core_lists(kernel):
    """Per core, the blocks listed after the reader's block start, count and tensor addresses (host.cpp)."""
    lists = []
    for line in kernel.get_kernel_source()["host.cpp"].splitlines():
        if line.strip().startswith("SetRuntimeArgs(program, k0,"):
            args = [a.strip() for a in line.split("}, {")[1].split("}")[0].split(",")]
            count = int(args[1].rstrip("u"))
            lists.append([int(a.rstrip("u")) for a in args[len(args) - count:]] if count else [])
    return lists


def run(kernel, a):
    out = kernel(a)
    return out, kernel.stats["programs"][0]


@pytest.mark.parametrize("M,N,bM,bN,cores,order", [(256, 64, 32, 32, None, None), (256, 64, 32, 32, 4, "row_major"),
                                                   (192, 96, 32, 32, 5, "row_major"), (192, 64, 32, 32, 3, "column_major")])
def test_causal_bound_on_both_targets(rng, M, N, bM, bN, cores, order):
    f = causal_block_sums(M, N, bM, bN)
    if cores:  # column_major: by varies fastest along the block index, in the costs as in the kernels' decode
        f = annotate_tt_schedule(f, policy="balanced", order=order, cores=cores)
    tt, interp = compile_both(f)
    a = small_ints(rng, M, N)
    ref = reference(a, bM)
    assert_within(tt(a), ref, 0.0, "causal sums on tenstorrent")
    assert_within(interp(a), ref, 0.0, "causal sums on interpret")


def test_balanced_deal_covers_every_block_once_at_equal_cost():
    M, N, bM, bN, cores = 512, 32, 32, 32, 4  # 16 row blocks of costs 1 … 16 (iterations), 136 in all
    kernel = tilelang.compile(annotate_tt_schedule(causal_block_sums(M, N, bM, bN), policy="balanced", cores=cores),
                              out_idx=-1, target="tenstorrent")
    lists = core_lists(kernel)
    assert len(lists) == cores
    assert sorted(b for lst in lists for b in lst) == list(range(16))
    # block b (grid (1, 16), bx fastest: b = by) costs by + 1 iterations plus the same per-block statements
    assert [sum(b + 1 for b in lst) for lst in lists] == [34] * cores
    src = kernel.get_kernel_source()
    for role in ("reader", "compute", "writer"):  # every kernel walks the same list
        assert "tl_block_list" in src[f"kernels/kernel0_{role}.cpp"], role


def test_balanced_schedule_evens_the_cores_modeled_time(rng):
    """Contiguous runs put blocks 12 … 15 (58 iterations) on the last core and 0 … 3 (10) on the first; dealt by
    cost every core runs 34. Modeled time drops by about that ratio and the cores end together."""
    M, N, bM, bN = 512, 32, 32, 32
    a = small_ints(rng, M, N)
    stats = {}
    for policy in ("contiguous", "balanced"):
        f = annotate_tt_schedule(causal_block_sums(M, N, bM, bN), policy=policy, cores=4)
        kernel = tilelang.compile(f, out_idx=-1, target="tenstorrent")
        out, stats[policy] = run(kernel, a)
        assert_within(out, reference(a, bM), 0.0, policy)
    ends = {p: [c["end_cycle"] for c in s["cores"]] for p, s in stats.items()}
    t = {p: s["modeled_ms"] * 1e-3 for p, s in stats.items()}
    print(f"causal sums 16 blocks on 4 cores: modeled {t['contiguous'] * 1e6:.1f} us contiguous, "
          f"{t['balanced'] * 1e6:.1f} us balanced; core ends {ends}")
    assert t["balanced"] < 0.8 * t["contiguous"], t
    assert max(ends["balanced"]) - min(ends["balanced"]) < 0.1 * max(ends["balanced"]), ends
    assert max(ends["contiguous"]) - min(ends["contiguous"]) > 0.4 * max(ends["contiguous"]), ends


def test_compiler_balances_by_default_when_blocks_exceed_cores(rng):
    """Without annotate_tt_schedule, 128 blocks of unequal cost on 64 cores are dealt by cost; blocks of equal
    cost keep the contiguous runs (no block list)."""
    M, N, bM, bN = 2048, 64, 32, 32  # 64 row blocks × 2 column blocks
    kernel = tilelang.compile(causal_block_sums(M, N, bM, bN), out_idx=-1, target="tenstorrent")
    lists = core_lists(kernel)
    assert len(lists) == 64 and sorted(b for lst in lists for b in lst) == list(range(128))
    a = small_ints(rng, M, N)
    assert_within(kernel(a), reference(a, bM), 0.0, "causal sums, default schedule")

    @T.prim_func
    def copy(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM)) as (bx, by):
            s = T.alloc_shared((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], s)
            T.copy(s, B[by * bM, bx * bN])

    src = tilelang.compile(copy, out_idx=-1, target="tenstorrent").get_kernel_source()
    assert "tl_block_list" not in src["kernels/kernel0_reader.cpp"]
