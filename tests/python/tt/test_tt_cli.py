"""The `tilelang-tt` command line (python/tilelang_tt_cli): every command's --help, exit codes (0 success, 1 a failed
check, 2 bad usage or a missing file, the program's own for `emulator run`), and that the quick commands do not
import the compiler (numpy, ml_dtypes, tilelang_tt.language): measured once in a fresh process."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tt_check import example

import tilelang_tt as tilelang
from tilelang_tt.tenstorrent import emulator
from tilelang_tt_cli import main

SCRIPT = os.path.join(os.path.dirname(sys.executable), "tilelang-tt")


def run(capsys, *argv):
    """(exit code, stdout, stderr) of main(argv), argparse's exits included."""
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_bare_prints_help_listing_every_command(capsys):
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("usage: tilelang-tt")
    for command in ("version", "targets", "emulator", "cache", "trace", "report", "fuzz"):
        assert f"\n    {command} " in out


@pytest.mark.parametrize("argv,says", [
    (["--help"], "usage: tilelang-tt"),
    (["version", "-h"], "Print the package version"),
    (["targets", "-h"], "List the targets"),
    (["emulator", "-h"], "cmake-prefix"),
    (["emulator", "cmake-prefix", "-h"], "CMAKE_PREFIX_PATH"),
    (["emulator", "run", "-h"], "--trace PATH"),
    (["cache", "-h"], "{info,clear}"),
    (["trace", "-h"], "Trace Event Format"),
    (["report", "-h"], "TT_EMU_STATS"),
    (["fuzz", "--help"], "usage: tilelang-tt fuzz"),
])
def test_per_command_help(capsys, argv, says):
    code, out, _ = run(capsys, *argv)
    assert code == 0 and says in out


@pytest.mark.parametrize("argv,says", [
    (["bogus"], "invalid choice: 'bogus'"),
    (["emulator"], "the following arguments are required: ACTION"),
    (["cache", "purge"], "invalid choice: 'purge'"),
    (["emulator", "run", "/nonexistent/host"], "'/nonexistent/host' is not an executable file"),
    (["trace", "/nonexistent/t.json"], "cannot read /nonexistent/t.json"),
    (["report"], "the following arguments are required: FILE"),
    (["report", "/nonexistent/s.jsonl"], "cannot read /nonexistent/s.jsonl"),
])
def test_bad_usage_exits_2(capsys, argv, says):
    code, _, err = run(capsys, *argv)
    assert code == 2 and says in err


def test_version_targets_prefix(capsys):
    assert run(capsys, "version") == (0, tilelang.__version__ + "\n", "")
    assert run(capsys, "--version") == (0, tilelang.__version__ + "\n", "")
    code, out, _ = run(capsys, "targets")
    assert code == 0 and {"interpret", "tenstorrent", "tenstorrent/blackhole"} <= set(out.split())
    assert run(capsys, "emulator", "cmake-prefix") == (0, emulator.cmake_prefix() + "\n", "")


def test_quick_commands_do_not_import_the_compiler():
    probe = ("import sys, time; t = time.perf_counter(); from tilelang_tt_cli import main; "
             "main(['emulator', 'cmake-prefix']); main(['version']); "
             "print(sorted(m for m in ('numpy', 'ml_dtypes', 'tilelang_tt', 'tilelang_tt.language') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert r.stdout.splitlines() == [emulator.cmake_prefix(), tilelang.__version__, "[]"], r.stdout + r.stderr
    # The installed script prints the same.
    r = subprocess.run([SCRIPT, "emulator", "cmake-prefix"], capture_output=True, text=True, check=True)
    assert r.stdout == emulator.cmake_prefix() + "\n"


def test_emulator_run_sets_the_emulator_and_passes_the_exit_code(capsys, tmp_path, monkeypatch):
    prog = tmp_path / "prog.sh"
    prog.write_text('#!/bin/sh\necho "$TT_EMU_DEVICE $TT_EMU_SEED $TT_EMU_TRACE $TT_EMU_STATS $*"\nexit 7\n')
    prog.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    # The program writes to the process's stdout (not captured by capsys): run it through a subprocess.
    r = subprocess.run([SCRIPT, "emulator", "run", "--device", "blackhole", "--seed", "3", "--trace", "t.json",
                        "--stats", "s.jsonl", str(prog), "--", "-x", "y"], capture_output=True, text=True)
    assert r.returncode == 7
    assert r.stdout.split() == ["blackhole", "3", str(tmp_path / "t.json"), str(tmp_path / "s.jsonl"), "-x", "y"]


def test_cache_info_and_clear(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TT_EMU_CACHE_DIR", raising=False)
    entry = tmp_path / "tt" / "0123abcd"
    entry.mkdir(parents=True)
    (entry / "MANIFEST").write_text("x" * 1000)
    (tmp_path / "tt" / "not-an-entry").mkdir()
    code, out, _ = run(capsys, "cache", "info")
    assert code == 0 and f"root: {tmp_path}" in out
    assert f"host programs: {tmp_path / 'tt'}: 1 entries, 0.0 MB (cap 2048 MB)" in out
    assert f"emulator kernels: {tmp_path / 'emu'}: 0 entries" in out
    code, out, _ = run(capsys, "cache", "clear")
    assert code == 0 and not entry.exists() and (tmp_path / "tt" / "not-an-entry").exists()


def test_trace_summary_and_invalid_file(capsys, tmp_path):
    add = example("elementwise_add").elementwise_add(64, 64)
    kernel = tilelang.compile(add, out_idx=-1, target="tenstorrent")
    path = tmp_path / "t.json"
    a = np.ones((64, 64), np.float32)
    kernel.trace(str(path))(a, a)
    code, out, _ = run(capsys, "trace", str(path))
    cores = kernel.backend.last_run["programs"][0]["kernels"] // 3
    assert code == 0
    assert out.splitlines()[0].startswith(f"{kernel.func.name} kernel0: {5 * cores} threads, ")
    doc = json.loads(path.read_text())
    doc["traceEvents"].append({"ph": "X", "name": "late", "pid": 1, "tid": 0, "ts": 0.5, "dur": 1e6})
    path.write_text(json.dumps(doc))
    code, _, err = run(capsys, "trace", str(path))
    assert code == 1 and "breaks the Trace Event Format" in err and "partially" in err


def test_emulator_run_an_exported_program_traced(tmp_path):
    """An exported project built with CMake against the emulator, run through the command line: it checks itself
    (PASS), writes its timeline (one process, named after the function) and a stats line naming it."""
    from tilelang_tt.tenstorrent.trace_file import check
    from tt_check import build_exported
    add = example("elementwise_add").elementwise_add(64, 64)
    kernel = tilelang.compile(add, out_idx=-1, target="tenstorrent")
    out = tmp_path / "proj"
    kernel.export(str(out))
    assert "PASS" in build_exported(str(out), kernel.func.name).stdout
    exe = out / "build" / kernel.func.name
    r = subprocess.run([SCRIPT, "emulator", "run", "--trace", "t.json", "--stats", "s.jsonl", str(exe)],
                       capture_output=True, text=True, cwd=out)  # the program finds data/ from its directory
    assert r.returncode == 0 and "PASS" in r.stdout, r.stdout + r.stderr
    procs, _, _, _ = check(json.loads((out / "t.json").read_text()))
    assert list(procs.values()) == [f"{kernel.func.name} kernel0"]
    (line,) = (out / "s.jsonl").read_text().splitlines()
    assert (json.loads(line)["function"], json.loads(line)["program"]) == (kernel.func.name, "kernel0")
