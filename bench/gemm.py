#!/usr/bin/env python3
"""GEMM benchmark of the Tenstorrent target on the emulator's Wormhole n150 model.

For bf16 GEMMs (float32 accumulation, HiFi4 unless --fidelity) of each shape, compiles an ordinary TileLang
GEMM for target "tenstorrent", runs it on the emulator, checks it against numpy, and reports per shape:
  dram_traffic_ratio   DRAM bytes moved (exact emulator counters) ÷ compulsory bytes (A and B read once,
                       C written once, in their tile formats)
  modeled_utilization  useful FLOPs ÷ (modeled device seconds × the FPU peak of the 64-core grid at the fidelity):
                       a modeled figure, printed as `util (model <version>)` with the emulator's timing-model
                       version (docs/emulator.md); beside it `silicon`, the vendor's measured device utilisation of
                       its hand-tuned matmul at the same shape, format and fidelity (docs/benchmarks.md,
                       "Calibration"; "-" where none is published)
  emulator_over_numpy  emulator wall time of the program ÷ numpy float32 matmul wall time, same run (best of
                       --repeat calls each; emulator_first_seconds is the first call, which maps L1 in), once per
                       host thread count of --threads (TT_EMU_THREADS: the emulator's tile math on that many host
                       threads, docs/emulator.md "Host threads"), side by side; the outputs and modeled figures
                       must be the same for every count. The machine's load average is printed with each row: wall
                       times on a shared machine say little.

Usage: python3 bench/gemm.py [--json OUT] [--shapes 1024,2048,4096] [--block bM,bN,bK] [--fidelity HiFi4,HiFi2,LoFi]
                             [--format bfloat16,bfp8_b] [--reuse auto|multicast|none] [--stages 2] [--repeat 3]
                             [--threads 1,2] [--before OTHER_PYTHON]
Without --block each shape uses the TileLang block sizes of BLOCKS (below); --block uses one for all shapes.
--stages 1,2,3 runs each shape once per T.Pipelined num_stages (the depth of the reader's CBs, in blocks).
--reuse none runs the schedule without multicast reuse (annotate_tt_schedule(..., reuse="none")) for comparison.
--fidelity and --format take lists (every combination runs). --before OTHER_PYTHON first runs the same rows with
another build's Python (e.g. a venv of the main branch; --repeat 1, one thread) and prints its modeled utilisation
in the column `before`, beside this build's `util` (JSON: before_modeled_utilization).
"""
import argparse
import json
import os
import sys
import time

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.tenstorrent import annotate_tt_layout, annotate_tt_schedule
from tilelang_tt.tenstorrent.bfp8 import quantize

# Wormhole n150: 64 worker cores at 1 GHz; one 32×32×32 tile product is 2·32³ FLOPs in 16 (LoFi), 32 (HiFi2),
# 48 (HiFi3) or 64 (HiFi4) cycles (reference §5: 4096 FLOP/cycle/core at LoFi).
CORES, CLOCK_HZ = 64, 1.0e9
CYCLES_PER_TILE = {"LoFi": 16, "HiFi2": 32, "HiFi3": 48, "HiFi4": 64}

# Block sizes (bM, bN, bK) per square shape n³. The output of each of the 8 × 8 cores is (n/8)²: one block
# per core when it fits L1 (1024³: 128×128; 2048³: 256×256), else 256×512 blocks, two per core stacked in M,
# so that A is read from DRAM once and B twice (traffic (1 + 2 + 1)/3). bK: as deep as L1 allows next to the
# float32 accumulator (256×512: 512 KB) and the double-buffered A and B blocks; deeper K blocks amortise the
# packs of the partial sums.
# 512³: 64 × 64 per core, K in two steps. 8192³: the 4096³ block, eight per core.
BLOCKS = {512: (64, 64, 256), 1024: (128, 128, 256), 2048: (256, 256, 256), 4096: (256, 512, 128),
          8192: (256, 512, 128)}
