"""The differential fuzzer (tilelang_tt.fuzz, docs/fuzzing.md) on a small fixed budget: generated kernels agree
with their float64 reference on "interpret" (5 seeds) and on both targets (2 seeds, in child processes); the
classifier names a planted wrong result a mismatch and the minimizer shrinks it; hangs, crashes, internal
errors and unlocated errors of a case's process are classified as such; mutants parse, and an invalid one is a
located error."""
import os
import textwrap

import numpy as np
import pytest

from tilelang_tt.fuzz import case, generate, minimize, mutate, runner

GEN_SEEDS = [0, 1, 3, 6, 11]  # a fixed budget (the campaign's own seeds differ)


def write(tmp_path, name, text):
    path = os.path.join(tmp_path, name + ".py")
    with open(path, "w") as f:
        f.write(text)
    return path


@pytest.mark.parametrize("seed", GEN_SEEDS)
def test_generated_kernel_matches_reference_on_interpret(tmp_path, seed):
    prog = generate.generate(seed)
    path = write(tmp_path, f"g{seed}", prog.source())
    res = case.run(path, "interpret")
    assert res["status"] == "ok", res.get("text")
    assert res["check"] is None, res["check"]


@pytest.mark.parametrize("seed", [5, 8])  # a GEMM and an element-wise kernel
def test_generated_kernel_on_both_targets(tmp_path, seed):
    path = write(tmp_path, f"g{seed}", generate.generate(seed).source())
    cls, detail, results = runner.outcome(path, True, 300, str(tmp_path))
    assert cls == "ok", detail
    assert all(r["status"] == "ok" for r in results.values())


def planted(prog):
    """The case's source with its reference off by 1 in every element of its first output."""
    src = prog.source()
    first = prog.params()[[t.name for t in prog.params()].index(prog.written()[0])].name
    return src.replace("    return [", f"    {first} = {first} + 1.0\n    return [", 1)


def interpret_twice(tmp_path, text, name="c"):
    """The classification with "interpret" standing in for both targets (no device build: fast)."""
    path = write(tmp_path, name, text)
    r = case.run(path, "interpret")
    return runner.classify(path, True, {"interpret": r, "tenstorrent": r})


def test_planted_mismatch_is_classified_and_minimized(tmp_path):
    prog = generate.generate(6)
    assert len(prog.kernels) >= 1
    cls, detail = interpret_twice(tmp_path, prog.source())
    assert cls == "ok", detail
    cls, detail = interpret_twice(tmp_path, planted(prog))
    assert cls == "mismatch" and "out of bounds" in detail
    want = runner.signature(cls, detail)
    small, runs = minimize.minimize(prog, lambda p: p.shrinks(),
                                    lambda p: runner.signature(*interpret_twice(tmp_path, planted(p), "m")) == want,
                                    budget=25)
    assert runs > 0
    assert len(small.source()) < len(prog.source())
    assert interpret_twice(tmp_path, planted(small))[0] == "mismatch"


