"""One case file on one target: load it (tracing its kernel), compile, run on inputs made from its SEED, and
check the outputs against its reference when it has one. `python -m tilelang_tt.fuzz.case FILE` runs a case
(a reproducer) on both targets and prints expected vs. got.

Case file contract: module attributes `kernel` (a PrimFunc), `OUT_IDX` (list), `SEED` (int), optionally
`VALID` (default True; False: the case should be a located error on both targets), `reference(*inputs)` → list of reference.V (one per output) and `INPUT_RANGE` (lo, hi) for float inputs
(default (-2, 2)); integer inputs are drawn from [-8, 8].

run(path, target) → a JSON-able dict: {"status": "ok" | "error" | "internal" | "exception", ...}:
  ok: "outputs" (list of float64 arrays, not serialized), "dtypes" (theirs), "kernel_dtypes" (the dtypes the
      kernel's IR names), "check" (None, or the first output out of its
      reference's bound, or "reference: ..." when the reference itself could not be evaluated),
      "stderr" (the device run's stderr, tenstorrent only);
  error: a TileLangError: "op", "message", "file", "line", "col", "text", "device" (a DeviceError: the
      program failed on the emulated device);
      A Python exception raised by the case file's own code (a NameError in a mutant) is an error too, op "python".
  internal / exception: an InternalError / any other exception: "text" (the traceback).
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import traceback

import numpy as np


def load(path):
    name = "fuzz_case_" + os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _raised_by_case(exc, path):
    """The line of the case file where exc was raised, when its innermost frame is the case's own code."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == os.path.abspath(path):
        return tb.tb_lineno
    return None


def make_inputs(mod):
    from tilelang_tt import dtypes
    rng = np.random.default_rng(mod.SEED)
    lo, hi = getattr(mod, "INPUT_RANGE", (-2.0, 2.0))
    n = len(mod.kernel.params)
    outs = {i % n for i in mod.OUT_IDX}
    arrays = []
    for i, p in enumerate(mod.kernel.params):
        if i in outs:
            continue
        shape, dt = [int(s) for s in p.shape], np.dtype(dtypes.to_numpy(p.dtype))
        if np.issubdtype(dt, np.integer):
            arrays.append(rng.integers(-8, 9, size=shape).astype(dt))
        else:
            arrays.append(rng.uniform(lo, hi, size=shape).astype(np.float32).astype(dt))
    return arrays


def run(path, target):
    import tilelang_tt as tilelang
    from tilelang_tt.tenstorrent import DeviceError
    try:
        mod = load(path)
        kernel = tilelang.compile(mod.kernel, out_idx=mod.OUT_IDX, target=target)
        inputs = make_inputs(mod)
        outs = kernel(*inputs)
        outs = outs if isinstance(outs, list) else [outs]
    except tilelang.TileLangError as e:
        return {"status": "error", "op": e.op, "message": e.message, "file": e.file, "line": e.line, "col": e.col,
                "text": str(e), "device": isinstance(e, DeviceError)}
    except tilelang.InternalError:
        return {"status": "internal", "text": traceback.format_exc()}
    except Exception as e:  # noqa: BLE001 - anything else is a defect to classify, unless the case raised it
        where = _raised_by_case(e, path)
        if where is not None:  # a Python error in the case's own code (an invalid mutant): located, as Python shows it
            return {"status": "error", "op": "python", "message": f"{type(e).__name__}: {e}", "file": path,
                    "line": where, "col": 0, "text": traceback.format_exc(), "device": False}
        return {"status": "exception", "text": traceback.format_exc()}
    from tilelang_tt import dtypes
    from tilelang_tt import _core
    ir = _core.print_func(mod.kernel.core)
    res = {"status": "ok", "outputs": [np.asarray(o).astype(np.float64) for o in outs],
           "dtypes": [dtypes.normalize(np.asarray(o).dtype) for o in outs],
           "kernel_dtypes": sorted(set(re.findall(r"\b(bfloat16|float16|float32|int32)\b", ir))),
           "stderr": (getattr(kernel.backend, "last_run", None) or {}).get("stderr", "")}
    if hasattr(mod, "reference"):  # cases without one are compared across targets (runner.compare_targets)
        res["check"] = check(mod, inputs, outs)
    return res


def check(mod, inputs, outs):
    """None when every output is within its reference's bound, else what is wrong with the first that is not."""
    from . import reference as F
    try:
        with np.errstate(all="ignore"):
            refs = mod.reference(*inputs)
        for r in refs:
            # An infinite bound is an element that may or may not overflow its format (reference._round).
            if np.isnan(r.err).any() or np.isnan(r.val).any():
                raise ValueError("the reference is NaN")
    except Exception as e:  # noqa: BLE001 - a reference outside its domain (minimizer candidates)
        return f"reference: {type(e).__name__}: {e}"
    for i, (o, r) in enumerate(zip(outs, refs)):
        msg = F.compare(o, r)
        if msg:
            return f"output {i}: {msg}"
    return None


def child(path, target, result_path):
    """The runner's child process: run() written as JSON (outputs as .npy files beside it)."""
    res = run(path, target)
    for i, a in enumerate(res.pop("outputs", []) or []):
        np.save(f"{result_path}.out{i}.npy", a)
        res["n_outputs"] = i + 1
    with open(result_path, "w") as f:
        json.dump(res, f)


def main(path):
    """A reproducer's main: both targets (in this process), its class, then expected vs. got."""
    from . import runner
    results = {t: run(path, t) for t in runner.TARGETS}
    try:
        valid = getattr(load(path), "VALID", True)
    except Exception:  # noqa: BLE001 - a case whose own code raises (run() classified it): its VALID line says
        valid = not re.search(r"^VALID = False$", open(path).read(), re.M)
    cls, detail = runner.classify(path, valid, results)
    print(f"{path}: {cls} ({'expected' if runner.expected(cls, valid) else 'NOT expected'} for a "
          f"{'valid' if valid else 'invalid'} case)\n{detail}")
    for t, r in results.items():
        if r["status"] == "ok" and len(r["outputs"]) and results["interpret"]["status"] == "ok":
            d = [float(np.abs(a - b).max()) if a.size else 0.0
                 for a, b in zip(results["interpret"]["outputs"], r["outputs"])]
            print(f"{t}: max |output - interpret's| per output: {d}")
    return 0 if runner.expected(cls, valid) else 1


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        sys.exit(main(sys.argv[1]))
