#!/usr/bin/env python3
"""Calibration of the emulator's timing model against the vendor's published Wormhole n150 measurements.

Each row performs one published experiment on the emulator's Wormhole model and puts the published figure, the
emulator's figure and their ratio side by side (sources: docs/benchmarks.md, "Calibration"):
  data movement  our TT-Metalium host program and kernels (bench/calibration/), in the style of the vendor's
                 data-movement tests: one kernel streams 256 transfers and waits at one barrier; bandwidth =
                 bytes ÷ the kernel's modeled cycles (the vendor's: bytes ÷ the cycles of the kernel's zone)
  DRAM saturation twelve kernels, each streaming its own DRAM bank (the report's placement): chip bytes ÷
                 the program's modeled seconds
  GEMM           an ordinary TileLang GEMM (bench/gemm.py's) compiled for "tenstorrent", on the 8 × 8 grid:
                 utilisation = ideal cycles ÷ modeled cycles, the formula of the vendor's GEMM report, against
                 its "device based utilization" (device time, no host overhead: what the model models)

Usage: python3 bench/calibration.py [--json OUT] [--gemm 512,1024,2048,4096] [--no-gemm]
Goal: every row within ±15 %, GEMM rows within ±10 % (the `ok` column).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DM_TOLERANCE, GEMM_TOLERANCE = 0.15, 0.10
MODEL = None  # the emulator's timing-model version, from the runs' statistics

# (name, published B/cycle, source, host-program arguments). Sizes: 8 KB transfers (one NOC maximum burst) as
# the vendor's "Directed Ideal" tests use their largest transfers; 128 of them (the tests issue 256 into one
# buffer; the emulator's sanitizer rejects overlapping pending reads, and 128 × 8 KB fill L1).
BOUNDS = "tests/tt_metal/tt_metal/data_movement/python/test_mappings/test_bounds.yaml"
DM_ROWS = [
    ("DRAM read, one bank", 22, BOUNDS + ": DRAM Directed Ideal, riscv_1", ["dram", "8192", "128", "0", "0"]),
    ("DRAM write, one bank", 21, BOUNDS + ": DRAM Directed Ideal, riscv_0", ["dram", "8192", "128", "0", "1"]),
    ("DRAM read, interleaved pages", 30, BOUNDS + ": DRAM Interleaved Page Directed Ideal, riscv_1",
     ["dram", "8192", "128", "1", "0"]),
    ("DRAM write, interleaved pages", 26, BOUNDS + ": DRAM Interleaved Page Directed Ideal, riscv_0",
     ["dram", "8192", "128", "1", "1"]),
    ("one to one (write)", 30, BOUNDS + ": One to One Directed Ideal", ["core", "8192", "128", "0"]),
    ("one from one (read)", 28, BOUNDS + ": One from One Directed Ideal", ["core", "8192", "128", "1"]),
    ("multicast to 8x8", 14, BOUNDS + ": One to All Multicast Directed Ideal", ["core", "8192", "128", "2"]),
    ("linked multicast to 8x8", 22, BOUNDS + ": One to All Multicast Linked Directed Ideal",
     ["core", "8192", "128", "3"]),
]
SATURATION = ("DRAM saturation, 12 readers (GB/s)", 267,
              "tech_reports/Saturating_DRAM_bandwidth: table, DRAM u-benchmark @12GBps", ["dram", "8192", "128", "0", "0", "12"])

GEMM_SOURCE = "tech_reports/GEMM_FLOPS/GEMM_FLOPS.md: N150 Manually Tuned Configurations, device based utilization"


def build_host(workdir):
    from tilelang_tt.tenstorrent import emulator
    include, link, _ = emulator.toolchain()
    exe = Path(workdir) / "calibration_host"
    cmd = (f"g++ -std=c++20 -O1 {include} -DPROGRAM_DIR='\"{HERE / 'calibration'}\"' "
           f"{HERE / 'calibration' / 'calibration_host.cpp'} -o {exe} {link}")
    subprocess.run(cmd, shell=True, check=True)
    return exe


def run_host(exe, args):
    env = dict(os.environ, TT_EMU_DEVICE="wormhole_b0")
    out = subprocess.run([str(exe)] + args, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"calibration_host {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    kernels = [tuple(int(v) for v in line.split()[1:]) for line in out.stdout.splitlines() if line.startswith("kernel ")]
    total = int(re.search(r"modeled_cycles=(\d+)", out.stdout).group(1))
    global MODEL
    MODEL = re.search(r'"timing_model":"([^"]*)"', out.stdout).group(1)
    return kernels, total


def dm_rows(exe):
    rows = []
    for name, published, source, args in DM_ROWS:
        kernels, _ = run_host(exe, args)
        (_, _, nbytes, cycles), = [k for k in kernels if k[2] > 0]
        rows.append(row(name, published, nbytes / cycles, "B/cycle", source, DM_TOLERANCE))
    name, published, source, args = SATURATION
    kernels, total = run_host(exe, args)
    gbps = sum(k[2] for k in kernels) / total  # bytes per cycle at 1 GHz = GB/s
    rows.append(row(name, published, gbps, "GB/s", source, DM_TOLERANCE))
    return rows


def gemm_rows(shapes):
    sys.path.insert(0, str(HERE))
    import gemm as bench_gemm  # bench/gemm.py: the ordinary TileLang GEMM and its block sizes
    rows = []
    for (dtype, fidelity), published in bench_gemm.PUBLISHED_SILICON.items():
        for n in shapes:
            if n not in published:
                continue
            r = bench_gemm.bench(n, bench_gemm.blocks(n, dtype), fidelity, repeat=1, fmt=dtype)
            if not r["correct"]:
                raise RuntimeError(f"GEMM {n}^3 {dtype} {fidelity} failed its numerical check")
            rows.append(row(f"GEMM {n}^3 {dtype} {fidelity} util %", published[n], 100 * r["modeled_utilization"], "%",
                            GEMM_SOURCE, GEMM_TOLERANCE, r["timing_model"]))
    return rows


def row(name, published, emulator, unit, source, tol, model=None):
    ratio = emulator / published
    return {"experiment": name, "unit": unit, "published": published, "emulator": round(emulator, 3),
            "ratio": round(ratio, 3), "within": tol, "ok": abs(ratio - 1) <= tol, "source": source,
            "timing_model": model or MODEL}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="write the rows to this file")
    ap.add_argument("--gemm", default="512,1024,2048,4096", help="square GEMM sizes (published: 512 … 8192)")
    ap.add_argument("--no-gemm", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = dm_rows(build_host(tmp))
    if not args.no_gemm:
        rows += gemm_rows([int(v) for v in args.gemm.split(",")])
    print(f"timing model {MODEL}, Wormhole n150")
    print(f"{'experiment':44} {'published':>9} {'emulator':>9} {'ratio':>6}  ok")
    for r in rows:
        print(f"{r['experiment']:44} {r['published']:9.2f} {r['emulator']:9.2f} {r['ratio']:6.3f}  "
              f"{'yes' if r['ok'] else 'NO'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"timing_model": MODEL, "device": "wormhole_b0", "rows": rows}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
