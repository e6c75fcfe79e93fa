"""The SDK conformance check of every kernel a pytest session generates (a pytest plugin; tests/python/conftest.py
registers it in every process of the session).

* Recording: every function compiled for a Tenstorrent device in a test process is recorded (its core IR,
  written-back outputs, fidelity, device), once per distinct plan.
* At the end of a test process, its recorded functions are lowered for both API versions (sdk_kernels). A pytest-xdist
  worker sends its kernels to the controller (workeroutput); the controller, or a process without workers, adds its
  own and checks every distinct kernel once, after every test of the whole session has run (sdk_build.check_many:
  kernels that passed before with the same replay, compiler and headers are not compiled again).
* A kernel that does not build is reported as the failure of a pseudo test, `sdk_conformance::every_kernel_of_the_
  session`, with the compiler's diagnostics; the summary line states how many functions and distinct kernels were
  checked, how many compiled and in what time.
* Every recorded function is lowered, for both API versions. TILELANG_TT_SDK_CHECK_ALL=1 compiles every distinct
  kernel (by hand: a full session generates about 2,700, about 12 minutes of 2 cores from a cold cache); without
  it (scripts/test.sh, hence CI, which starts with a cold cache), a cover of them (sdk_build.cover: every form of
  line any kernel has, and every combination of compile settings, compiled in at least one kernel; about 300).
"""
from __future__ import annotations

import dataclasses
import json
import os
import time

import pytest

import sdk_build
import sdk_kernels

NODEID = "sdk_conformance::every_kernel_of_the_session"


def _kernel(fields):
    return sdk_build.Kernel(**{**fields, "compile_args": tuple(fields["compile_args"]),
                               "cb_formats": tuple(tuple(c) for c in fields["cb_formats"])})


def check_all_requested():
    return os.environ.get("TILELANG_TT_SDK_CHECK_ALL", "") not in ("", "0")


class SessionCheck:
    def __init__(self, config):
        self.config = config
        self.recorded = {}   # plan.json -> (core, outputs, fidelity, device, numerics configs, sizes)
        self.received = []   # [(number of functions, [Kernel fields])] from xdist workers
        self.summary = None
        self._install_recorder()

    def _install_recorder(self):
        from tilelang_tt.tenstorrent import backend
        orig = backend.TenstorrentBackend._use_sizes
        recorded = self.recorded

        def recording_use_sizes(self, sizes):
            # every program a backend lowers: once for a kernel of constant shapes, once per set of sizes of its
            # symbolic dims otherwise (the call's sizes are part of what is recorded)
            orig(self, sizes)
            fidelity = {"LoFi": 0, "HiFi2": 2, "HiFi3": 3, "HiFi4": 4}.get(
                self.configs.get("tt.math_fidelity", "HiFi4"), 4)
            numerics = tuple(bool(self.configs.get(k, False))
                             for k in ("tt.fp32_dest", "tt.fp32_exact", "tt.fp32_exact_broadcast"))
            numerics += (self.configs.get("tt.atomic_strategy", "auto"),)
            recorded.setdefault(self.files["plan.json"],
                                (self.func.core, list(self.outputs), fidelity, self.device, numerics, tuple(sizes)))

        backend.TenstorrentBackend._use_sizes = recording_use_sizes

    def _functions(self):
        return [self.recorded[k] for k in sorted(self.recorded)]

    def _own_kernels(self):
        kernels = []
        for core, outputs, fidelity, device, numerics, sizes in self._functions():
            kernels += sdk_kernels.lowered_kernels(core, outputs, fidelity, device, numerics, sizes)
        return kernels

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        out = getattr(node, "workeroutput", {}).get("tt_sdk_kernels")
        if out:
            self.received.append((out["functions"], out["kernels"]))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session):
        if hasattr(self.config, "workerinput"):  # an xdist worker: the controller checks
            self.config.workeroutput["tt_sdk_kernels"] = {
                "functions": len(self._functions()),
                "kernels": json.dumps([dataclasses.asdict(k) for k in self._own_kernels()])}
            return
        kernels = self._own_kernels()
        functions = len(self._functions())
        for n, sent in self.received:
            functions += n
            kernels += [_kernel(fields) for fields in json.loads(sent)]
        if not kernels:
            return  # no test of this session generated a Tenstorrent program
        t0 = time.perf_counter()
        distinct = len({k.key() for k in kernels})
        try:
            results = sdk_build.check_many(kernels if check_all_requested() else sdk_build.cover(kernels))
        except sdk_build.SdkMissing as e:
            self._fail(session, f"the SDK conformance check cannot run: {e}")
            return
        elapsed = time.perf_counter() - t0
        compiled = sum(not r.cached for r in results)
        per_api = {api: sum(r.kernel.api == api for r in results) for api in sdk_kernels.API_VERSIONS}
        self.summary = (f"SDK conformance: {functions} functions, {distinct} distinct kernels; checked "
                        f"{'all' if check_all_requested() else 'a cover of their line forms'}: "
                        f"{', '.join(f'{a}: {n}' for a, n in per_api.items())} per API, "
                        f"{compiled} compiled, {len(results) - compiled} passed before; {elapsed:.1f} s")
        bad = [r for r in results if not r.ok]
        if bad:
            text = "\n\n".join(f"{r.kernel.name} (API {r.kernel.api}):\n" +
                               "\n".join(f"[{t}]\n{o}" for t, o in r.failures) for r in bad[:5])
            self._fail(session, f"{len(bad)} of {len(results)} kernels do not build for the SDK:\n{text}")

    def _fail(self, session, text):
        """Reports the pseudo test NODEID as failed with `text`: counted and listed like a test's failure."""
        report = pytest.TestReport(NODEID, (__file__, 0, NODEID), {}, "failed", text, "call")
        self.config.hook.pytest_runtest_logreport(report=report)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if self.summary:
            terminalreporter.write_sep("-", self.summary)
