"""The emulator on several host threads (docs/emulator.md, "Host threads"): the tile math of the emulated cores
(unpack, FPU, SFPU, pack) runs on a pool of TT_EMU_THREADS host threads, while scheduling, clocks, counters and
sanitizer checks stay on one. Each program runs with 1 thread (every operation at its call, as before) and with 4
(more than this machine's cores, so the operating system interleaves them as it likes): the outputs must be the
same bits, and every figure of the run that describes the device — modeled cycles, NoC and DRAM bytes, tile
operations, CB peaks, per-kernel end cycles, fiber and core switches — the same number; under seed 7 too (a
shuffled interleaving stays reproducible). The 1-thread output is also checked against numpy, so that "the same"
means "the same right answer". The sanitizer's reports under several threads: tests/emulator (ctest
emu_sanitizer_test_threads4 and friends run the planted races with TT_EMU_THREADS=4).
"""
import numpy as np
import pytest

import tilelang_tt as tilelang
from test_tt_gemm import matmul
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


def same_on_1_and_4_threads(kernel, args, monkeypatch):
    """Runs `kernel` with 1 and 4 host threads, seeds 0 and 7; returns the 1-thread, seed-0 output."""
    first = None
    for seed in (0, 7):
        out1, dev1, deferred1 = run(kernel, args, 1, seed, monkeypatch)
        out4, dev4, deferred4 = run(kernel, args, 4, seed, monkeypatch)
        assert deferred1 == 0 and deferred4 > 0  # 4 threads ran the tile math off the scheduler's thread
        assert out1.dtype == out4.dtype and out1.tobytes() == out4.tobytes(), f"seed {seed}: outputs differ"
        assert dev1 == dev4, f"seed {seed}: device figures differ"
        if first is None:
            first = (out1, dev1)
        else:
            assert out1.tobytes() == first[0].tobytes()  # seeds change the interleaving, not the results
    return first


def test_multicast_gemm_is_the_same_on_1_and_4_threads(rng, monkeypatch):
    # 256³ in 64×64 blocks with 64-deep K steps: 4×4 cores, A multicast along rows and B down columns, the float32
    # accumulator packed onto L1 at every K step.
    M = N = K = 256
    kernel = tilelang.compile(matmul(M, N, K, 64, 64, 64), out_idx=-1, target="tenstorrent")
    a = inputs(rng, (M, K), "bfloat16", -1, 1)
    b = inputs(rng, (K, N), "bfloat16", -1, 1)
    out, device = same_on_1_and_4_threads(kernel, [a, b], monkeypatch)
    assert any(k["noc_write_bytes_mcast"] > 0 for k in device[0]["kernels"])
    ref, accum = gemm_ref(a, f64(b))
    assert_within(f64(out), ref, 2.0**-8 * np.abs(ref) + accum * (1 + 2.0**-8), "gemm")


def test_softmax_is_the_same_on_1_and_4_threads(rng, monkeypatch):
    # Row max and row sum (reduce tiles), exp and 1/x (SFPU), broadcasts (FPU), 4 cores of 32 rows.
    M, N = 128, 256
    kernel = tilelang.compile(softmax(M, N, 32, "bfloat16"), out_idx=-1, target="tenstorrent")
    x = inputs(rng, (M, N), "bfloat16", -4, 4)
    out, _ = same_on_1_and_4_threads(kernel, [x], monkeypatch)
    e = np.exp(f64(x) - f64(x).max(axis=1, keepdims=True))
    ref = e / e.sum(axis=1, keepdims=True)
    assert_within(f64(out), ref, (2 * F + SF + U["bfloat16"]) * ref, "softmax")