DEFAULT_BLOCK = (128, 128, 64)
# The vendor's measured device utilisation (%) of its hand-tuned matmul on an n150, 8×8 grid: GEMM_FLOPS.md, "N150
# Manually Tuned Configurations", "Device based utilization (vs full available grid 8x8)" (docs/benchmarks.md,
# "Calibration"). Keys: (format, fidelity) → {n: %} for square n³.
PUBLISHED_SILICON = {
    ("bfloat16", "HiFi4"): {512: 42.79, 1024: 78.45, 2048: 89.71, 4096: 83.67, 8192: 88.69, 16384: 91.49},
    ("bfloat16", "HiFi2"): {512: 21.63, 1024: 48.84, 2048: 64.93, 4096: 60.37, 8192: 66.57, 16384: 71.69},
    ("bfp8_b", "HiFi2"): {512: 27.04, 1024: 68.79, 2048: 84.45, 4096: 79.23, 8192: 83.93, 16384: 86.66},
    ("bfp8_b", "LoFi"): {512: 13.68, 1024: 40.85, 2048: 58.98, 4096: 58.03, 8192: 64.72, 16384: 69.40},
}

# bfp8_b A, B and C: the CBs that convert the float32 accumulator to bfp8_b need more L1 than the bf16 blocks
# above leave at 2048³ and 4096³, so those shapes use 256 × 256 × 128 blocks.
BLOCKS_BFP8 = {2048: (256, 256, 128), 4096: (256, 256, 128)}


def blocks(n, fmt="bfloat16"):
    """The block sizes bench() uses for an n³ GEMM with A, B and C stored as `fmt`."""
    if fmt == "bfp8_b" and n in BLOCKS_BFP8:
        return BLOCKS_BFP8[n]
    return BLOCKS.get(n, DEFAULT_BLOCK)


