"""Modeled device time of the two strategies of T.atomic_add on upstream's split-K GEMM
(tests/python/upstream/example_tilelang_gemm_splitk.py, unchanged): "partials" (a workspace slice per split and a
combine kernel; the default) and "lock" (pass config tt.atomic_strategy="lock": the splits of an output block run in
turn on one core, each a read-modify-write of C ordered by the core's semaphore), next to the same kernel with one
split (the plain GEMM). Checks each result against numpy (float64) with upstream's tolerance plus the matrix engine's
documented float16 bound, prints a table and writes JSON (--json PATH).

    python bench/atomic_strategies.py [--json out.json]
"""
import argparse
import json
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "python" / "upstream"))

import tilelang_tt as tilelang  # noqa: E402
from upstream_check import load  # noqa: E402

# (M, N, K, block, block_K, split_k): upstream main()'s blocks at a quarter of its size, and a tall-K shape
SHAPES = [(256, 256, 1024, 128, 32, 4), (256, 256, 4096, 64, 32, 4)]


def modeled(kernel):
    return sum(p["modeled_seconds"] for p in kernel.backend.last_run["programs"])


def run(mod, a, b, M, N, block, bk, split, strategy):
    func, _, _ = mod.matmul.elaborate(a, b, np.zeros((M, N), np.float32), block, block, bk, split)
    k = tilelang.compile(func, target="tenstorrent", pass_configs={"tt.atomic_strategy": strategy})
    c = np.zeros((M, N), np.float32)
    k(a, b, c)
    ref = a.astype(np.float64) @ b.astype(np.float64)
    bound = 1e-2 + 1e-2 * np.abs(ref) + 2.0**-10 * (np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64)))
    assert (np.abs(c - ref) <= bound).all(), f"{strategy}: out of upstream's tolerance"
    return modeled(k), [(p["program"], p["modeled_seconds"]) for p in k.backend.last_run["programs"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    args = ap.parse_args()
    mod = load("example_tilelang_gemm_splitk")
    rng = np.random.default_rng(0)
    rows = []
    print(f"{'M×N×K':>16} {'block':>6} {'splits':>6} {'partials µs':>12} {'lock µs':>9} {'1 split µs':>11} "
          f"{'lock/partials':>13}")
    for M, N, K, block, bk, split in SHAPES:
        a = rng.standard_normal((M, K)).astype(np.float16)
        b = rng.standard_normal((K, N)).astype(np.float16)
        t = {s: run(mod, a, b, M, N, block, bk, split, s) for s in ("partials", "lock")}
        plain = run(mod, a, b, M, N, block, bk, 1, "partials")
        rows.append({"M": M, "N": N, "K": K, "block": block, "block_K": bk, "split_k": split,
                     "partials_s": t["partials"][0], "lock_s": t["lock"][0], "one_split_s": plain[0],
                     "programs": {s: t[s][1] for s in t}})
        print(f"{f'{M}×{N}×{K}':>16} {block:>6} {split:>6} {t['partials'][0] * 1e6:>12.1f} {t['lock'][0] * 1e6:>9.1f} "
              f"{plain[0] * 1e6:>11.1f} {t['lock'][0] / t['partials'][0]:>13.2f}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
