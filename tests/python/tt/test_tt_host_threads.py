"""The emulator on several host threads (docs/emulator.md, "Host threads"): the tile math of the emulated cores
(unpack, FPU, SFPU, pack) runs on a pool of TT_EMU_THREADS host threads (default: the machine's CPUs), while
scheduling, clocks, counters and sanitizer checks stay on one. Each program runs with 1 thread (every operation at
its call, as a single-threaded emulator), 2 (this machine's cores) and 4 (more than its cores, so the operating
system interleaves them as it likes): the outputs must be the same bits, and every figure of the run that describes
the device — modeled cycles, NoC and DRAM bytes, tile operations, CB peaks, per-kernel end cycles, fiber and core
switches — the same number; under seed 7 too (a shuffled interleaving stays reproducible). The programs are a
representative subset of what the suite runs: a multicast GEMM, a softmax, control data (rows gathered and
scattered at starts read from a tensor, through tilize and untilize), atomics (partials and their combine kernel),
a reduction folded over a loop, flash attention. The 1-thread output is also checked against numpy, so that "the
same" means "the same right answer". The sanitizer's reports under several threads: tests/emulator (ctest
emu_sanitizer_test_threads4 and friends run the planted races with TT_EMU_THREADS=4); whole test files:
scripts/host_threads_sweep.py.
"""
import os

import numpy as np
import pytest

import tilelang_tt as tilelang
from test_tt_atomic import colliding
from test_tt_attention import attention
from test_tt_control_data import varlen_rows
from test_tt_gemm import matmul
from test_tt_reduce import TF32, reduce_kernel, reference
from test_tt_softmax import F, SF, softmax
from tt_check import U, assert_within, f64, gemm_ref, inputs

# What a run reports about the host rather than the device.
HOST = {"wall_seconds", "host_threads", "deferred_ops"}


def run(kernel, args, threads, seed, monkeypatch):
    monkeypatch.setenv("TT_EMU_THREADS", str(threads))
    monkeypatch.setenv("TT_EMU_SEED", str(seed))
    out = kernel(*args)
    programs = kernel.backend.last_run["programs"]
    assert programs and all(p["detail"]["host_threads"] == threads for p in programs)
    deferred = sum(p["detail"]["deferred_ops"] for p in programs)
    device = [{k: v for k, v in p["detail"].items() if k not in HOST} for p in programs]
    return np.asarray(out), device, deferred


THREADS = (1, 2, 4)


def same_on_every_thread_count(kernel, args, monkeypatch, written=None):
    """Runs `kernel` with 1, 2 and 4 host threads, seeds 0 and 7; returns the 1-thread, seed-0 output (or, with
    `written`, that argument after the call) and device figures. Each run gets fresh copies of `args`."""
    first = None
    for seed in (0, 7):
        runs = []
        for threads in THREADS:
            a = [x.copy() for x in args]
            out, dev, deferred = run(kernel, a, threads, seed, monkeypatch)
            runs.append((a[written] if written is not None else out, dev, deferred))
        (out1, dev1, deferred1), rest = runs[0], runs[1:]
        assert deferred1 == 0 and all(d > 0 for _, _, d in rest)  # >1 thread ran tile math off the scheduler's thread
        for threads, (out, dev, _) in zip(THREADS[1:], rest):
            assert out1.dtype == out.dtype and out1.tobytes() == out.tobytes(), f"seed {seed}, {threads} threads: outputs differ"
            assert dev1 == dev, f"seed {seed}, {threads} threads: device figures differ"
        if first is None:
            first = (out1, dev1)
        else:
            assert out1.tobytes() == first[0].tobytes()  # seeds change the interleaving, not the results
    return first


def test_multicast_gemm_is_the_same_on_every_thread_count(rng, monkeypatch):
    # 256³ in 64×64 blocks with 64-deep K steps: 4×4 cores, A multicast along rows and B down columns, the float32
    # accumulator packed onto L1 at every K step.
    M = N = K = 256
    kernel = tilelang.compile(matmul(M, N, K, 64, 64, 64), out_idx=-1, target="tenstorrent")
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    out, device = same_on_every_thread_count(kernel, [a, b], monkeypatch)
    assert any(k["noc_write_bytes_mcast"] > 0 for k in device[0]["kernels"])
    ref, accum = gemm_ref(a, f64(b))
    assert_within(f64(out), ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8), "gemm")