def gemm(M, N, K, bM, bN, bK, stages=2):
    @T.prim_func
    def main(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"), C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "bfloat16")
            B_s = T.alloc_shared((bK, bN), "bfloat16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=stages):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.copy(C_l, C[by * bM, bx * bN])
    return main


def bench(n, block, fidelity, reuse="auto", stages=2, repeat=3, fmt="bfloat16", threads=(1,)):
    """fmt "bfp8_b" stores A, B and C as bfp8_b tiles (annotate_tt_layout), as the vendor's BFLOAT8_B rows do."""
    bM, bN, bK = block
    func = gemm(n, n, n, bM, bN, bK, stages)
    if reuse != "auto":
        func = annotate_tt_schedule(func, reuse=reuse)
    if fmt == "bfp8_b":
        func = annotate_tt_layout(func, {name: {"format": "bfp8_b"} for name in ("A", "B", "C")})
    kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent",
                              pass_configs={"tt.math_fidelity": fidelity})
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (n, n)).astype(ml_dtypes.bfloat16)
    b = rng.uniform(-1, 1, (n, n)).astype(ml_dtypes.bfloat16)
    # Both wall times are the best of `repeat` runs of the same inputs (the modeled figures do not vary). Calls
    # reuse one host process and its open device (host --serve); the first call also maps the device's L1 in.
    # Each thread count starts its own host process (TT_EMU_THREADS is read when it starts).
    af, bf = a.astype(np.float32), b.astype(np.float32)
    af @ bf
    per_threads, c, stats, same = {}, None, None, True
    saved = os.environ.get("TT_EMU_THREADS")
    try:
        for t in threads:
            os.environ["TT_EMU_THREADS"] = str(t)
            load = os.getloadavg()[0]
            walls, t_numpy = [], []
            for _ in range(repeat):
                out = kernel(a, b)
                run = kernel.backend.last_run["programs"][0]
                walls.append(run["wall_seconds"])
                t_numpy.append(_timed(lambda: af @ bf))  # interleaved: both see the same load
            if c is None:
                c, stats = out, run
            same &= out.tobytes() == c.tobytes() and run["modeled_cycles"] == stats["modeled_cycles"]
            per_threads[t] = {"emulator_seconds": min(walls), "emulator_first_seconds": walls[0],
                              "numpy_seconds": min(t_numpy), "emulator_over_numpy": min(walls) / min(t_numpy),
                              "load_average": load}
    finally:
        if saved is None:
            os.environ.pop("TT_EMU_THREADS", None)
        else:
            os.environ["TT_EMU_THREADS"] = saved
    first = per_threads[threads[0]]
    qa, qb = (quantize(x) if fmt == "bfp8_b" else x for x in (a, b))
    ref = qa.astype(np.float32) @ qb.astype(np.float32)
    err = float(np.max(np.abs(c.astype(np.float32) - ref)))
    # bf16 output: half an ulp of |C| ≤ 2^-9·max|C|, plus fp32 accumulation error: 2^-8·max|C| is a safe bound.
    # LoFi/HiFi2 products keep 5 (LoFi) or more bits of one operand's mantissa: each product is off by at most
    # 2^-4 of |a·b|, with the sign of a·b (truncation toward zero), which is random for these inputs; the sum's
    # error is then within 6 standard deviations, 6·2^-4·sqrt(Σ(a·b)²) (a statistical bound: still far below
    # |C| ≈ sqrt(K/9), so a wrong or missing tile fails it). A bfp8_b C adds up to 2^-6 of its face row's largest.
    bound = 2.0 ** -8 * float(np.max(np.abs(ref))) + 1e-2
    if fidelity in ("LoFi", "HiFi2"):
        sq = lambda x: np.square(x.astype(np.float32))
        bound += 6 * 2.0 ** -4 * float(np.sqrt(np.max(sq(qa) @ sq(qb))))
    if fmt == "bfp8_b":
        bound += 2.0 ** -6 * float(np.max(np.abs(ref)))
    ok = err <= bound and same
    tile = 1088 if fmt == "bfp8_b" else 2048
    compulsory = 3 * (n // 32) ** 2 * tile
    flops = 2.0 * n ** 3
    peak = CORES * CLOCK_HZ * 2 * 32 ** 3 / CYCLES_PER_TILE[fidelity]
    return {
        "shape": [n, n, n],
        "block": list(block),
        "fidelity": fidelity,
        "format": fmt,
        "reuse": reuse,
        "num_stages": stages,
        "cb_peak_pages": stats.get("cb_peak_pages", {}),
        "dram_traffic_ratio": stats["dram_bytes"] / compulsory,
        "modeled_seconds": stats["modeled_seconds"],
        "modeled_utilization": flops / (stats["modeled_seconds"] * peak),
        "timing_model": stats["detail"].get("timing_model", "unversioned"),
        "silicon_utilization": _percent(PUBLISHED_SILICON.get((fmt, fidelity), {}).get(n)),
        "emulator_seconds": first["emulator_seconds"],
        "emulator_first_seconds": first["emulator_first_seconds"],
        "numpy_seconds": first["numpy_seconds"],
        "emulator_over_numpy": first["emulator_over_numpy"],
        "host_threads": {str(t): r for t, r in per_threads.items()},
        "same_on_every_thread_count": bool(same),
        "max_abs_error": err,
        "correct": bool(ok),
    }


def _percent(v):
    return None if v is None else v / 100


def _timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def before_records(python, argv):
    """The same benchmark run by another build's Python (--before): its records, keyed like main()'s rows."""
    import subprocess
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        cmd = [python, os.path.abspath(__file__)] + argv + ["--json", tmp.name, "--repeat", "1", "--threads", "1"]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"the --before run failed:\n{out.stdout}\n{out.stderr}")
        with open(tmp.name) as f:
            return {_key(r): r for r in json.load(f)}


def _key(r):
    return (r["shape"][0], r["format"], r["fidelity"], r["num_stages"])


