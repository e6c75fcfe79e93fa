"""kernel.stats (docs/profiling.md): the documented keys, and their values against independent formulas — the
compulsory DRAM bytes of a GEMM whose operand tiles are multicast (each read once), the matmul engine's busy
fraction at HiFi4 (70 modeled cycles per 32×32×32 tile product: the FPU's 64, reference §5, plus 6 of issue, the
calibrated model), the DRAM bytes ÷ the n150's 267 GB/s (measured; the timing model's figure) — and the
TT_EMU_STATS lines naming their function and program.
"""
import json

import ml_dtypes
import numpy as np
import pytest

from tt_check import example

import tilelang_tt as tilelang
from tilelang_tt.errors import TileLangError

GEMM, SPLITK = example("gemm"), example("splitk_gemm")

TOP = {"function", "device", "modeled_ms", "modeled_cycles", "wall_ms", "dram_bytes", "noc_bytes", "tile_ops",
       "math_cycles", "matmul_cycles", "utilisation", "programs"}
PROGRAM = {"program", "modeled_ms", "modeled_cycles", "wall_ms", "dram_bytes", "dram_bank_bytes", "noc_bytes",
           "tile_ops", "math_cycles", "matmul_cycles", "utilisation", "cb_peak_pages", "cores"}
CORE = {"core", "noc_read_bytes_dram", "noc_read_bytes_l1", "noc_write_bytes_dram", "noc_write_bytes_l1",
        "noc_write_bytes_mcast", "math_cycles", "cb_blocked_cycles", "sem_blocked_cycles", "end_cycle"}


def test_gemm_stats_keys_and_values():
    n, blk = 256, 128
    kernel = tilelang.compile(GEMM.matmul(n, n, n, blk, blk, 64), out_idx=-1, target="tenstorrent")
    assert kernel.stats is None  # before the first call
    a = np.ones((n, n), ml_dtypes.bfloat16)
    kernel(a, a)
    s = kernel.stats
    assert set(s) == TOP and s["function"] == kernel.func.name and s["device"] == "wormhole_b0"
    (p,) = s["programs"]
    assert set(p) == PROGRAM and p["program"] == "kernel0"
    assert s["utilisation"].keys() == p["utilisation"].keys() == {"fpu", "matmul", "dram"}
    cores = (n // blk) ** 2
    assert len(p["cores"]) == cores and all(set(c) == CORE for c in p["cores"])
    # Multicast reuse: every tile of A and B is read from DRAM once, C written once (bf16 tiles: 2048 B).
    tiles = (n // 32) ** 2
    assert s["dram_bytes"] == 3 * tiles * 2048 == sum(p["dram_bank_bytes"])
    assert s["noc_bytes"]["noc_read_bytes_dram"] == sum(c["noc_read_bytes_dram"] for c in p["cores"]) == 2 * tiles * 2048
    assert s["tile_ops"]["matmul"] == (n // 32) ** 3
    seconds = s["modeled_ms"] / 1e3
    assert s["modeled_cycles"] == round(seconds * 1e9)  # 1 GHz
    busy = (n // 32) ** 3 * 70 / 64  # cycles per core of HiFi4 tile products: 64 FPU + 6 issue each, 64 cores
    assert s["utilisation"]["matmul"] == pytest.approx(busy / (seconds * 1e9), rel=1e-9)
    assert s["utilisation"]["dram"] == pytest.approx(s["dram_bytes"] / (seconds * 267e9), rel=1e-9)
    assert s["utilisation"]["matmul"] <= s["utilisation"]["fpu"] <= 1
    # The modeled program time is at least every core's end.
    assert max(c["end_cycle"] for c in p["cores"]) <= s["modeled_cycles"]
    assert all(isinstance(cb, int) for c in p["cores"] for per in c["cb_blocked_cycles"].values() for cb in per)


def test_two_programs_and_emu_stats_lines(tmp_path, monkeypatch):
    lines = tmp_path / "stats.jsonl"
    monkeypatch.setenv("TT_EMU_STATS", str(lines))
    M = N = 64
    K, S = 256, 2
    kernel = tilelang.compile(SPLITK.splitk_matmul(M, N, K, 32, 32, 32, S, out_dtype="float32"), out_idx=[3],
                              target="tenstorrent")
    a = np.ones((M, K), ml_dtypes.bfloat16)
    kernel(a, np.ones((K, N), ml_dtypes.bfloat16), np.zeros((S, M, N), np.float32))
    s = kernel.stats
    assert [p["program"] for p in s["programs"]] == ["kernel0", "kernel1"]
    assert s["modeled_cycles"] == sum(p["modeled_cycles"] for p in s["programs"])
    assert s["dram_bytes"] == sum(p["dram_bytes"] for p in s["programs"])
    emu = [json.loads(line) for line in lines.read_text().splitlines()]
    assert [(e["function"], e["program"]) for e in emu] == [(kernel.func.name, "kernel0"), (kernel.func.name, "kernel1")]
    assert [e["dram_bytes"] for e in emu] == [p["dram_bytes"] for p in s["programs"]]


def test_stats_on_interpret_is_an_error():
    kernel = tilelang.compile(GEMM.matmul(64, 64, 64, 32, 32, 32), out_idx=-1, target="interpret")
    with pytest.raises(TileLangError, match=r"\[stats\] target 'interpret' has no device counters"):
        kernel.stats
