"""The timeline of a call (kernel.trace(path), TT_EMU_TRACE=path) is a valid Trace Event Format file that Perfetto
loads as separate, properly nested tracks: checked here against the format's rules on a two-program function
(split-K GEMM: a partial-product kernel and a reduction kernel), not by looking for strings.

Rules checked (the JSON Trace Event Format as Perfetto's importer reads it): a {"traceEvents": [...]} object;
every event has ph, name, pid; every non-metadata event a numeric ts; X events a tid and dur >= 0; B/E pairs
balanced per thread; every pid named by a process_name metadata event, every thread with slices by a
thread_name one; per (pid, tid) the X spans nest — a span that starts inside another ends inside it (no partial
overlaps, which Perfetto would mis-nest or drop). Counters: each CB's occupancy never drops below 0 and ends at 0
(every page pushed is popped), and the DRAM bandwidth track integrates to the program's DRAM bytes counter.

Perfetto's own trace processor (PyPI package `perfetto`) is not run here: its Python package downloads the
trace_processor binary from get.perfetto.dev at run time, which this offline machine cannot reach. With
PERFETTO_TRACE_PROCESSOR=<path of a trace_processor_shell> the test also loads the file there and counts slices.
"""
import json
import os
from collections import defaultdict

import numpy as np
import pytest

from tt_check import example, inputs

import tilelang_tt as tilelang
from tilelang_tt.errors import TileLangError

SPLITK = example("splitk_gemm")


def ns(t):
    """A trace timestamp (µs, exact to the ns as the emulator writes it) in integer ns."""
    return round(t * 1000)


def validate(doc):
    """Checks doc against the Trace Event Format rules above; returns {pid: process name},
    {(pid, tid): thread name}, the X spans per (pid, tid) and the counter samples per (pid, name)."""
    assert isinstance(doc, dict) and isinstance(doc["traceEvents"], list)
    procs, threads, spans, counters, open_b = {}, {}, defaultdict(list), defaultdict(list), defaultdict(list)
    used_pids, used_threads = set(), set()
    for ev in doc["traceEvents"]:
        assert {"ph", "name", "pid"} <= ev.keys(), ev
        assert isinstance(ev["pid"], int) and isinstance(ev["name"], str), ev
        ph = ev["ph"]
        if ph == "M":
            assert ev["name"] in ("process_name", "process_sort_index", "thread_name", "thread_sort_index"), ev
            if ev["name"] == "process_name":
                assert ev["pid"] not in procs, f"process {ev['pid']} named twice"
                procs[ev["pid"]] = ev["args"]["name"]
            elif ev["name"] == "thread_name":
                key = (ev["pid"], ev["tid"])
                assert key not in threads, f"thread {key} named twice"
                threads[key] = ev["args"]["name"]
            else:
                assert isinstance(ev["args"]["sort_index"], int), ev
            continue
        assert isinstance(ev["ts"], (int, float)) and ev["ts"] >= 0, ev
        used_pids.add(ev["pid"])
        if ph == "X":
            assert isinstance(ev["tid"], int) and ev["dur"] >= 0, ev
            key = (ev["pid"], ev["tid"])
            used_threads.add(key)
            spans[key].append((ns(ev["ts"]), ns(ev["ts"]) + ns(ev["dur"]), ev["name"]))
        elif ph == "B":
            open_b[(ev["pid"], ev["tid"])].append(ev)
        elif ph == "E":
            assert open_b[(ev["pid"], ev["tid"])], f"E without B: {ev}"
            open_b[(ev["pid"], ev["tid"])].pop()
        elif ph == "C":
            assert ev["args"] and all(isinstance(v, (int, float)) for v in ev["args"].values()), ev
            counters[(ev["pid"], ev["name"])].append((ns(ev["ts"]), ev["args"]))
        else:
            raise AssertionError(f"unexpected phase {ph!r}: {ev}")
    assert not any(open_b.values()), "B events without E"
    assert used_pids <= procs.keys(), f"processes without a name: {used_pids - procs.keys()}"
    assert used_threads <= threads.keys(), f"threads without a name: {used_threads - threads.keys()}"
    for key, ss in spans.items():
        stack = []
        for b, e, name in sorted(ss, key=lambda s: (s[0], -s[1])):
            while stack and stack[-1][1] <= b:
                stack.pop()
            assert not stack or e <= stack[-1][1], \
                f"{threads[key]}: {name} [{b}, {e}) ns overlaps {stack[-1][2]} [{stack[-1][0]}, {stack[-1][1]}) partially"
            stack.append((b, e, name))
    return procs, threads, spans, counters


@pytest.fixture(scope="module")
def splitk():
    M, N, K, bM, bN, bK, S = 128, 128, 512, 64, 64, 32, 2
    kernel = tilelang.compile(SPLITK.splitk_matmul(M, N, K, bM, bN, bK, S, out_dtype="float32"), out_idx=[3],
                              target="tenstorrent")
    rng = np.random.default_rng(0)
    args = [inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1),
            np.zeros((S, M, N), np.float32)]
    return kernel, args


