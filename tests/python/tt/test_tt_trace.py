"""The timeline of a call (kernel.trace(path), TT_EMU_TRACE=path) is a valid Trace Event Format file that Perfetto
loads as separate, properly nested tracks: checked here against the format's rules on a two-program function
(split-K GEMM: a partial-product kernel and a reduction kernel), not by looking for strings.

Rules checked (tilelang_tt/tenstorrent/trace_file.py, the JSON Trace Event Format as Perfetto's importer reads it;
test_checker_rejects_what_perfetto_would_mis_nest shows the checker failing on each broken rule): required fields,
named processes and threads, B/E balance, and per (pid, tid) nesting without partial overlaps. Counters: each CB's occupancy never drops below 0 and ends at 0
(every page pushed is popped), and the DRAM bandwidth track integrates to the program's DRAM bytes counter.

Perfetto's own trace processor (PyPI package `perfetto`) is not run here: its Python package downloads the
trace_processor binary from get.perfetto.dev at run time, which this offline machine cannot reach. With
PERFETTO_TRACE_PROCESSOR=<path of a trace_processor_shell> the test also loads the file there and counts slices.
"""
import json
import os

import numpy as np
import pytest

from tt_check import example, inputs

import tilelang_tt as tilelang
from tilelang_tt.errors import TileLangError
from tilelang_tt.tenstorrent.trace_file import TraceFormatError, check

SPLITK = example("splitk_gemm")


def validate(doc):
    """trace_file.check, with the slices as (begin, end, name) per thread."""
    procs, threads, spans, counters = check(doc)
    return procs, threads, {k: [s[:3] for s in ss] for k, ss in spans.items()}, counters


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


def test_checker_rejects_what_perfetto_would_mis_nest():
    named = [{"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "p"}},
             {"ph": "M", "name": "thread_name", "pid": 1, "tid": 3, "args": {"name": "t"}}]
    outer = {"ph": "X", "name": "a", "pid": 1, "tid": 3, "ts": 0, "dur": 5.0}
    validate({"traceEvents": named + [outer, {**outer, "name": "in", "ts": 1.0, "dur": 4.0}]})  # nested: fine
    with pytest.raises(TraceFormatError, match="overlaps a"):
        validate({"traceEvents": named + [outer, {**outer, "name": "b", "ts": 4.0, "dur": 2.0}]})
    with pytest.raises(TraceFormatError, match="threads without a name"):
        validate({"traceEvents": named + [{**outer, "tid": 4}]})
    with pytest.raises(TraceFormatError, match="processes without a name"):
        validate({"traceEvents": named + [{"ph": "C", "name": "c", "pid": 2, "ts": 0, "args": {"v": 1}}]})


def test_blackhole_trace_nests_at_its_clock(tmp_path):
    """Blackhole's 1.35 GHz clock makes cycles fractional ns: they are rounded before spans are written, so that a
    wait still ends inside its kernel's lifetime."""
    M, N, K, S = 64, 64, 256, 2
    kernel = tilelang.compile(SPLITK.splitk_matmul(M, N, K, 32, 32, 32, S, out_dtype="float32"), out_idx=[3],
                              target="tenstorrent/blackhole")
    path = tmp_path / "bh.json"
    rng = np.random.default_rng(1)
    kernel.trace(str(path))(inputs(rng, (M, K), "bfloat16", -1, 1), inputs(rng, (K, N), "bfloat16", -1, 1),
                            np.zeros((S, M, N), np.float32))
    procs, _, spans, _ = validate(json.load(open(path)))
    assert sorted(procs.values()) == [f"{kernel.func.name} kernel0", f"{kernel.func.name} kernel1"]
    assert sum(len(s) for s in spans.values()) > sum(1 for _ in spans)  # waits besides the lifetimes
