"""A fuzz campaign: generated kernels and mutants run on both targets, classified, failures minimized and
written out as reproducers, and a summary of counts per class.

Layout of --out DIR: cases/<id>.py (every case as run), work/ (results of the child processes),
results.jsonl (one line per case: id, kind, valid, class, detail, seconds, description, signature), findings/<class>-<id>.py
(the minimized reproducer of the first PER_SIGNATURE unexpected outcomes of each kind, with the expected and the observed outcome in its header
comment; run it with python), summary.json.
"""
from __future__ import annotations

import concurrent.futures
import json
import os
import re
import threading
import time

import numpy as np

from .. import progress
from . import generate, minimize, mutate, runner

KINDS = ("generated", "mutant-valid", "mutant-invalid")
PER_SIGNATURE = 1  # failures minimized per signature (runner.signature); later ones are counted, not minimized


class Campaign:
    def __init__(self, out, seed, timeout=120.0, minimize_budget=30, log=print):
        self.out, self.seed, self.timeout, self.budget, self.log = out, seed, timeout, minimize_budget, log
        for d in ("cases", "work", "findings"):
            os.makedirs(os.path.join(out, d), exist_ok=True)
        self.records, self.lock = [], threading.Lock()
        self.seen = {}  # signature → cases with it so far: only the first PER_SIGNATURE are minimized

    def first_of_kind(self, cls, detail):
        sig = runner.signature(cls, detail)
        with self.lock:
            self.seen[sig] = self.seen.get(sig, 0) + 1
            return self.seen[sig] <= PER_SIGNATURE

    def write(self, name, text, where="cases"):
        path = os.path.join(self.out, where, name + ".py")
        with open(path, "w") as f:
            f.write(text)
        return path

    def classify_source(self, name, text, valid, where="work"):
        path = self.write(name, text, where)
        cls, detail, _ = runner.outcome(path, valid, self.timeout, os.path.join(self.out, "work"))
        return cls, detail

    def same(self, name, cls, detail, valid, render):
        """The minimizer's test: a candidate keeps the failure's signature (runner.signature)."""
        want = runner.signature(cls, detail)
        return lambda x: runner.signature(*self.classify_source(name + "-min", render(x), valid)) == want

    def run_generated(self, i):
        prog = generate.generate(self.seed * 1_000_003 + i)
        name = f"g{i:05d}"
        t0 = time.time()
        cls, detail = self.classify_source(name, prog.source(f"tilelang_tt.fuzz generated case {name}"), True,
                                           "cases")
        rec = {"id": name, "kind": "generated", "valid": True, "class": cls, "detail": detail[:2000],
               "seconds": round(time.time() - t0, 2), "description": "", "signature": runner.signature(cls, detail)}
        if not runner.expected(cls, True) and self.first_of_kind(cls, detail):
            same = self.same(name, cls, detail, True, lambda p: p.source())
            small, runs = minimize.minimize(prog, lambda p: p.shrinks(), same, self.budget)
            rec["finding"] = self.finding(name, cls, small.source(f"tilelang_tt.fuzz generated case {name}"),
                                          True, runs)
        return rec

    def run_mutant(self, j):
        text, valid, what = mutate.mutant(j, self.seed)
        name = f"m{j:05d}"
        t0 = time.time()
        cls, detail = self.classify_source(name, text, valid, "cases")
        rec = {"id": name, "kind": "mutant-" + ("valid" if valid else "invalid"), "valid": valid, "class": cls,
               "detail": detail[:2000], "seconds": round(time.time() - t0, 2), "description": what,
               "signature": runner.signature(cls, detail)}
        if not runner.expected(cls, valid) and self.first_of_kind(cls, detail):
            same = self.same(name, cls, detail, valid, lambda src: src)
            small, runs = minimize.minimize(minimize.prune_unused(text), minimize.source_shrinks, same, self.budget)
            rec["finding"] = self.finding(name, cls, small, valid, runs)
        return rec

    def finding(self, name, cls, text, valid, runs):
        """Writes the minimized case with its outcome (re-run, so the header says what this file does)."""
        got, detail = self.classify_source(name + "-min", text, valid)
        want = ("both targets run and match the reference" if "def reference(" in text else
                "both targets run and agree") if valid else "a located error on both targets"
        lines = [f"# expected: {want}",
                 f"# got: {got} (minimized in {runs} runs)"] + ["#   " + x for x in detail.splitlines()[:12]]
        return self.write(f"{cls}-{name}", "\n".join(lines) + "\n" + text, "findings")

    def resume(self):
        """The ids of the cases DIR's results.jsonl already has (a campaign run again with the same --out goes on
        where it stopped); their records and signatures count as this run's. The seed must be the same."""
        meta = os.path.join(self.out, "campaign.json")
        if os.path.exists(meta):
            with open(meta) as f:
                seed = json.load(f)["seed"]
            if seed != self.seed:
                raise SystemExit(f"{self.out} holds a campaign of seed {seed}, not {self.seed}: give --seed {seed} "
                                 "to resume it, or another --out")
        with open(meta, "w") as f:
            json.dump({"seed": self.seed}, f)
        done = load_records(self.out) if os.path.exists(os.path.join(self.out, "results.jsonl")) else []
        def frozen(x):  # a signature read back from JSON: its tuples came back as lists
            return tuple(frozen(y) for y in x) if isinstance(x, list) else x

        for r in done:
            self.records.append(r)
            sig = frozen(r["signature"])
            self.seen[sig] = self.seen.get(sig, 0) + 1
        return {r["id"] for r in done}

    def run(self, count, mutants, jobs=1):
        # Generated cases and mutants interleaved in proportion, so that a campaign cut short covers both.
        tasks = sorted([((i + 0.5) / count, self.run_generated, i, f"g{i:05d}") for i in range(count)] +
                       [((j + 0.5) / mutants, self.run_mutant, j, f"m{j:05d}") for j in range(mutants)],
                       key=lambda t: t[0])
        done = self.resume()
        tasks = [t[1:3] for t in tasks if t[3] not in done]
        results = os.path.join(self.out, "results.jsonl")
        with open(results, "a") as f, concurrent.futures.ThreadPoolExecutor(jobs) as pool, \
                progress.bar(len(tasks), "fuzz cases") as bar:
            for rec in pool.map(lambda t: t[0](t[1]), tasks):
                bar.update(1)
                self.records.append(rec)
                f.write(json.dumps(rec) + "\n")
                f.flush()
                self.log(f"{rec['id']} {rec['kind']}: {rec['class']}" + (f" -> {rec['finding']}" if "finding" in rec
                                                                            else ""))
        summary = self.summary()
        with open(os.path.join(self.out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=1)
        return summary

    def summary(self):
        return summarize(self.records, self.seed)


def load_records(out):
    """The records of a campaign's results.jsonl (for a campaign that was interrupted: --summarize)."""
    with open(os.path.join(out, "results.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def reclassify(out):
    """The records of DIR classified again from its children's stored results (after a change of the
    classifier; no case is run again). Results from before kernel_dtypes existed get it by tracing the case."""
    from . import case
    from .. import _core
    records = load_records(out)
    for r in records:
        path = os.path.join(out, "cases", r["id"] + ".py")
        res = {}
        for t in runner.TARGETS:
            rp = os.path.join(out, "work", f"{r['id']}.py.{t[:4]}.json")
            if not os.path.exists(rp):
                break
            with open(rp) as f:
                res[t] = json.load(f)
            res[t]["outputs"] = [np.load(f"{rp}.out{i}.npy") for i in range(res[t].get("n_outputs", 0))]
            if res[t]["status"] == "ok" and "kernel_dtypes" not in res[t]:
                ir = _core.print_func(case.load(path).kernel.core)
                res[t]["kernel_dtypes"] = sorted(set(re.findall(r"\b(bfloat16|float16|float32|int32)\b", ir)))
        if len(res) == 2:  # hangs and crashes leave no result: their class stands
            r["class"], r["detail"] = runner.classify(path, r["valid"], res)
            r["detail"], r["signature"] = r["detail"][:2000], runner.signature(r["class"], r["detail"])
    return records


def summarize(records, seed=None):
    """Counts per kind of case and class, the number of unexpected outcomes and the reproducers written."""
    counts = {k: {c: 0 for c in runner.CLASSES} for k in KINDS}
    for r in records:
        counts[r["kind"]][r["class"]] += 1
    findings = [r["finding"] for r in records if "finding" in r]
    return {"seed": seed, "cases": len(records), "counts": counts,
            "unexpected": sum(1 for r in records if not runner.expected(r["class"], r["valid"])),
            "findings": findings}


def table(summary):
    """The counts per class (rows) and kind of case (columns), as text."""
    counts = summary["counts"]
    rows = [c for c in runner.CLASSES if any(counts[k][c] for k in KINDS)]
    w = max([len(c) for c in rows] + [5])
    lines = [f"{'class':<{w}}  " + "  ".join(f"{k:>14}" for k in KINDS) + f"  {'total':>6}"]
    for c in rows:
        lines.append(f"{c:<{w}}  " + "  ".join(f"{counts[k][c]:>14}" for k in KINDS)
                     + f"  {sum(counts[k][c] for k in KINDS):>6}")
    lines.append(f"{'total':<{w}}  " + "  ".join(f"{sum(counts[k].values()):>14}" for k in KINDS)
                 + f"  {summary['cases']:>6}")
    lines.append(f"unexpected outcomes: {summary['unexpected']}; reproducers: {len(summary['findings'])}")
    return "\n".join(lines)