@pytest.mark.parametrize("body, cls", [
    ("import time\ntime.sleep(60)", "hang"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", "crash"),
    ("import json\njson.loads('{')", "internal"),  # an exception from code that is not the case's own
    ("x = 1\ndef f():\n    y = x\n    x = y\nf()", "error"),  # the case's own Python error: located at its line
    ("import tilelang_tt\nraise tilelang_tt.InternalError('broken invariant')", "internal"),
    ("from tilelang_tt.errors import TileLangError\nraise TileLangError('error: [x] no location', 'x', 'no location')",
     "unlocated"),
])
def test_process_outcomes_are_classified(tmp_path, body, cls):
    """A case's child process (one target, standing in for both) that sleeps, dies, raises or errs unlocated."""
    path = write(tmp_path, "p", body + "\n")
    timeout = 3 if cls == "hang" else 120  # the others finish (their imports can take seconds on a busy machine)
    r = runner.run_target(path, "interpret", timeout, os.path.join(tmp_path, "p.json"))
    got, detail = runner.classify(path, True, {"interpret": r, "tenstorrent": r})
    assert got == cls, detail


def test_one_target_errors():
    ok = {"status": "ok", "outputs": [], "dtypes": [], "stderr": ""}
    err = {"status": "error", "op": "alloc", "message": "on tenstorrent block sizes must be multiples of 32",
           "file": "/x/case.py", "line": 3, "col": 5, "text": "...", "device": False}
    assert runner.classify("/x/case.py", True, {"interpret": ok, "tenstorrent": err})[0] == "unsupported"
    assert runner.classify("/x/case.py", True, {"interpret": err, "tenstorrent": ok})[0] == "one-target"
    assert runner.classify("/x/case.py", False, {"interpret": err, "tenstorrent": err})[0] == "error"
    assert runner.classify("/x/case.py", False, {"interpret": ok, "tenstorrent": ok})[0] == "missed-error"
    dev = dict(err, device=True, message="the program failed on the device")
    assert runner.classify("/x/case.py", True, {"interpret": ok, "tenstorrent": dev})[0] == "sanitizer"


def test_compare_targets_tolerance():
    a = np.linspace(-4, 4, 64).reshape(8, 8)
    ri = {"outputs": [a], "dtypes": ["bfloat16"], "kernel_dtypes": ["bfloat16"]}
    assert runner.compare_targets(ri, {"outputs": [a + 2.0**-7]}) is None  # within 2^-5 · max|a|
    assert "apart" in runner.compare_targets(ri, {"outputs": [a + 0.5]})
    f32 = {"outputs": [a], "dtypes": ["float32"], "kernel_dtypes": ["float32"]}
    assert "apart" in runner.compare_targets(f32, {"outputs": [a + 2.0**-4]})  # beyond 2^-7 · max|a|
    # a float32 output of a kernel computing in bfloat16 gets bfloat16's tolerance
    assert runner.compare_targets(dict(f32, kernel_dtypes=["bfloat16", "float32"]), {"outputs": [a + 2.0**-4]}) is None


def test_cases_without_reference_compare_the_targets():
    """A mutant (no reference) whose targets disagree is a mismatch; a generated case within its reference's
    bounds on both targets is ok."""
    a = np.ones((4, 4))
    ok = {"status": "ok", "outputs": [a], "dtypes": ["float32"], "kernel_dtypes": ["float32"], "stderr": ""}
    off = dict(ok, outputs=[a * 2])
    assert runner.classify("/x/m.py", True, {"interpret": ok, "tenstorrent": off})[0] == "mismatch"
    assert runner.classify("/x/m.py", True, {"interpret": ok, "tenstorrent": ok})[0] == "ok"
    checked = dict(ok, check=None)
    assert runner.classify("/x/g.py", True, {"interpret": checked, "tenstorrent": dict(off, check=None)})[0] == "ok"


def test_mutants(tmp_path):
    kinds = {}
    for i in range(12):
        text, valid, what = mutate.mutant(i, 0)
        compile(text, f"m{i}", "exec")
        kinds.setdefault(valid, (i, text))
    assert set(kinds) == {True, False}
    i, text = kinds[False]
    path = write(tmp_path, f"m{i}", text)
    res = case.run(path, "interpret")
    assert res["status"] == "error", res
    assert os.path.realpath(res["file"]) == os.path.realpath(path) and res["line"] > 0


def test_mutant_of_a_module_with_its_own_reference_has_none(tmp_path):
    """A seed module's own `reference` helper (test_tt_reduce.py has one) is renamed in its mutants: the case
    runner would take it for the case's reference and call it with the case's inputs (campaign seed 10 classified
    two valid mutants as ref-error: "reference() missing 4 required positional arguments")."""
    seed = next(s for s in mutate.SEEDS if s.path.endswith("test_tt_reduce.py"))
    m = mutate.Mutator(seed, np.random.default_rng(0))
    text = m.source(0, True, [])
    assert "def reference(" not in text and "def reference_of_seed(" in text
    mod = case.load(write(tmp_path, "m0", text))
    assert not hasattr(mod, "reference") and callable(mod.reference_of_seed)
    assert case.run(write(tmp_path, "m1", text), "interpret")["status"] == "ok"


def test_source_shrinks_drop_kernel_statements_and_unused_functions():
    src = textwrap.dedent("""\
        # header
        import tilelang_tt.language as T

        @T.prim_func
        def f(A: T.Tensor((32,), 'float32')):
            with T.Kernel(1) as bx:
                T.clear(A)
                T.fill(A, 1.0)
        """)
    pruned = minimize.prune_unused(src + "\nkernel = f\n\n\ndef unused():\n    return helper()\n\n\ndef helper():\n    pass\n")
    assert pruned.startswith("# header\n") and "def f(" in pruned and "unused" not in pruned and "helper" not in pruned
    outs = list(minimize.source_shrinks(src))
    assert len(outs) == 2 and all(o.startswith("# header\n") for o in outs)
    assert "T.fill" not in outs[0] and "T.clear" in outs[0]


def test_reference_bounds_cover_the_computation():
    """reference.V's bound covers what a kernel may compute: a bf16 sum rounded in bf16, and log(|x| + 0.5) for
    every x within a large error (its interval stays in log's domain)."""
    import ml_dtypes
    from tilelang_tt.fuzz import reference as F
    rng = np.random.default_rng(0)
    a, b = (rng.uniform(-2, 2, 1000).astype(ml_dtypes.bfloat16) for _ in range(2))
    s = F.tensor(a, "bfloat16") + F.tensor(b, "bfloat16")
    assert F.compare((a + b).astype(np.float64), s) is None
    assert F.compare((a + b).astype(np.float64) + 2.0**-6 * np.abs(s.val) + 1e-3, s) is not None
    x = F.V(np.array([0.1, -3.0]), np.array([5.0, 0.01]), "float32")
    y = F.log(F.abs(x) + 0.5)
    assert np.isfinite(y.err).all()
    for t in (x.val - x.err, x.val + x.err, np.zeros(2) * x.val):
        exact = np.log(np.abs(np.clip(t, x.val - x.err, x.val + x.err)) + 0.5)
        assert (np.abs(exact - y.val) <= y.err).all()


def test_reference_min_max_take_a_number_on_either_side():
    from tilelang_tt.fuzz import reference as F
    x = F.tensor(np.array([[-2.0, 0.5]], np.float32), "float32")
    assert F.minimum(-1.5, x).val.tolist() == [[-2.0, -1.5]]
    assert F.maximum(x, -1.5).val.tolist() == [[-1.5, 0.5]]


def test_reference_division_by_abs_plus_one_with_a_large_error():
    """q / (|x| + 1) is defined however large x's error is (the divisor is at least 1): campaign seed 10's g00044
    (0.25 / (|gemm output| + 1), fp16 operands of K = 256) raised "a divisor's interval contains 0". Its bound
    covers every divisor x may give."""
    from tilelang_tt.fuzz import reference as F
    x = F.V(np.array([0.5, -40.0]), np.array([3.0, 50.0]), "float32")
    q = F.const(0.25, "float32") / (F.abs(x) + 1.0)
    assert np.isfinite(q.err).all()
    for t in (x.val - x.err, x.val + x.err, np.zeros(2)):
        assert (np.abs(0.25 / (np.abs(t) + 1.0) - q.val) <= q.err).all()


def test_campaign_resumes_from_its_results(tmp_path):
    """A campaign run again on its --out directory runs only the cases results.jsonl lacks, counts the stored
    ones (their signatures read back from JSON, lists where they were tuples), and refuses another seed."""
    import json
    from tilelang_tt.fuzz import campaign
    recs = [{"id": "g00000", "kind": "generated", "valid": True, "class": "ok", "detail": "", "seconds": 1,
             "description": "", "signature": ["ok"]},
            {"id": "m00000", "kind": "mutant-valid", "valid": True, "class": "sanitizer", "detail": "x", "seconds": 1,
             "description": "", "signature": ["sanitizer", "deadlock", "cb_wait_front", "compute"]}]
    out = str(tmp_path / "c")
    c = campaign.Campaign(out, 3, log=lambda s: None)
    with open(os.path.join(out, "results.jsonl"), "w") as f:
        f.write("".join(json.dumps(r) + "\n" for r in recs))
    ran = []
    c.run_generated = c.run_mutant = lambda i: ran.append(i)
    summary = c.run(1, 1)
    assert ran == [] and summary["cases"] == 2 and summary["counts"]["mutant-valid"]["sanitizer"] == 1
    assert not c.first_of_kind("sanitizer", "sanitizer [deadlock] in cb_wait_front x kernel kernel0_compute.cpp")
    with pytest.raises(SystemExit, match="seed 3"):
        campaign.Campaign(out, 4, log=lambda s: None).run(1, 1)


@pytest.mark.parametrize("dtype, np_dtype, big", [("float16", np.float16, 65504.0), ("bfloat16", "bfloat16", 3.3895e38),
                                                  ("float32", np.float32, 3.4e38)])
def test_reference_store_may_overflow_to_infinity(dtype, np_dtype, big):
    """A stored value whose bound reaches past the format's largest finite value may round to ±inf (campaign seed
    10's g00424: exp of a GEMM's ~27 stored as float16 is inf on both targets; the reference said 8.2e11 ± 1.6e12 and
    called it a mismatch). An infinity is accepted only then, and only with the value's sign."""
    import ml_dtypes
    from tilelang_tt.fuzz import reference as F
    npd = np.dtype(ml_dtypes.bfloat16 if np_dtype == "bfloat16" else np_dtype)
    far = F.V(np.array([big * 4, -big * 4]), np.array([big, big]), dtype)
    with np.errstate(over="ignore"):
        got = np.array([np.inf, -np.inf]).astype(npd)
    assert F.compare(got, far) is None
    assert F.compare(got[::-1].copy(), far) is not None  # the wrong sign
    near = F.V(np.array([big / 4, -big / 4]), np.array([big / 64, big / 64]), dtype)  # cannot reach the limit
    assert F.compare(got, near) is not None


def test_reference_intermediates_overflow_like_the_targets():
    """Every float16 operation rounds on both targets, so an intermediate past float16's range is ±inf (campaign
    seed 10's g01027 and g01133: T.exp of float16 values above 11.09, stored through a float32 fragment; the
    reference kept 2.2e5 and called both targets' inf a mismatch). Surely past the range: exactly ±inf; possibly
    past it: unbounded; and a NaN of inf - inf matches NaN."""
    from tilelang_tt.fuzz import reference as F
    x = F.V(np.array([12.0, -12.0, 11.09, 1.0]), np.array([0.0, 0.0, 0.01, 0.0]), "float16")
    with np.errstate(over="ignore"):
        y = F.assign(F.exp(x), "float32")
    assert np.isinf(y.val[0]) and y.err[0] == 0.0  # exp(12) = 162755 > 65520
    assert np.isfinite(y.val[1]) and np.isfinite(y.err[1])
    assert np.isinf(y.err[2])  # exp(11.08 .. 11.10) straddles 65520
    assert np.isfinite(y.err[3])
    got = np.array([np.inf, np.exp(-12.0), 65504.0, np.e], np.float32)
    assert F.compare(got, y) is None
    assert F.compare(np.array([1e5, np.exp(-12.0), 65504.0, np.e], np.float32), y) is not None  # finite: wrong
    with np.errstate(invalid="ignore"):
        d = y - y  # inf - inf
    assert F.compare(np.array([np.nan, 0, 0, 0], np.float32), d) is None


def test_reference_rounding_is_bounded_over_the_interval():
    """A target's result anywhere in val ± err rounds with that value's ulp (campaign seed 10's g01845: floor of a
    bfloat16 just below 1 plus 0.80859375, added in bfloat16, is 1.8125 on both targets; the bound of 0.8086 ± 1 had
    only 0.8086's rounding)."""
    from tilelang_tt.fuzz import reference as F
    x = F.V(np.array([0.999]), np.array([0.002]), "bfloat16")
    s = F.floor(x) + F.V(np.array([0.80859375]), np.array([0.0]), "bfloat16")
    assert F.compare(np.array([1.8125]), s) is None
    assert F.compare(np.array([1.8359375]), s) is not None  # one more bfloat16 ulp: out


def test_invalid_mutations_are_placed_in_traced_code():
    """conv2d's seed traces the `if use_im2col:` branch only: campaign seed 10's m00259 and m00272 put a tile op
    into the T.Parallel of the other branch, which is never traced, and were counted as missed errors."""
    import ast
    seed = next(s for s in mutate.SEEDS if s.path.endswith("conv2d.py"))
    m = mutate.Mutator(seed, np.random.default_rng(0))
    parallels = m.nodes(ast.For, lambda f: mutate._t_call(f.iter, "Parallel"))
    assert parallels and m.traced(ast.For, lambda f: mutate._t_call(f.iter, "Parallel")) == []
    im2col = m.nodes(ast.Call, lambda c: mutate._t_call(c, "im2col"))
    assert im2col and m.traced(ast.Call, lambda c: mutate._t_call(c, "im2col")) == im2col
    for i in range(40):  # every tile-op-in-parallel mutant of this seed finds no place
        assert not mutate.Mutator(seed, np.random.default_rng(i)).apply("tile-op-in-parallel")
