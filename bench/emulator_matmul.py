#!/usr/bin/env python3
"""Runs the 1024×1024×1024 bf16 matmul program on 64 emulated cores (bench/emulator_matmul) and numpy's
float32 matmul of the same shape in one run, and prints the ratio of the best times (emulator: best of 5 runs
after a warm-up that also builds the kernels; numpy: best of 20). The emulator runs on one thread; numpy's
BLAS uses every core.

Usage: python3 bench/emulator_matmul.py [<path to emu_bench_matmul binary> [M N K]]
The binary is built with the C++ tests (scripts/test.sh, or TILELANG_TT_BUILD_TESTS=ON): by default the one under
build/*/tests/emulator/ of this checkout."""
import glob
import os
import re
import subprocess
import sys
import time

import numpy as np


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else default_binary()
    m, n, k = (int(v) for v in sys.argv[2:5]) if len(sys.argv) > 4 else (1024, 1024, 1024)
    out = subprocess.run([exe, str(m), str(n), str(k), "5"], capture_output=True, text=True)
    print(out.stdout.strip())
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        sys.exit("emulator matmul failed its correctness check")
    emu = float(re.search(r"emulator_seconds=([0-9.]+)", out.stdout).group(1))
    a = np.random.rand(m, k).astype(np.float32)
    b = np.random.rand(k, n).astype(np.float32)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(20))
    print(f"numpy float32 matmul {m}x{n}x{k}: {best:.4f} s")
    print(f"emulator / numpy = {emu / best:.2f}x")


def default_binary():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = sorted(glob.glob(os.path.join(root, "build", "*", "tests", "emulator", "emu_bench_matmul")))
    if not found:
        sys.exit("bench/emulator_matmul.py: no emu_bench_matmul binary under build/*/tests/emulator/: build the C++ "
                 "tests (bash scripts/test.sh, or TILELANG_TT_BUILD_TESTS=ON bash scripts/install.sh) or pass its path")
    return found[-1]


def _timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