def test_softmax_is_the_same_on_every_thread_count(rng, monkeypatch):
    # Row max and row sum (reduce tiles), exp and 1/x (SFPU), broadcasts (FPU), 4 cores of 32 rows.
    M, N = 128, 256
    kernel = tilelang.compile(softmax(M, N, 32, "bfloat16"), out_idx=-1, target="tenstorrent")
    x = inputs(rng, (M, N), "bfloat16", -4, 4)
    out, _ = same_on_every_thread_count(kernel, [x], monkeypatch)
    e = np.exp(f64(x) - f64(x).max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    assert_within(f64(out), ref, (2 * F + SF + U["bfloat16"]) * ref, "softmax")


def test_row_scatter_of_control_data_is_the_same_on_every_thread_count(monkeypatch):
    # Rows gathered at starts read from a tensor, tilized, scaled, untilized and scattered by the writer row by row
    # (the path whose tilize once packed a dead stack tile on the pool: wrong rows with 2 threads).
    N, lens = 64, (5, 32, 17, 1, 30)
    rng = np.random.default_rng(len(lens))
    rows = sum(lens)
    a = rng.uniform(-1, 1, (rows + 32, N)).astype(np.float32)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int32)
    w = rng.uniform(0.5, 2, (rows + 32,)).astype(np.float32)
    kernel = tilelang.compile(varlen_rows(rows, N, len(lens)), out_idx=-1, target="tenstorrent")
    out, _ = same_on_every_thread_count(kernel, [a, starts, np.array(lens, np.int32), w], monkeypatch)
    np.testing.assert_array_equal(out, (2 * a[:rows]) * w[:rows, None])  # a doubling, one float32 rounding


def test_atomics_are_the_same_on_every_thread_count(rng, monkeypatch):
    # 4 layers of 32×64 blocks all atomic_add into a ragged 70×100 C: a workspace of partials, then the combine
    # kernel (two programs per call).
    S, M, N = 4, 70, 100
    x = inputs(rng, (S, M, N), "float32", -8, 8)
    c0 = inputs(rng, (M, N), "float32", -8, 8)
    kernel = tilelang.compile(colliding(M, N, 32, 64, S, "add", "float32"), target="tenstorrent")
    out, device = same_on_every_thread_count(kernel, [x, c0], monkeypatch, written=1)
    assert len(device) == 2
    xs = np.concatenate([f64(c0)[None], f64(x)])
    assert_within(f64(out), xs.sum(0), (S + 1) * 2.0**-24 * np.abs(xs).sum(0), "atomic_add")


def test_reduction_is_the_same_on_every_thread_count(monkeypatch):
    # Row sums of 64×64 blocks folded over a loop along the rows (clear=False), float32 (TF32 operands).
    M, N, bM, bN = 70, 200, 64, 64
    A = inputs(np.random.default_rng(7), (M, N), "float32")
    kernel = tilelang.compile(reduce_kernel(M, N, bM, bN, "float32", "sum", 1, True), out_idx=-1, target="tenstorrent")
    out, _ = same_on_every_thread_count(kernel, [A], monkeypatch)
    ref, s, _, n = reference(A, "sum", 1, 128, 256)
    assert_within(f64(out), ref[:M], (n * U["float32"] + TF32) * s[:M], "reduce_sum")


def test_attention_is_the_same_on_every_thread_count(monkeypatch):
    # Flash attention: two GEMMs per K/V block, online softmax (reduce max/sum, exp), bf16 P.
    M, N, D, bM, bN = 64, 128, 64, 32, 64
    rng = np.random.default_rng(11)
    Q, K, V = (inputs(rng, shape, "bfloat16", -1.0, 1.0) for shape in [(M, D), (N, D), (N, D)])
    kernel = tilelang.compile(attention(M, N, D, bM, bN), out_idx=-1, target="tenstorrent")
    out, _ = same_on_every_thread_count(kernel, [Q, K, V], monkeypatch)
    S = f64(Q) @ f64(K).T / np.sqrt(D)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    ref = P @ f64(V)
    w = (P @ np.abs(f64(V))).max(axis=1, keepdims=True)
    # test_tt_attention.py's bound: bf16 output and P, 9-bit FPU reads of the row statistics, the shifted exp
    bound = U["bfloat16"] * np.abs(ref) + (U["bfloat16"] + 4 * 2.0**-9 + 2 * 2.0**-9 * np.abs(S).max(axis=1, keepdims=True)
                                           + 2.0**-12) * w
    assert_within(f64(out), ref, bound, "attention")


def test_default_is_the_cpus_the_process_may_use(monkeypatch):
    # TT_EMU_THREADS unset: one host thread per CPU in the process's affinity mask.
    monkeypatch.delenv("TT_EMU_THREADS", raising=False)
    M, N = 128, 256
    kernel = tilelang.compile(softmax(M, N, 32, "bfloat16"), out_idx=-1, target="tenstorrent")
    kernel(inputs(np.random.default_rng(1), (M, N), "bfloat16", -4, 4))
    assert kernel.backend.last_run["programs"][0]["detail"]["host_threads"] == len(os.sched_getaffinity(0))