def check_trace(path, kernel):
    doc = json.load(open(path))
    procs, threads, spans, counters = validate(doc)
    stats = kernel.backend.last_run["programs"]
    name = kernel.func.name
    # One process per program of the call, named by the function and the program's index.
    assert sorted(procs.values()) == [f"{name} kernel0", f"{name} kernel1"]
    for pid, pname in procs.items():
        prog = stats[int(pname.rsplit("kernel", 1)[1])]
        mine = [t for (p, _), t in threads.items() if p == pid]
        cores = prog["kernels"] // 3  # reader, compute and writer on each core
        # Per core: reader, writer, and the compute kernel's UNPACK, MATH and PACK threads.
        assert len(mine) == 5 * cores, mine
        for part in ("TRISC0 UNPACK", "TRISC1 MATH", "TRISC2 PACK"):
            assert sum(t.endswith(f"[{part}]") for t in mine) == cores
        assert sum("reader" in t for t in mine) == sum("writer" in t for t in mine) == cores
        # The blocked waits are there, not only the kernels' lifetimes.
        waits = [s for (p, _), ss in spans.items() if p == pid for s in ss if s[0] > 0 or "wait" in s[2]]
        assert any("cb_wait_front" in s[2] for s in waits)
        # CB occupancy: never negative, back to 0 at the end.
        cb_tracks = {n: v for (p, n), v in counters.items() if p == pid and " cb" in n}
        assert cb_tracks
        for n, samples in cb_tracks.items():
            pages = [a["pages"] for _, a in sorted(samples, key=lambda s: s[0])]
            assert min(pages) >= 0 and pages[-1] == 0, (n, pages)
        # DRAM bandwidth (GB/s = bytes/ns per bin) integrates to the program's DRAM bytes.
        dram = sorted(counters[(pid, "DRAM bandwidth")], key=lambda s: s[0])
        bin_ns = dram[1][0] - dram[0][0]
        moved = sum(a["GB/s"] for _, a in dram) * bin_ns
        assert moved == pytest.approx(prog["dram_bytes"], rel=2e-3)
    return doc


def test_kernel_trace_is_valid_and_keeps_both_programs(splitk, tmp_path):
    kernel, args = splitk
    path = tmp_path / "splitk.json"
    assert kernel.trace(str(path)) is kernel
    kernel(*args)
    check_trace(path, kernel)
    # A second call rewrites the file with its own two programs (not four).
    kernel(*args)
    check_trace(path, kernel)
    kernel.trace(None)
    os.remove(path)
    kernel(*args)
    assert not path.exists()


def test_env_trace_relative_path(splitk, tmp_path, monkeypatch):
    kernel, args = splitk
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TT_EMU_TRACE", "env_trace.json")  # relative to the caller, not the host's cache entry
    kernel(*args)
    check_trace(tmp_path / "env_trace.json", kernel)


def test_trace_loads_in_perfetto_trace_processor(splitk, tmp_path):
    shell = os.environ.get("PERFETTO_TRACE_PROCESSOR")
    if not shell:
        pytest.skip("the perfetto package downloads trace_processor from get.perfetto.dev at run time (offline here); "
                    "set PERFETTO_TRACE_PROCESSOR to a trace_processor_shell to run this part")
    from perfetto.trace_processor import TraceProcessor, TraceProcessorConfig
    kernel, args = splitk
    path = tmp_path / "t.json"
    kernel.trace(str(path))(*args)
    kernel.trace(None)
    n_spans = sum(len(s) for s in validate(json.load(open(path)))[2].values())
    tp = TraceProcessor(trace=str(path), config=TraceProcessorConfig(bin_path=shell))
    assert next(iter(tp.query("select count(*) as n from slice"))).n == n_spans
    tp.close()


def test_trace_on_interpret_is_an_error():
    kernel = tilelang.compile(SPLITK.splitk_matmul(64, 64, 64, 32, 32, 32, 2, out_dtype="float32"), out_idx=[3],
                              target="interpret")
    with pytest.raises(TileLangError, match=r"\[trace\] target 'interpret' has no device timeline"):
        kernel.trace("x.json")


def test_validator_rejects_what_perfetto_would_mis_nest():
    named = [{"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "p"}},
             {"ph": "M", "name": "thread_name", "pid": 1, "tid": 3, "args": {"name": "t"}}]
    outer = {"ph": "X", "name": "a", "pid": 1, "tid": 3, "ts": 0, "dur": 5.0}
    validate({"traceEvents": named + [outer, {**outer, "name": "in", "ts": 1.0, "dur": 4.0}]})  # nested: fine
    with pytest.raises(AssertionError, match="overlaps a"):
        validate({"traceEvents": named + [outer, {**outer, "name": "b", "ts": 4.0, "dur": 2.0}]})
    with pytest.raises(AssertionError, match="threads without a name"):
        validate({"traceEvents": named + [{**outer, "tid": 4}]})
    with pytest.raises(AssertionError, match="processes without a name"):
        validate({"traceEvents": named + [{"ph": "C", "name": "c", "pid": 2, "ts": 0, "args": {"v": 1}}]})
