"""Shared checks of the Tenstorrent end-to-end tests: run a kernel on target "tenstorrent" (the emitted program on
the emulator) and on "interpret", and compare both with a float64 numpy reference under an error bound derived
from the dtype.

Tolerances (u = the unit roundoff of a format: half an ulp, relative, under round-to-nearest):
  * bfloat16: 8 significant bits, u = 2^-8. Element-wise kernels on bf16 tiles round every operation's result
    to bf16 (the FPU's DST holds bf16; the interpreter computes in the expression's dtype), so the error bound is
    the sum over the operations of u·|intermediate| (propagated through later ops); see bound_* in the tests.
  * float32: u = 2^-24. Element-wise float32 kernels run on the SFPU in fp32 (float32 CBs unpack straight into
    an fp32 DST), one rounding per operation, so the bound is the same sum with u = 2^-24: tight.
  * GEMM (bf16 in, float32 accumulate, bf16 out): the bf16 products are exact in fp32, the K-term sum adds at
    most K·2^-24·Σ|a||b|, and the final bf16 rounding 2^-8·|c|.
Against "interpret" (which follows the same per-operation rounding rules) the outputs may differ by one ulp of
the output format (a tie or a double rounding resolved the other way), plus, for GEMM, twice the fp32
accumulation bound (the two may sum in different orders).
"""
from __future__ import annotations

import importlib.util
import os
import pathlib
import subprocess

import ml_dtypes
import numpy as np

import tilelang_tt as tilelang

BF16 = ml_dtypes.bfloat16
NP = {"float32": np.float32, "bfloat16": BF16, "float16": np.float16}
U = {"float32": 2.0**-24, "bfloat16": 2.0**-8, "float16": 2.0**-11}


EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / "examples" / "tenstorrent"


def run_exported(kernel, out, name):
    """kernel.export(out), then build_exported(out, name). Returns the CompletedProcess of its self-check."""
    kernel.export(out)
    return build_exported(out, name)


def build_exported(out, name):
    """Configures and builds the exported project in `out` against the emulator's package and runs its executable
    `name` (no arguments: the self-check on the stored data). Returns the CompletedProcess."""
    from tilelang_tt.tenstorrent import emulator
    build = os.path.join(out, "build")
    subprocess.run(["cmake", "-S", out, "-B", build, "-DCMAKE_PREFIX_PATH=" + emulator.cmake_prefix()], check=True,
                   capture_output=True)
    subprocess.run(["cmake", "--build", build, "-j2"], check=True, capture_output=True)
    return subprocess.run([os.path.join(build, name)], capture_output=True, text=True)


def assert_error_at(err, file, marker, token, op, message, whole=True):
    """err (a TileLangError) names construct `op` at `token` on the line of `file` that ends with
    `# <marker>`: "file:line:col: error: [op] message", then (when whole) that line and a caret under the
    token, and nothing else; without whole, message need only start the text."""
    for n, line in enumerate(open(file).read().splitlines(), 1):
        if line.rstrip().endswith("# " + marker):
            col = line.index(token) + 1
            assert (err.op, err.line, err.col) == (op, n, col)
            head = f"{file}:{n}:{col}: error: [{op}] {message}"
            if whole:
                assert str(err) == f"{head}\n{line}\n{' ' * (col - 1)}^", str(err)
            else:
                assert str(err).startswith(head), str(err)
            return
    raise AssertionError(f"no line of {file} ends with # {marker}")


def example(name):
    """The module examples/tenstorrent/<name>.py (its kernel factories and main), loaded without running main."""
    spec = importlib.util.spec_from_file_location(f"tt_example_{name}", EXAMPLES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ulp(x, dtype):
    """One ulp of `dtype` at the magnitude of each element of x (float64 array)."""
    a = np.abs(np.asarray(x, dtype=np.float64))
    if dtype == "float16":
        return np.spacing(a.astype(np.float16)).astype(np.float64)
    s = np.spacing(a.astype(np.float32)).astype(np.float64)
    return s * 2.0**16 if dtype == "bfloat16" else s


def rnd(x, dtype):
    """x rounded to dtype and back to float64 (how a kernel's reference inputs are made exact)."""
    return np.asarray(x, dtype=np.float64).astype(np.float32).astype(NP[dtype]).astype(np.float64)


def f64(x):
    return np.asarray(x).astype(np.float64)


def gemm_ref(a, b):
    """a @ b in float64 (the reference of a GEMM) and the bound of its float32 accumulation error: one fp32
    rounding per partial sum, at most K · 2^-24 · (|a| @ |b|)."""
    a, b = f64(a), f64(b)
    return a @ b, a.shape[-1] * 2.0**-24 * (np.abs(a) @ np.abs(b))


def assert_within(actual, expected, bound, what):
    """|actual - expected| <= bound elementwise; on failure names the worst element and its numbers."""
    a, e = f64(actual), f64(expected)
    assert a.shape == e.shape, (what, a.shape, e.shape)
    bound = np.broadcast_to(np.asarray(bound, dtype=np.float64), a.shape)
    err = np.abs(a - e)
    bad = ~(err <= bound)
    if bad.any():
        idx = np.unravel_index(np.argmax(np.where(bad, err - bound, -np.inf)), a.shape)
        raise AssertionError(f"{what}: {int(bad.sum())} of {a.size} elements out of bounds; worst at {idx}: "
                             f"got {a[idx]!r}, expected {e[idx]!r}, |err| {err[idx]:.3g} > bound {bound[idx]:.3g}")


def compile_both(func, out_idx=-1):
    """(tenstorrent kernel, interpret kernel) of a PrimFunc."""
    return (tilelang.compile(func, out_idx=out_idx, target="tenstorrent"),
            tilelang.compile(func, out_idx=out_idx, target="interpret"))


def check(func, inputs, reference, bound, dtype, extra_interp=0.0, name=None):
    """Runs `func` on both targets; asserts each output within `bound` of the float64 `reference` and the two
    outputs within one ulp of `dtype` (+ extra_interp) of each other. Returns the tenstorrent kernel."""
    tt, interp = compile_both(func)
    out = tt(*inputs)
    ref_out = interp(*inputs)
    assert out.dtype == NP[dtype] and out.shape == reference.shape
    name = name or func.name
    assert_within(out, reference, bound, f"{name} on tenstorrent vs numpy")
    assert_within(ref_out, reference, bound, f"{name} on interpret vs numpy")
    assert_within(out, ref_out, ulp(f64(ref_out), dtype) + extra_interp, f"{name}: tenstorrent vs interpret")
    return tt


def inputs(rng, shape, dtype, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(np.float32).astype(NP[dtype])