def _argv_without_before(argv):
    """argv without --before and --json (and their values): what the --before run repeats."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--before", "--json"):
            skip = True
        elif not a.startswith(("--before=", "--json=")):
            out.append(a)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="write the records to this file")
    ap.add_argument("--shapes", default="1024,2048,4096")
    ap.add_argument("--block", help="bM,bN,bK for every shape (default: BLOCKS per shape)")
    ap.add_argument("--fidelity", default="HiFi4", help="math fidelities, a list: HiFi4,HiFi2,LoFi")
    ap.add_argument("--format", default="bfloat16", help="A, B and C storage, a list: bfloat16,bfp8_b")
    ap.add_argument("--reuse", default="auto", choices=["auto", "multicast", "none"])
    ap.add_argument("--stages", default="2", help="T.Pipelined num_stages, or a list: 1,2,3")
    ap.add_argument("--repeat", type=int, default=3, help="emulator and numpy wall times: best of this many runs")
    ap.add_argument("--threads", default=",".join(sorted({"1", str(os.cpu_count() or 1)}, key=int)),
                    help="host thread counts for the emulator's tile math (TT_EMU_THREADS), run side by side")
    ap.add_argument("--before", metavar="PYTHON",
                    help="also run the same rows with another build's Python (its venv) and print its modeled "
                         "utilisation in the column `before`, beside this build's")
    args = ap.parse_args()
    fidelities, formats = args.fidelity.split(","), args.format.split(",")
    for v in fidelities:
        if v not in CYCLES_PER_TILE:
            ap.error(f"--fidelity: expected one of {sorted(CYCLES_PER_TILE)}, got {v}")
    for v in formats:
        if v not in ("bfloat16", "bfp8_b"):
            ap.error(f"--format: expected bfloat16 or bfp8_b, got {v}")
    before = before_records(args.before, _argv_without_before(sys.argv[1:])) if args.before else None
    threads = tuple(int(t) for t in args.threads.split(","))
    fixed = tuple(int(v) for v in args.block.split(",")) if args.block else None
    records = []
    cols = "".join(f" {f'emu s {t}t':>8} {f'np s':>7} {f'emu/np {t}t':>10} {'load':>5}" for t in threads)
    print(f"{'shape':>16} {'format':>8} {'fidelity':>8} {'block':>12} {'stages':>6} {'traffic':>8}"
          f"{' before' if before else ''} {'util':>6} {'silicon':>7} {'modeled ms':>10}{cols} ok")
    rows = [(n, fmt, fid, st) for fmt in formats for fid in fidelities for n in map(int, args.shapes.split(","))
            for st in map(int, args.stages.split(","))]
    for n, fmt, fidelity, stages in rows:
        r = bench(n, fixed or blocks(n, fmt), fidelity, args.reuse, stages, args.repeat, fmt, threads)
        if before is not None:
            r["before_modeled_utilization"] = before[_key(r)]["modeled_utilization"]
        records.append(r)
        cells = "".join(f" {h['emulator_seconds']:8.3f} {h['numpy_seconds']:7.4f} {h['emulator_over_numpy']:10.2f} "
                        f"{h['load_average']:5.1f}" for h in r["host_threads"].values())
        was = f" {r['before_modeled_utilization']:6.3f}" if before is not None else ""
        print(f"{'x'.join(map(str, r['shape'])):>16} {fmt:>8} {fidelity:>8} {','.join(map(str, r['block'])):>12} "
              f"{stages:6d} {r['dram_traffic_ratio']:8.2f}{was} {r['modeled_utilization']:6.3f} "
              f"{'-' if r['silicon_utilization'] is None else format(r['silicon_utilization'], '.3f'):>7} "
              f"{r['modeled_seconds'] * 1e3:10.3f}{cells} {'yes' if r['correct'] else 'NO'}", flush=True)
    print(f"util: modeled (emulator timing model {records[0]['timing_model'] if records else '?'}); silicon: the "
          "vendor's measured device utilisation of its hand-tuned matmul (GEMM_FLOPS.md), same shape, format, fidelity"
          + ("; before: modeled, the --before build" if before else ""))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(records, f, indent=2)
    return 0 if all(r["correct"] for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())
