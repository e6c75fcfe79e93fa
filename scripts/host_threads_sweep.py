#!/usr/bin/env python3
"""Runs test files on the emulator with several host-thread counts and compares every program run bit for bit.

The emulator's tile math runs on a pool of TT_EMU_THREADS host threads (docs/emulator.md, "Host threads"); its
results, counters and modeled time must not depend on the count. This runs pytest once per count over the given
test files with `-p host_threads_sweep` (this file, as a pytest plugin), which records, for every call of a
Tenstorrent kernel, the SHA-256 of each output array and every device figure of each program run (the run's
statistics without the host's: wall time, host threads, deferred operations). Then it compares the records call
by call and prints the first differences. Exit status 0 when every count gave the same records and the same test
outcomes.

Usage: python3 scripts/host_threads_sweep.py [--threads 1,2] [--seed 0] TEST_FILE_OR_NODE... [-- PYTEST_ARGS...]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

# What a run's statistics say about the host rather than the device.
HOST = {"wall_seconds", "host_threads", "deferred_ops"}


# ---- the pytest plugin side ------------------------------------------------------------------------------------
_records = None


def pytest_configure(config):
    global _records
    path = os.environ.get("TT_SWEEP_RECORD")
    if not path:
        return
    _records = open(path, "w")
    from tilelang_tt.tenstorrent import backend

    original = backend.TenstorrentBackend.run
    calls = {}

    def run(self, arrays):
        node = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]
        index = calls[node] = calls.get(node, -1) + 1
        try:
            return original(self, arrays)
        finally:
            last = self.last_run or {}
            outs = [hashlib.sha256(a.tobytes()).hexdigest()[:16] for a, o in zip(arrays, self.outputs) if o]
            device = [{k: v for k, v in p.get("detail", {}).items() if k not in HOST} for p in last.get("programs", [])]
            _records.write(json.dumps({"test": node, "call": index, "function": self.func.name,
                                       "exit_code": last.get("exit_code"), "outputs": outs, "device": device}) + "\n")
            _records.flush()

    backend.TenstorrentBackend.run = run


def pytest_unconfigure(config):
    if _records:
        _records.close()


# ---- the driver ------------------------------------------------------------------------------------------------
def sweep(threads, seed, tests, pytest_args, workdir):
    here = os.path.dirname(os.path.abspath(__file__))
    results = {}
    for t in threads:
        record = os.path.join(workdir, f"threads{t}.jsonl")
        env = dict(os.environ, TT_EMU_THREADS=str(t), TT_EMU_SEED=str(seed), TT_SWEEP_RECORD=record,
                   TILELANG_TT_DEFAULT_TARGET=os.environ.get("TILELANG_TT_DEFAULT_TARGET", "tenstorrent"),
                   PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
        junit = os.path.join(workdir, f"threads{t}.xml")
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "host_threads_sweep", f"--junitxml={junit}", *tests,
               *pytest_args]
        print(f"== TT_EMU_THREADS={t}: {' '.join(cmd[3:])}", flush=True)
        code = subprocess.call(cmd, env=env)
        with open(record) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        results[t] = (code, {(r["test"], r["call"]): r for r in rows})
    return results


def compare(results):
    (t0, (code0, base)), *others = results.items()
    ok = True
    for t, (code, rows) in others:
        if code != code0:
            print(f"pytest exit status: {code0} with {t0} thread(s), {code} with {t}")
            ok = False
        missing = sorted(set(base) ^ set(rows))
        for key in missing[:10]:
            print(f"only with {t0 if key in base else t} thread(s): {key}")
        ok &= not missing
        differ = [k for k in sorted(set(base) & set(rows)) if base[k] != rows[k]]
        for key in differ[:10]:
            a, b = base[key], rows[key]
            what = [f for f in ("exit_code", "outputs", "device") if a[f] != b[f]]
            print(f"{key[0]} call {key[1]} ({a['function']}): {', '.join(what)} differ between {t0} and {t} threads")
        ok &= not differ
        print(f"{t0} vs {t} threads: {len(base)} kernel calls, {sum(len(r['device']) for r in base.values())} program "
              f"runs, {sum(len(r['outputs']) for r in base.values())} outputs; {len(differ)} differ, "
              f"{len(missing)} unmatched")
    return ok


def main():
    argv = sys.argv[1:]
    pytest_args = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("tests", nargs="+")
    args = ap.parse_args(argv)
    threads = [int(t) for t in args.threads.split(",")]
    with tempfile.TemporaryDirectory(prefix="tt_sweep_") as work:
        ok = compare(sweep(threads, args.seed, args.tests, pytest_args, work))
    print("same on every thread count" if ok else "DIFFERENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
