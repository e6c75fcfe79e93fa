"""Running a case on both targets, each in its own process with a timeout, and classifying the outcome.

Contract: outcome(path, valid, timeout) → (class, detail, results). Classes (CLASSES, in the order they are
decided):
  hang         a target did not finish within the timeout (its process group is killed);
  crash        a target's process died (a signal, or an exit without a result);
  internal     an InternalError, or any exception that is not a TileLangError;
  sanitizer    the emulated device failed the program (DeviceError: the emulator's checks) or reported on stderr;
  unlocated    a TileLangError without a location in the case file;
  unsupported  only tenstorrent rejected it, with a known limitation of that target (UNSUPPORTED);
  one-target   only one target rejected it otherwise;
  error        both rejected it with a located TileLangError (expected for an invalid case);
  missed-error both ran an invalid case;
  ref-error    the case's reference could not be evaluated (a fuzzer defect);
  mismatch     an output outside its reference's bound (cases with a reference: generated ones), or, for cases
               without one (mutants), interpret and tenstorrent apart by more than TOLERANCE;
  ok           both ran and agree.
A case is expected to end in "ok" (or "unsupported") when valid and in "error" when invalid; findings() says
which outcomes are defects.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import numpy as np

CLASSES = ["ok", "error", "unsupported", "mismatch", "crash", "hang", "internal", "sanitizer", "unlocated",
           "one-target", "missed-error", "ref-error"]
TARGETS = ("interpret", "tenstorrent")
# Messages of the tenstorrent target's documented limits (docs/tenstorrent.md, "Limits").
UNSUPPORTED = ("tenstorrent", "multiple of 32", "multiples of 32")
# interpret vs tenstorrent, normwise: |tt - interp| <= TOLERANCE[dtype] * max|interp| + 2 u |interp|, dtype the
# coarsest float format among the kernel's buffers (case.run's "kernel_dtypes"). The two
# differ by roundings of intermediates (bf16 ones kept in fp32 on an fp32 DST), TF32/9-bit FPU operands of
# float32 GEMMs, reductions and broadcasts, and summation order; each is a few units of the coarsest of those
# precisions relative to the values summed, which the output's largest magnitude bounds for these kernels.
TOLERANCE = {"bfloat16": 2.0**-5, "float16": 2.0**-7, "float32": 2.0**-7, "int32": 0.0}
U = {"bfloat16": 2.0**-8, "float16": 2.0**-11, "float32": 2.0**-24, "int32": 0.0}


def run_target(path, target, timeout, result_path):
    """Runs case.child in a new process group; its result dict (with "outputs"), or a hang/crash dict."""
    for old in [result_path] + [f"{result_path}.out{i}.npy" for i in range(16)]:
        if os.path.exists(old):
            os.remove(old)
    cmd = [sys.executable, "-m", "tilelang_tt.fuzz.case", "--child", path, target, result_path]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return {"status": "hang", "text": f"{target}: no result after {timeout} s"}
    if p.returncode != 0 or not os.path.exists(result_path):
        return {"status": "crash", "text": f"{target}: exit code {p.returncode}\n{err[-4000:]}"}
    with open(result_path) as f:
        res = json.load(f)
    res["outputs"] = [np.load(f"{result_path}.out{i}.npy") for i in range(res.get("n_outputs", 0))]
    return res


def outcome(path, valid, timeout, workdir):
    results = {t: run_target(path, t, timeout, os.path.join(workdir, f"{os.path.basename(path)}.{t[:4]}.json"))
               for t in TARGETS}
    cls, detail = classify(path, valid, results)
    return cls, detail, results


def _located(r, path):
    return r["line"] > 0 and os.path.realpath(r["file"]) == os.path.realpath(path)


def classify(path, valid, results):
    rs = [results[t] for t in TARGETS]
    for status in ("hang", "crash", "internal", "exception"):
        for t in TARGETS:
            if results[t]["status"] == status:
                return ("internal" if status == "exception" else status), f"{t}: {results[t]['text']}"
    for t in TARGETS:
        r = results[t]
        if (r["status"] == "error" and r["device"]) or (r["status"] == "ok" and "sanitizer" in r.get("stderr", "")):
            return "sanitizer", f"{t}: {r.get('text') or r['stderr']}"
    errors = {t: r for t, r in results.items() if r["status"] == "error"}
    for t, r in errors.items():
        if not _located(r, path):
            return "unlocated", f"{t}: {r['text']}"
    if len(errors) == 2:
        return "error", results["tenstorrent"]["text"]
    if len(errors) == 1:
        (t, r), = errors.items()
        if t == "tenstorrent" and any(m in r["message"] for m in UNSUPPORTED):
            return "unsupported", r["text"]
        return "one-target", f"{t} only: {r['text']}"
    if not valid:
        return "missed-error", "both targets ran a case that should be an error"
    checks = [(t, r["check"]) for t, r in results.items() if r.get("check")]
    for t, c in checks:
        if c.startswith("reference:"):
            return "ref-error", c
    if checks:
        return "mismatch", "; ".join(f"{t}: {c}" for t, c in checks)
    if "check" in rs[0]:  # both within their reference's bounds
        return "ok", ""
    msg = compare_targets(rs[0], rs[1])
    return ("mismatch", msg) if msg else ("ok", "")


def compare_targets(ri, rt):
    """interpret vs tenstorrent outputs under TOLERANCE (cases without a reference)."""
    # The coarsest float format the kernel computes in sets the tolerance (a float32 output of a bf16
    # accumulation carries bf16 errors).
    coarse = [d for d in ("bfloat16", "float16", "float32") if d in ri.get("kernel_dtypes", ())]
    for i, (a, b) in enumerate(zip(ri["outputs"], rt["outputs"])):
        dt = coarse[0] if coarse and ri["dtypes"][i] != "int32" else ri["dtypes"][i]
        if dt not in TOLERANCE:
            continue
        scale = np.abs(a).max() if a.size else 0.0
        bound = TOLERANCE[dt] * scale + 2 * U[dt] * np.abs(a)
        err = np.abs(a - b)
        with np.errstate(invalid="ignore"):
            bad = ~(err <= bound) & ~(a == b)
        if bad.any():
            idx = np.unravel_index(np.argmax(np.where(bad, np.nan_to_num(err, nan=np.inf), -1)), a.shape)
            return (f"output {i} ({dt}): {int(bad.sum())} of {a.size} elements apart; worst at "
                    f"{tuple(int(x) for x in idx)}: interpret {a[idx]!r}, tenstorrent {b[idx]!r}")
    return None


def signature(cls, detail):
    """What must stay the same while a case is minimized (and what tells findings apart): the class, and for a
    sanitizer report its check (the "[deadlock]" tag), the call and the kind of kernel, for an internal error the exception's type, for an error on one target the target
    and the construct, for a mismatch the targets that mismatched."""
    import re
    if cls == "sanitizer":  # the check, the call it stopped in and the kind of kernel (reader/compute/writer)
        m = re.search(r"sanitizer \[(\w+)\] in (\w+) .*? kernel kernel\d+_(\w+)\.cpp", detail)
        return (cls,) + (m.groups() if m else ())
    if cls == "internal":
        m = re.findall(r"^(\w*(?:Error|Exception)\w*)", detail, re.M)
        return cls, m[-1] if m else ""
    if cls in ("one-target", "unlocated"):
        m = re.search(r"error: \[([^\]]*)\]", detail)
        return cls, detail.split(":")[0], m.group(1) if m else ""
    if cls == "mismatch":
        return cls, tuple(sorted(set(re.findall(r"(interpret|tenstorrent): output", detail))))
    return (cls,)


def expected(cls, valid):
    """Whether an outcome is what the case should give (not a finding)."""
    return cls in (("ok", "unsupported") if valid else ("error",))
