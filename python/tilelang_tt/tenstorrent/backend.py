"""The "tenstorrent" target (also "tenstorrent/wormhole_b0", "tenstorrent/blackhole").

Compiling lowers the tile IR through the TT pipeline to a TT-Metalium program — reader, compute and writer
kernels plus a host program — and builds the host program against the emulator (content-addressed cache).
Calling runs that host program: it tilizes the inputs, runs the kernels on the emulated device and untilizes
the outputs. The host program is the same file export() writes; there is no other execution path. It stays
running between calls (`host --serve`, see host_server.py), so the device stays open as under the SDK.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sys
import tempfile
import time

import ml_dtypes
import numpy as np

from .. import _core, cache, progress
from ..errors import TileLangError, fail, format_error
from ..kernel import written_back
from ..language.expr import Var
from ..pass_config import FIDELITIES
from ..profiler import clock
from . import emulator, host_server

DEVICES = {"tenstorrent": "wormhole_b0", "tenstorrent/wormhole_b0": "wormhole_b0", "tenstorrent/blackhole": "blackhole"}


class DeviceError(TileLangError):
    """The emitted program failed on the device (the emulator's sanitizer reports hangs and corruption)."""


# A kernel's DPRINT line on the host program's stderr: the SDK print server's prefix "<device>:(x=..,y=..):<RISC>: ".
_DPRINT_LINE = re.compile(r"^\d+:\(x=\d+,y=\d+\):(?:BR|NC|TR[0-2]|ER\d?): ")


def split_dprint(stderr):
    """(the kernels' printed lines without their prefixes, every other line of stderr), each in order."""
    printed, other = [], []
    for line in stderr.splitlines(keepends=True):
        m = _DPRINT_LINE.match(line)
        (printed if m else other).append(line[m.end():] if m else line)
    return "".join(printed), "".join(other)


def device_error(func_name, msg, sites):
    """The DeviceError for a failed run whose report is `msg`. A sanitizer report names the last WAYPOINT of the
    kernel it stopped (and of every blocked kernel); the generated kernels pass one before each tile op, so the
    error points at the user's line of that op, and lists the other kernels' ops."""
    found = [sites[w] for w in re.findall(r" at waypoint (T[0-9A-Z]{3})\b", msg) if w in sites]
    if not found:
        return DeviceError(f"[tenstorrent] {func_name}: the program failed on the device:\n{msg}")
    (op, role, file, line, col), others = found[0], []
    for site in found[1:]:
        where = f"{site[2]}:{site[3]}:{site[4]}: {site[0]} ({site[1]} kernel)"
        if site != found[0] and where not in others:
            others.append(where)
    message = (f"{func_name}: the generated program failed on the device in {op} ({role} kernel), the code of "
               f"this line")
    text = format_error("tenstorrent", message, file, line, col) + "\n" + msg
    if others:
        text += "\nother kernels were stopped in: " + "; ".join(others)
    return DeviceError(text, "tenstorrent", message, file, line, col)


class TenstorrentBackend:
    def __init__(self, func, options=None, device="wormhole_b0"):
        options = options or {}
        configs = options.get("pass_configs", {})
        self.fidelity = FIDELITIES[configs.get("tt.math_fidelity", "HiFi4")]  # checked by pass_config.check
        # The TT-Metalium API the program is written against: "0.66" (early 2026) or "0.81" (current).
        self.metalium_api = configs.get("tt.metalium_api", "0.81")
        self.configs = configs
        self.func, self.device = func, device
        written = written_back(func, options)  # read back after the run
        self.outputs = [i in written for i in range(len(func.params))]
        self.last_run = None
        self.trace_path = None  # kernel.trace(path): each call's timeline goes there (else $TT_EMU_TRACE's)
        # A kernel with symbolic dims (T.dynamic) is lowered and built at the sizes of each call: one program per
        # distinct set of sizes, kept here (docs/tenstorrent.md, "Dynamic shapes"); `lowerings` counts them.
        self.programs, self.sizes, self.lowerings = {}, None, 0
        self.programs_dir, self.kernels_dir = cache.places(self)
        if not func.shape_vars:
            self._use_sizes(())

    def _use_sizes(self, sizes):
        """Makes the program for these sizes (of func.shape_vars) the current one, lowering and building it the
        first time."""
        if sizes == self.sizes:
            return
        program = self.programs.get(sizes)
        if program is None:
            t0 = time.perf_counter()
            files, ir_after, sites = _core.tt_lower(self.func.core, "tenstorrent/" + self.device, self.outputs,
                                                      self.fidelity, self.metalium_api,
                                                      bool(self.configs.get("tt.fp32_dest", False)),
                                                      bool(self.configs.get("tt.fp32_exact", False)),
                                                      bool(self.configs.get("tt.fp32_exact_broadcast", False)),
                                                      self.configs.get("tt.atomic_strategy", "auto"), list(sizes))
            self.lowerings += 1
            # waypoint → (TT op, kernel role, file, line, col): where each op of the generated kernels came from
            program = {"sites": {w: rest for w, *rest in sites}, "lower_seconds": time.perf_counter() - t0,
                       "files": dict(files), "ir_after": list(ir_after), "server": None}
            self.programs[sizes] = program
        if self.sizes is not None:
            self.programs[self.sizes]["server"] = getattr(self, "_server", None)
        self._server = program["server"]
        self.sizes = sizes
        self.sites, self.lower_seconds = program["sites"], program["lower_seconds"]
        self.files, self.ir_after = program["files"], program["ir_after"]
        self.dir, self.cache_hit, self.build_seconds = self._build()

    def _sizes_of(self, arrays):
        """The value of each of func.shape_vars in a call on `arrays` (the IR parameters' arrays)."""
        values = {}
        for i, (p, a) in enumerate(zip(self.func.params, arrays)):
            for d, n in zip(self.func.run_shapes.get(i, getattr(p, "shape", ())), np.shape(a)):
                if isinstance(d, Var):
                    values.setdefault(id(d), int(n))
        sizes = []
        for v in self.func.shape_vars:
            n = values.get(id(v))
            if n is None or n < 1:
                fail("call", f"T.dynamic '{v.name}' is {n} in this call; a tenstorrent kernel needs every symbolic "
                             f"dim >= 1")
            sizes.append(n)
        return tuple(sizes)

    def _build(self):
        """(entry dir, cache hit, seconds): the cache entry of this program, verified, (re)built if anything in it
        is missing or wrong."""
        include, link, identity = emulator.toolchain(self.metalium_api)
        with progress.step(f"building the host program of {self.func.name}"):
            return _core.tt_build(self.files, self.programs_dir, include, link, identity, cache.max_bytes(),
                                  cache.host_pch())

    def _env(self):
        env = {"TT_EMU_DEVICE": self.device, "TT_EMU_CACHE_DIR": self.kernels_dir}
        # The host program runs in its cache entry: a relative trace path is the caller's.
        trace = self.trace_path or os.environ.get("TT_EMU_TRACE")
        if trace:
            env["TT_EMU_TRACE"] = os.path.abspath(trace)
        if "TT_EMU_CACHE_MAX_MB" not in os.environ:
            env["TT_EMU_CACHE_MAX_MB"] = str(cache.max_bytes() >> 20)
        return env

    def _sized(self, what):
        """Fails for a kernel with symbolic dims that no call has given sizes yet (nothing is lowered before)."""
        if self.sizes is None:
            names = ", ".join(v.name for v in self.func.shape_vars)
            fail(what, f"{self.func.name} has symbolic dims ({names}): on tenstorrent it is lowered at the sizes of a "
                       f"call; call it once first (the {what} is then that call's program)")

    def source(self):
        self._sized("source")
        return dict(self.files)

    def stats(self):
        """The counters of the last call (tenstorrent/stats.py; None before the first call)."""
        from .stats import summarize
        return summarize(self.func.name, self.last_run["programs"]) if self.last_run else None

    def run(self, arrays):
        if self.func.shape_vars:
            self._use_sizes(self._sizes_of(arrays))
        with tempfile.TemporaryDirectory(prefix="tl_tt_") as tmp:
            ins = [os.path.join(tmp, f"in{i}.bin") for i in range(len(arrays))]
            outs = [os.path.join(tmp, f"out{i}.bin") if self.outputs[i] else None for i in range(len(arrays))]
            for a, path in zip(arrays, ins):
                device_array(a).tofile(path)
            stats = os.path.join(tmp, "stats.jsonl")
            # The entry is checked before every call: a file deleted, truncated or edited since the last one is
            # rebuilt (and a server started from the old entry replaced).
            self.dir, hit, _ = self._build()
            if not hit and getattr(self, "_server", None) is not None:
                self._server.close()
            exe, env = os.path.join(self.dir, "host"), self._env()
            # A new kernel's first call builds its kernels (the emulator's kernel cache) before running them.
            what = f"running {self.func.name} on the emulator{'' if self.last_run else ' (with its kernel builds)'}"
            with progress.step(what):
                if host_server.enabled():
                    server = host_server.server_for(self, exe, env, self.dir)
                    code, out, err, seconds = server.request(stats, ins, [o for o in outs if o])
                else:
                    code, out, err, seconds = _core.tt_run(exe, ins + [o for o in outs if o],
                                                           {**env, "TL_TT_STATS": stats}, self.dir)
            # The kernels' DPRINT lines (T.print) go to stdout, as "interpret" prints them; the rest of stderr is
            # the host program's own diagnostics.
            printed, err = split_dprint(err)
            if printed:
                sys.stdout.write(printed)
                sys.stdout.flush()
            programs = []
            if os.path.exists(stats):
                with open(stats) as f:
                    programs = [json.loads(line) for line in f if line.strip()]
            # Per program: modeled device time, DRAM/L1/multicast NoC bytes and tile operations by kind.
            self.last_run = {"exit_code": code, "stdout": out, "stderr": err, "dprint": printed, "seconds": seconds,
                             "programs": programs, "trace": env.get("TT_EMU_TRACE")}
            if code == 0:
                clock.report(sum(p["modeled_seconds"] for p in programs))  # what do_bench measures
            if code != 0:
                msg = err.strip().removeprefix("error: ") or out.strip()
                if code > 128 or code < 0:
                    msg = (msg + "\n" if msg else "") + self._ended_by(code, programs)
                raise device_error(self.func.name, msg or f"exit code {code}", self.sites)
            for a, path in zip(arrays, outs):
                if path:
                    a[...] = host_array(np.fromfile(path, dtype=device_array(a).dtype), a).reshape(a.shape)


    def _ended_by(self, code, programs):
        """What ended the host program (signal 128 + n, or a lost status) and which of its kernels it was running:
        the stats file has a line for each program that finished."""
        running = f"kernel{len(programs)}"
        kernels = sorted(f for f in self.files if f.startswith(f"kernels/{running}_"))
        where = f"while running {running} ({', '.join(kernels)}) in {self.dir}"
        if code < 0:
            return f"the host program ended without an exit status {where}"
        try:
            name = signal.Signals(code - 128).name
        except ValueError:
            name = "unknown signal"
        return f"the host program was killed by signal {code - 128} ({name}) {where}"

    def export(self, path, out_idx=None, seed=0):
        """Writes the standalone CMake project (the emitted files) to `path`, with data/<tensor>.bin inputs made
        from `seed` and data/<output>.expected.bin computed by the "interpret" target. Its executable, run with
        no arguments, runs the kernel on those inputs and exits 0 only when the outputs match."""
        from ..kernel import InterpretBackend
        from .. import dtypes
        self._sized("export")
        size_of = {id(v): n for v, n in zip(self.func.shape_vars, self.sizes)}
        os.makedirs(os.path.join(path, "data"), exist_ok=True)
        for name, text in self.files.items():
            full = os.path.join(path, name)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        fresh = set(out_idx or ())  # outputs the call creates (zeros); without out_idx every tensor is the caller's
        checked = [i for i, o in enumerate(self.outputs) if o]  # what the host program writes back and compares
        rng = np.random.default_rng(seed)
        arrays = []
        for i, p in enumerate(self.func.params):
            shape = [size_of[id(s)] if isinstance(s, Var) else int(s) for s in p.shape]
            dt = dtypes.to_numpy(p.dtype)
            if i in fresh:
                a = np.zeros(shape, dtype=dt)
            elif np.issubdtype(np.dtype(dt), np.integer):
                a = rng.integers(-8, 8, size=shape).astype(dt)
            else:
                a = rng.uniform(-1.0, 1.0, size=shape).astype(np.float32).astype(dt)
            arrays.append(a)
            device_array(a).tofile(os.path.join(path, "data", f"{self.func.core.params[i].name}.bin"))
        InterpretBackend(self.func).run(self.func.as_run_arrays(arrays))
        for i in checked:
            device_array(arrays[i]).tofile(os.path.join(path, "data", f"{self.func.core.params[i].name}.expected.bin"))
        return path


def device_array(a):
    """The array as the host program reads it: a bool tensor is a bfloat16 tensor of 0.0 / 1.0 on the device (the
    0/1 float tiles that tile code computes booleans as; docs/tenstorrent.md)."""
    return a.astype(ml_dtypes.bfloat16) if a.dtype == np.bool_ else a


def host_array(d, a):
    """A device array d read back into the dtype of the host array a (a bool is any non-zero value)."""
    return d != 0 if a.dtype == np.bool_ else d


def factory(device):
    return lambda func, options=None: TenstorrentBackend(func, options, device)
