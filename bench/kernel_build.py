"""Build cost of a new kernel on target "tenstorrent": compiles and runs three kernels (a tiny element-wise add,
the README's float32 256³ GEMM, a flash-attention kernel) in a fresh cache and reports the CPU seconds of its child
processes (the compilers of the host program and kernels, and the host program itself: RUSAGE_CHILDREN, with
the host server off so every call is a waited child) and the wall time of compile + first call, for a new
kernel in a cache that has compiled one other kernel before (what is built once per cache is there; its cost
is shown apart). A second call with everything cached gives the run's own share, so build = first − second.
Each case runs in its own process so the counts are its own. With --save DIR the outputs are written to
DIR/<case>.npy; with --compare DIR they must be bitwise equal to the ones saved there.

Run: python bench/kernel_build.py [--save DIR | --compare DIR]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = ["eltwise", "gemm", "attention"]


def make(case):
    sys.path.insert(0, os.path.join(HERE, "..", "examples", "tenstorrent"))
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "python", "tt"))
    rng = np.random.default_rng(0)
    if case == "eltwise":
        from elementwise_add import elementwise_add
        return elementwise_add(64, 64), [rng.standard_normal((64, 64)).astype(np.float32) for _ in range(2)]
    if case == "gemm":
        from test_export_and_annotations import matmul  # the README's GEMM (its tile sizes)
        return matmul(256, 256, 256, dtype="float32"), [rng.random((256, 256)).astype(np.float32) for _ in range(2)]
    from test_tt_attention import attention
    import ml_dtypes
    qkv = [rng.uniform(-1, 1, (n, 64)).astype(ml_dtypes.bfloat16) for n in (64, 128, 128)]
    return attention(64, 128, 64, 32, 64), qkv


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def warm_up():
    """Compiles and runs an unrelated kernel (bfloat16 add: no kernel object in common with the cases), so that
    what is built once per cache (the host build's precompiled header) is there. Returns its CPU seconds."""
    import ml_dtypes
    import tilelang_tt as tilelang
    sys.path.insert(0, os.path.join(HERE, "..", "examples", "tenstorrent"))
    from elementwise_add import elementwise_add
    a = np.ones((96, 96), ml_dtypes.bfloat16)
    tilelang.compile(elementwise_add(96, 96, dtype="bfloat16"), out_idx=-1, target="tenstorrent")(a, a)
    return children_cpu()


def child(case, save, compare):
    import tilelang_tt as tilelang
    first = warm_up()
    func, args = make(case)
    t0 = time.perf_counter()
    kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent")
    out = kernel(*args)
    wall = time.perf_counter() - t0
    cpu = children_cpu() - first
    kernel(*args)  # a second call: the same run with every build cached, to separate build from run
    run = children_cpu() - first - cpu
    print(f"{case:10s} new kernel: cpu {cpu:5.2f} s (build {cpu - run:5.2f} s + run {run:4.2f} s)  wall {wall:6.2f} s"
          f"  [the cache's first kernel: cpu {first:5.2f} s]")
    if save:
        np.save(os.path.join(save, case + ".npy"), out)
    if compare:
        ref = np.load(os.path.join(compare, case + ".npy"))
        same = ref.shape == out.shape and ref.tobytes() == out.tobytes()  # (np.save keeps bfloat16 as raw V2)
        print(f"{case:10s} bitwise equal to {compare}: {same}")
        if not same:
            sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--save")
    ap.add_argument("--compare")
    ap.add_argument("--case", choices=CASES)
    a = ap.parse_args()
    if a.case:
        return child(a.case, a.save, a.compare)
    code = 0
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix="tl_bench_") as cache:
            env = {**os.environ, "XDG_CACHE_HOME": cache, "TL_TT_SERVE": "0"}
            argv = [sys.executable, __file__, "--case", case]
            argv += ["--save", a.save] if a.save else []
            argv += ["--compare", a.compare] if a.compare else []
            code |= subprocess.call(argv, env=env)
    return code


if __name__ == "__main__":
    sys.exit(main())
