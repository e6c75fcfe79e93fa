"""The `tilelang-tt` command line (docs/profiling.md, README): argparse subcommands with their own --help.

A package of its own, beside tilelang_tt, so that commands import only what they need: importing tilelang_tt loads
numpy, ml_dtypes and the compiler (seconds on a busy machine), which `emulator cmake-prefix` or `version` must not
wait for. Commands that compile or run kernels import tilelang_tt inside their handler. Exit codes: 0 success, 1 the
command's check failed (an invalid trace), 2 bad usage or a missing file, else the program's own (`emulator run`).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

PROG = "tilelang-tt"


def _error(message):
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def _version():
    from importlib.metadata import version
    return version("tilelang-tt")


def _core():
    """tilelang_tt._core (the C++ module) loaded without running tilelang_tt/__init__.py; registered in sys.modules,
    so a later `import tilelang_tt` uses the same module."""
    if "tilelang_tt._core" in sys.modules:
        return sys.modules["tilelang_tt._core"]
    where = list(importlib.util.find_spec("tilelang_tt").submodule_search_locations)
    for finder in sys.meta_path:
        spec = finder.find_spec("tilelang_tt._core", where) if hasattr(finder, "find_spec") else None
        if spec is not None:
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            return module
    raise ImportError("tilelang_tt._core not found")


def cmake_prefix():
    """tilelang_tt.tenstorrent.emulator.cmake_prefix() without importing the package: the installed emulator under
    tilelang_tt/emulator, else (an editable install) the build tree _core was built in."""
    installed = Path(importlib.util.find_spec("tilelang_tt").origin).resolve().parent / "emulator"
    if (installed / "include").is_dir():
        return str(installed / "lib" / "cmake" / "TT-Metalium")
    return _core().emulator_build_paths()[2]


def cmd_version(a):
    print(_version())
    return 0


def cmd_targets(a):
    import tilelang_tt
    print("\n".join(tilelang_tt.kernel.backends()))
    return 0


def cmd_cmake_prefix(a):
    print(cmake_prefix())
    return 0


def cmd_emulator_run(a):
    """Runs a program built against the emulator (an exported project's executable, a program of your own) with
    the emulator's settings given as options; returns its exit code (128 + n when signal n ended it)."""
    import subprocess
    if not os.path.isfile(a.program) or not os.access(a.program, os.X_OK):
        return _error(f"emulator run: {a.program!r} is not an executable file")
    env = dict(os.environ)
    for flag, var in (("device", "TT_EMU_DEVICE"), ("seed", "TT_EMU_SEED"), ("trace", "TT_EMU_TRACE"),
                      ("stats", "TT_EMU_STATS")):
        value = getattr(a, flag)
        if value is not None:
            env[var] = os.path.abspath(value) if flag in ("trace", "stats") else str(value)
    args = a.args[1:] if a.args[:1] == ["--"] else a.args
    code = subprocess.run([os.path.abspath(a.program), *args], env=env).returncode
    return 128 - code if code < 0 else code


def _dir_summary(path):
    """(entries, bytes) of a cache directory: its entries are the directories holding a MANIFEST."""
    entries = size = 0
    if os.path.isdir(path):
        for name in os.listdir(path):
            entry = os.path.join(path, name)
            if os.path.isfile(os.path.join(entry, "MANIFEST")):
                entries += 1
                for root, _, files in os.walk(entry):
                    size += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return entries, size


def cmd_cache(a):
    from tilelang_tt import cache
    if a.action == "clear":
        cache.clear_cache()
        print(f"cleared {cache.program_dir()} and {cache.kernel_dir()}")
        return 0
    cap = cache.max_bytes()
    print(f"root: {cache.root()}{'' if cache.is_cache_enabled() else ' (disabled by the environment)'}")
    for label, path in (("host programs", cache.program_dir()), ("emulator kernels", cache.kernel_dir())):
        entries, size = _dir_summary(path)
        limit = f"cap {cap >> 20} MB" if cap else "no cap"
        print(f"{label}: {path}: {entries} entries, {size / 2**20:.1f} MB ({limit})")
    return 0


def cmd_trace(a):
    import json
    from tilelang_tt.tenstorrent.trace_file import TraceFormatError, summary
    try:
        with open(a.file) as f:
            doc = json.load(f)
    except OSError as e:
        return _error(f"trace: cannot read {a.file}: {e.strerror}")
    except json.JSONDecodeError as e:
        print(f"{PROG}: {a.file} is not JSON: {e}", file=sys.stderr)
        return 1
    try:
        print(summary(doc, a.top))
    except TraceFormatError as e:
        print(f"{PROG}: {a.file} breaks the Trace Event Format: {e}", file=sys.stderr)
        return 1
    return 0


def _read_inputs(files):
    """(emulator records, trace document) from FILEs: a JSON object with "traceEvents" is a trace, anything else
    TT_EMU_STATS lines (one JSON record per line) or a JSON list of records."""
    import json
    records, trace = [], None
    for name in files:
        with open(name) as f:
            text = f.read()
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            doc = [json.loads(line) for line in text.splitlines() if line.strip()]
        if isinstance(doc, dict) and "traceEvents" in doc:
            if trace is not None:
                raise ValueError(f"{name}: a second trace (give one trace per report)")
            trace = doc
        else:
            doc = doc if isinstance(doc, list) else [doc]
            if not all(isinstance(r, dict) and "kernels" in r and "modeled_cycles" in r for r in doc):
                raise ValueError(f"{name}: neither a trace nor emulator records (TT_EMU_STATS lines)")
            records += doc
    if not records:
        raise ValueError("no emulator records: give the TT_EMU_STATS file of the run too (the trace alone has no "
                         "counters)")
    return records, trace


def cmd_report(a):
    import json
    from tilelang_tt.tenstorrent import report
    try:
        records, trace = _read_inputs(a.files)
    except OSError as e:
        return _error(f"report: cannot read {e.filename}: {e.strerror}")
    except (ValueError, json.JSONDecodeError) as e:
        return _error(f"report: {e}")
    try:
        report.write(a.output, records, trace, a.cores)
    except ValueError as e:  # the trace breaks the format's rules (trace_file.TraceFormatError)
        print(f"{PROG}: report: {e}", file=sys.stderr)
        return 1
    print(a.output)
    return 0


def cmd_fuzz(args):
    from tilelang_tt.fuzz.__main__ import main as fuzz_main
    return fuzz_main(args, prog=f"{PROG} fuzz") or 0


def parser():
    ap = argparse.ArgumentParser(prog=PROG, description="TileLang-TT: TileLang kernels compiled to Tenstorrent "
                                 "TT-Metalium programs, and the TT-Metalium emulator they run on.")
    ap.add_argument("--version", action="store_true", help="print the version and exit")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("version", help="print the version", description="Print the package version.")
    p.set_defaults(run=cmd_version)
    p = sub.add_parser("targets", help="list the compilation targets",
                       description="List the targets tilelang.compile accepts (target=...).")
    p.set_defaults(run=cmd_targets)
    emu = sub.add_parser("emulator", help="the TT-Metalium emulator: its CMake package, running programs on it",
                         description="The TT-Metalium emulator this package was built with.")
    esub = emu.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = esub.add_parser("cmake-prefix", help="print the CMAKE_PREFIX_PATH that finds its TT-Metalium package",
                        description="Print the directory to pass as CMAKE_PREFIX_PATH (or TT-Metalium_DIR) so that "
                                    "find_package(TT-Metalium) builds a program against the emulator.")
    p.set_defaults(run=cmd_cmake_prefix)
    p = esub.add_parser("run", help="run a program built against the emulator",
                        description="Run PROGRAM (an exported project's executable, or any TT-Metalium program built "
                                    "against the emulator) with ARGS, with the emulator settings below; exits with "
                                    "the program's exit code.")
    p.add_argument("--device", choices=["wormhole_b0", "blackhole"], help="device model (TT_EMU_DEVICE)")
    p.add_argument("--seed", type=int, help="scheduling seed; 0 is the canonical order (TT_EMU_SEED)")
    p.add_argument("--trace", metavar="PATH", help="write the runs' timeline for Perfetto here (TT_EMU_TRACE)")
    p.add_argument("--stats", metavar="PATH", help="append one JSON line of counters per run here (TT_EMU_STATS)")
    p.add_argument("program", help="the executable")
    p.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    p.set_defaults(run=cmd_emulator_run)
    p = sub.add_parser("cache", help="the on-disk caches of built programs: info, clear",
                       description="Show (info) or empty (clear) the caches of built host programs and emulator "
                                   "kernels (docs/tenstorrent.md, \"The JIT cache\").")
    p.add_argument("action", choices=["info", "clear"])
    p.set_defaults(run=cmd_cache)
    p = sub.add_parser("trace", help="check a trace file (kernel.trace, TT_EMU_TRACE) and summarize it",
                       description="Check FILE against the Trace Event Format's rules (as Perfetto loads it) and "
                                   "print per program its threads, slices, modeled end and longest waits; exit 1 "
                                   "if it breaks a rule. Open it in ui.perfetto.dev to see the timeline.")
    p.add_argument("file")
    p.add_argument("--top", type=int, default=5, help="waits listed per program (default 5)")
    p.set_defaults(run=cmd_trace)
    p = sub.add_parser("report", help="an HTML page of a run: per-core timeline and utilisation, roofline, DRAM banks",
                       description="Write a self-contained HTML page of one run from its TT_EMU_STATS records and, "
                                   "for the per-core timeline, its trace (TT_EMU_TRACE): per program the per-core "
                                   "timeline, utilisation and DRAM traffic per bank, and a roofline with a point "
                                   "per program (docs/profiling.md).")
    p.add_argument("files", nargs="+", metavar="FILE", help="TT_EMU_STATS lines and optionally one trace file")
    p.add_argument("-o", "--output", default="report.html", help="the page to write (default report.html)")
    p.add_argument("--cores", type=int, default=16, help="cores shown in each timeline (default 16)")
    p.set_defaults(run=cmd_report)
    sub.add_parser("fuzz", help="the differential fuzzer (its options: tilelang-tt fuzz --help)", add_help=False)
    return ap


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["fuzz"]:  # every option after it is the fuzzer's own (docs/fuzzing.md)
        return cmd_fuzz(argv[1:])
    ap = parser()
    a = ap.parse_args(argv)
    if a.version:
        return cmd_version(a)
    if a.command is None:
        ap.print_help()
        return 0
    return a.run(a)


if __name__ == "__main__":
    sys.exit(main())
