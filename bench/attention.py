#!/usr/bin/env python3
"""FlashAttention forward benchmark of the Tenstorrent target on the emulator's Wormhole n150 model.

For bf16 Q, K, V and O in BHSD layout (float32 scores and accumulator; upstream's
examples/flash_attention/example_mha_fwd_bhsd.py, loaded with bfloat16 for float16), compiles the kernel for
target "tenstorrent" at each math fidelity, runs it on the emulator, checks it against numpy and reports per row:
  modeled_utilization  useful FLOPs ÷ (modeled device seconds × the FPU peak of the 64-core grid at the fidelity).
                       Useful FLOPs: 4·B·H·D × the (query, key) pairs the softmax keeps (S² non-causal,
                       S(S+1)/2 causal). A modeled figure, printed as `util` with the emulator's timing-model version.
  dram_traffic_ratio   DRAM bytes moved (exact emulator counters) ÷ compulsory bytes (Q, K, V read once and O written
                       once, as bf16 tiles)
  time shares          where the modeled time goes, summed over the cores, as fractions of (modeled cycles × cores):
                       `mm` the matmul engine's tile products, `other` the other compute tile ops (SFPU exp2,
                       element-wise FPU, reductions, copies), `idle` the rest (compute waiting on CBs or DST hand-off,
                       packs, cores without work, the tail)
  emu s                emulator wall time of one call (the machine's load average beside it)

Usage: python3 bench/attention.py [--json OUT] [--quick] [--shape B,H,S,D] [--block bM,bN] [--stages 2]
                                  [--fidelity HiFi2,HiFi4] [--causal 0,1] [--trace DIR] [--before PYTHON]
--quick runs batch 1, 16 heads, seq 1024, dim 128 (the full shape, seq 4096, takes minutes of emulator wall time per
row). --block defaults to 128 × 256 (docs/benchmarks.md: wider KV blocks amortise the per-row vector work of a KV
step; 128 × 512 does not fit L1). --trace DIR writes each row's timeline (kernel.trace) and report page
(kernel.report) into DIR. --before PYTHON runs each row also with another build's Python (this script, in a
subprocess) and prints both side by side; the JSON record then holds the other build's under "before".
The kernel is upstream's example file, loaded with its float16 dtype line read as bfloat16.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang

# Wormhole n150: 64 worker cores at 1 GHz; one 32×32×32 tile product is 2·32³ FLOPs in 16 (LoFi), 32 (HiFi2),
# 48 (HiFi3) or 64 (HiFi4) cycles (bench/gemm.py).
CORES, CLOCK_HZ = 64, 1.0e9
CYCLES_PER_TILE = {"LoFi": 16, "HiFi2": 32, "HiFi3": 48, "HiFi4": 64}
FULL, QUICK = (1, 16, 4096, 128), (1, 16, 1024, 128)
TILE_BYTES = 2048  # a bf16 32×32 tile


UPSTREAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "python", "upstream")


def flashattn(batch, heads, seq, dim, is_causal, block_M, block_N, num_stages):
    """Upstream's BHSD flash attention forward (tests/python/upstream/example_mha_fwd_bhsd.py, the example copied
    unchanged but for its imports) at seq_q = seq_kv, its `dtype = T.float16` read as bfloat16: the example's
    source is loaded with that one line changed, not copied here."""
    sys.path.insert(0, UPSTREAM)
    import importlib.util
    import upstream_check  # noqa: F401  (placeholders for the example's torch imports)
    path = os.path.join(UPSTREAM, "example_mha_fwd_bhsd.py")
    text = open(path).read()
    assert text.count("dtype = T.float16") == 1, "upstream's example changed: update bench/attention.py"
    spec = importlib.util.spec_from_loader("upstream_mha_fwd_bhsd_bf16", loader=None, origin=path)
    mod = importlib.util.module_from_spec(spec)
    try:
        exec(compile(text.replace("dtype = T.float16", "dtype = T.bfloat16"), path, "exec"), mod.__dict__)
    except upstream_check.TorchCodeNotRun:
        pass  # module-level torch code after the kernel's definition
    return mod.flashattn.jit_impl.fn(batch, heads, seq, seq, dim, is_causal, block_M=block_M, block_N=block_N,
                                     num_stages=num_stages, threads=128)


def reference(q, k, v, causal):
    """softmax(q kᵀ / sqrt(d)) v in float64, the causal mask keeping keys j ≤ query i."""
    q, k, v = (x.astype(np.float64) for x in (q, k, v))
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    if causal:
        n = s.shape[-1]
        s = np.where(np.tril(np.ones((n, n))) == 0, -np.inf, s)
    p = np.exp(s - s.max(-1, keepdims=True))
    return (p / p.sum(-1, keepdims=True)) @ v


def tolerance(q, k, v, ref, fidelity):
    """Per element: upstream's test tolerance (atol = rtol = 1e-2, for float16 P and O), plus 2^-9·max|v| for P
    rounded to bfloat16 before P·V (8 significant bits: each probability off by ≤ 2^-9 of itself, and Σp = 1). At
    HiFi2 the matrix engine keeps 7 of in0's 8 significant bits (docs/emulator-compute.md §5): in QKᵀ each q is off
    by < 2^-7 of itself, so a score (log2 units, scale·log2 e) is off by at most δ = 2^-7·scale·max Σ_d |q_d k_d|,
    which moves the softmax output by at most (2^(2δ) − 1)·max|v|; in P·V each p is off by < 2^-7 of itself
    (another 2^-7·max|v|)."""
    vmax = float(np.max(np.abs(v.astype(np.float64))))
    bound = 1e-2 + 1e-2 * np.abs(ref) + 2.0 ** -9 * vmax
    if fidelity != "HiFi4":  # HiFi3 drops less than HiFi2: the same bound holds
        qa, ka = (np.abs(x.astype(np.float64)) for x in (q, k))
        delta = 2.0 ** -7 * (1.0 / q.shape[-1]) ** 0.5 * 1.44269504 * float(np.max(qa @ ka.transpose(0, 1, 3, 2)))
        bound = bound + (2.0 ** (2 * delta) - 1) * vmax + 2.0 ** -7 * vmax
    return bound


def bench(shape, block, causal, fidelity, stages=2, trace_dir=None):
    B, H, S, D = shape
    bM, bN = block
    func = flashattn(B, H, S, D, causal, bM, bN, stages)
    kernel = tilelang.compile(func, out_idx=[3], target="tenstorrent",
                              pass_configs={"tt.math_fidelity": fidelity,
                                            tilelang.PassConfigKey.TL_ENABLE_FAST_MATH: True})
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((B, H, S, D)).astype(ml_dtypes.bfloat16) for _ in range(3))
    name = f"attn_{B}x{H}x{S}x{D}_{'causal' if causal else 'full'}_{fidelity}"
    call = kernel.trace(os.path.join(trace_dir, name + ".json")) if trace_dir else kernel
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    out = call(q, k, v)
    wall = time.perf_counter() - t0
    if trace_dir:
        kernel.report(os.path.join(trace_dir, name + ".html"))
        kernel.trace(None)
    run = kernel.backend.last_run["programs"][0]
    s = kernel.stats
    ref = reference(q, k, v, causal)
    err = float(np.max(np.abs(out.astype(np.float64) - ref)))
    bound = tolerance(q, k, v, ref, fidelity)
    ok = bool(np.all(np.abs(out.astype(np.float64) - ref) <= bound))
    pairs = S * S if not causal else S * (S + 1) // 2
    flops = 4.0 * B * H * D * pairs
    peak = CORES * CLOCK_HZ * 2 * 32 ** 3 / CYCLES_PER_TILE[fidelity]
    compulsory = 4 * B * H * (S // 32) * (D // 32) * TILE_BYTES
    cycles = run["modeled_cycles"] * CORES
    return {
        "shape": [B, H, S, D],
        "layout": "bhsd",
        "causal": causal,
        "block": [bM, bN],
        "num_stages": stages,
        "fidelity": fidelity,
        "format": "bfloat16",
        "modeled_seconds": run["modeled_seconds"],
        "modeled_utilization": flops / (run["modeled_seconds"] * peak),
        "dram_traffic_ratio": run["dram_bytes"] / compulsory,
        "dram_bytes": run["dram_bytes"],
        "compulsory_bytes": compulsory,
        "matmul_share": s["programs"][0]["matmul_cycles"] / cycles,
        "other_math_share": (s["programs"][0]["math_cycles"] - s["programs"][0]["matmul_cycles"]) / cycles,
        "tile_ops": s["programs"][0]["tile_ops"],
        "cb_peak_pages": run.get("cb_peak_pages", {}),
        "timing_model": run["detail"].get("timing_model", "unversioned"),
        "emulator_seconds": wall,
        "load_average": load,
        "max_abs_error": err,
        "correct": ok,
    }


def before(python, shape, block, causal, fidelity, stages):
    """The same row run by this script under another build's Python (a checkout before the change): its record."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "row.json")
        subprocess.run([python, os.path.abspath(__file__), "--shape", ",".join(map(str, shape)), "--block",
                        ",".join(map(str, block)), "--causal", str(int(causal)), "--fidelity", fidelity, "--stages",
                        str(stages), "--json", out], check=False, stdout=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="write the records to this file")
    ap.add_argument("--quick", action="store_true", help="shape %s instead of the full one" % ",".join(map(str, QUICK)))
    ap.add_argument("--shape", help="B,H,S,D (default %s)" % ",".join(map(str, FULL)))
    ap.add_argument("--block", default="128,256", help="block_M,block_N")
    ap.add_argument("--stages", type=int, default=2, help="T.Pipelined num_stages")
    ap.add_argument("--fidelity", default="HiFi2,HiFi4", help="a list of HiFi2, HiFi3, HiFi4")
    ap.add_argument("--causal", default="0,1")
    ap.add_argument("--trace", help="directory for each row's timeline (.json) and report page (.html)")
    ap.add_argument("--before", help="the Python of another build (before a change): each row is also run there")
    args = ap.parse_args()
    shape = tuple(int(v) for v in args.shape.split(",")) if args.shape else (QUICK if args.quick else FULL)
    block = tuple(int(v) for v in args.block.split(","))
    fidelities = args.fidelity.split(",")
    for f in fidelities:
        if f not in ("HiFi2", "HiFi3", "HiFi4"):
            ap.error(f"--fidelity {f}: the bench's error bound covers HiFi2, HiFi3 and HiFi4")
    if args.trace:
        os.makedirs(args.trace, exist_ok=True)
    records = []
    head = f"{'util':>6} {'traffic':>7} {'mm':>5} {'other':>5} {'idle':>5} {'modeled ms':>10} {'emu s':>6}"
    print(f"{'shape BxHxSxD':>16} {'causal':>6} {'block':>8} {'fidelity':>8} " +
          (f"before: {head} | after: " if args.before else "") + f"{head} {'load':>5} ok")
    for causal in (bool(int(c)) for c in args.causal.split(",")):
        for fidelity in fidelities:
            r = bench(shape, block, causal, fidelity, args.stages, args.trace)
            cells = ""
            if args.before:
                r["before"] = before(args.before, shape, block, causal, fidelity, args.stages)
                cells = "before: " + _cells(r["before"]) + " | after: "
            records.append(r)
            ok = r["correct"] and r.get("before", r)["correct"]
            if args.json:  # after every row: a long run leaves the rows it finished
                with open(args.json, "w") as f:
                    json.dump(records, f, indent=2)
            print(f"{'x'.join(map(str, r['shape'])):>16} {'yes' if causal else 'no':>6} "
                  f"{','.join(map(str, block)):>8} {fidelity:>8} {cells}{_cells(r)} {r['load_average']:5.1f} "
                  f"{'yes' if ok else 'NO'}", flush=True)
    print(f"util: modeled (emulator timing model {records[0]['timing_model'] if records else '?'}), useful FLOPs ÷ "
          "the 64-core FPU peak at the fidelity; traffic: DRAM bytes ÷ (Q, K, V read once + O written once); mm, "
          "other, idle: shares of the cores' modeled time in tile products, other compute tile ops, neither")
    return 0 if all(r["correct"] and r.get("before", r)["correct"] for r in records) else 1


def _cells(r):
    idle = 1 - r["matmul_share"] - r["other_math_share"]
    return (f"{r['modeled_utilization']:6.3f} {r['dram_traffic_ratio']:7.2f} {r['matmul_share']:5.2f} "
            f"{r['other_math_share']:5.2f} {idle:5.2f} {r['modeled_seconds'] * 1e3:10.3f} {r['emulator_seconds']:6.1f}")


if __name__ == "__main__":
    sys.exit(main())
