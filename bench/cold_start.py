"""The cold path of a new kernel (issue 16, item 6): wall time of the first call — compile and first run — of new
kernels from a clean cache, for two builds of the package side by side in one run.

Each round runs, for each build and in alternating order, two fresh processes on one fresh cache directory:
  1. an empty cache: the example GEMM (examples/tenstorrent/gemm.py, 512×512×256 bfloat16) — this also builds
     what a cache builds once (the host program's precompiled header and support object) — then a softmax-like
     element-wise kernel (examples/tenstorrent/online_softmax.py, 256×1024);
  2. a new process on that cache: a new GEMM shape (256×512×256; what a user waits for after changing a size),
     then its second call (warm).
Each step is timed on the wall clock and in CPU seconds: of the process, its compilers and its host servers with
the kernel compilers they ran ("process cpu": of the two processes of a build, whole).
Outputs of the two builds must be bitwise equal. The medians over the rounds and the ratio before/after are
printed. On a loaded machine wall times follow the load; compare CPU seconds then.

Run: python bench/cold_start.py --before OTHER_PYTHON [--rounds N]
  (OTHER_PYTHON: the interpreter of a venv with the other build, e.g. one made from main by `pip install -e .`;
  this interpreter is "after")
"""
import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples", "tenstorrent")
STEPS = {1: ["import", "gemm 512x512x256 (empty cache)", "softmax 256x1024"],
         2: ["import", "gemm 256x512x256 (new shape, new process)", "gemm 256x512x256 warm"]}


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def process_cpu():
    """CPU seconds of this process, its finished children, and its live host servers with their finished children
    (the kernel compilers a server waits for): everything a call has cost so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    total = own.ru_utime + own.ru_stime + children_cpu()
    host_server = sys.modules.get("tilelang_tt.tenstorrent.host_server")  # (not imported here: "import" is a step)
    for s in list(host_server._live.values()) if host_server else []:
        try:
            with open(f"/proc/{s.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
        except OSError:
            pass
    return total


def child(phase):
    results, digest = [], hashlib.sha256()

    def timed(name, fn):
        c, t = process_cpu(), time.perf_counter()
        out = fn()
        results.append((name, time.perf_counter() - t, process_cpu() - c))
        return out

    def first_call(func, args):
        import tilelang_tt as tilelang
        kernel = tilelang.compile(func, out_idx=-1, target="tenstorrent")
        out = kernel(*args)
        digest.update(out.tobytes())
        return kernel

    timed("import", lambda: __import__("tilelang_tt"))
    sys.path.insert(0, EXAMPLES)
    import ml_dtypes
    import numpy as np
    from gemm import matmul
    from online_softmax import online_softmax
    rng = np.random.default_rng(0)

    def bf16(*shape):
        return rng.uniform(-1, 1, shape).astype(np.float32).astype(ml_dtypes.bfloat16)

    if phase == 1:
        timed(STEPS[1][1], lambda: first_call(matmul(512, 512, 256), [bf16(512, 256), bf16(256, 512)]))
        timed(STEPS[1][2], lambda: first_call(online_softmax(256, 1024, 32, 256), [bf16(256, 1024)]))
    else:
        a, b = bf16(256, 256), bf16(256, 512)
        kernel = timed(STEPS[2][1], lambda: first_call(matmul(256, 512, 256), [a, b]))
        timed(STEPS[2][2], lambda: digest.update(kernel(a, b).tobytes()))
    print(json.dumps({"steps": results, "digest": digest.hexdigest()}))


def run_build(python, cache):
    """Both phases of one build on the fresh cache directory `cache`: {step: (wall, cpu)}, process cpu, digests."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TILELANG_TT_CACHE", "TILELANG_CACHE", "TT_EMU_CACHE", "TILELANG_TT_DISABLE"))}
    env["XDG_CACHE_HOME"] = cache
    steps, process_cpu, digests = {}, 0.0, []
    for phase in (1, 2):
        c = children_cpu()
        p = subprocess.run([python, os.path.abspath(__file__), "--child", str(phase)], env=env, capture_output=True,
                           text=True)
        process_cpu += children_cpu() - c
        if p.returncode != 0:
            sys.exit(f"{python} phase {phase} failed:\n{p.stdout}\n{p.stderr}")
        r = json.loads(p.stdout.strip().splitlines()[-1])
        digests.append(r["digest"])
        for name, wall, cpu in r["steps"]:
            steps[f"{phase}:{name}"] = (wall, cpu)
    return steps, process_cpu, digests


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=False, help="python of the other build")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child)
    if not args.before:
        ap.error("--before PYTHON is required (the interpreter of the build to compare with)")
    builds = {"before": args.before, "after": sys.executable}
    runs = {name: [] for name in builds}
    for r in range(args.rounds):
        order = list(builds) if r % 2 == 0 else list(reversed(builds))
        for name in order:
            cache = tempfile.mkdtemp(prefix="tl_cold_")
            try:
                runs[name].append(run_build(builds[name], cache))
            finally:
                shutil.rmtree(cache, ignore_errors=True)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    if runs["before"][0][2] != runs["after"][0][2]:
        sys.exit("the outputs of the two builds differ")
    med = {name: {k: (statistics.median(s[k][0] for s, _, _ in rs), statistics.median(s[k][1] for s, _, _ in rs))
                  for k in rs[0][0]} for name, rs in runs.items()}
    print(f"{'step':52s} {'before wall/cpu':>17s} {'after wall/cpu':>17s}  ratio (wall, cpu)")
    for k in med["before"]:
        (bw, bc), (aw, ac) = med["before"][k], med["after"][k]
        print(f"{k:52s} {bw:7.2f} / {bc:5.2f} s {aw:7.2f} / {ac:5.2f} s  {bw / aw:5.2f}x {bc / max(ac, 1e-9):5.2f}x")
    pb = statistics.median(p for _, p, _ in runs["before"])
    pa = statistics.median(p for _, p, _ in runs["after"])
    print(f"{'process cpu (everything both processes ran)':52s} {pb:17.2f} {pa:17.2f}  {pb / pa:5.2f}x")
    print(f"medians of {args.rounds} rounds; outputs bitwise equal; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
