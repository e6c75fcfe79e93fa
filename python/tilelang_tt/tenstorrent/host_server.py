"""Runs a built host program as `host --serve`: one process and one open device for many calls of a kernel.

A call then costs the run itself, not a process start, a device open and a fresh L1 each time (the device's
L1 pages are mapped in by the first run and stay, as a device stays open under the SDK's runtime). At most
MAX_LIVE servers are kept; the least recently used one is closed to start another. A server that reports an
error exits (a failed run may leave its device in any state), and the next call starts a new one; so does a
call after one that was interrupted (KeyboardInterrupt, or any exception while waiting for the answer): the
interrupted server is killed, since its answer would otherwise be read as the next call's.
TL_TT_SERVE=0 runs a new process per call instead (`host IN... OUT...`, the same program). A server reads the
emulator's settings (TT_EMU_*, TT_METAL_*, cache directories) when it starts: a call after they changed starts
a new one.
"""
from __future__ import annotations

import collections
import os
import subprocess
import tempfile
import threading
import time
import weakref

MAX_LIVE = 4
DONE = "@@tl_tt_done"

_live: "collections.OrderedDict[int, HostServer]" = collections.OrderedDict()
_starting = threading.Lock()
# A forked child does not share its parent's servers (their pipes would carry both processes' requests): it
# starts its own.
os.register_at_fork(after_in_child=_live.clear)


def _settings():
    return tuple(sorted((k, v) for k, v in os.environ.items()
                        if k.startswith(("TT_EMU_", "TT_METAL_")) or k in ("XDG_CACHE_HOME", "HOME")))


def enabled():
    return os.environ.get("TL_TT_SERVE", "1") != "0"


class HostServer:
    def __init__(self, exe, env, cwd):
        self.err = tempfile.TemporaryFile(mode="w+b")
        self.lock = threading.Lock()  # one request at a time (calls from several threads queue here)
        self.settings = (_settings(), sorted(env.items()))
        self.pid = os.getpid()  # the process that started it
        self.proc = subprocess.Popen([exe, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err,
                                     env={**os.environ, **env}, cwd=cwd)
        _live[id(self)] = self
        while len(_live) > MAX_LIVE:
            _live.popitem(last=False)[1].close()

    def alive(self):
        return self.proc.poll() is None

    def request(self, stats, ins, outs):
        """One run. Returns (exit_code, stdout, stderr, seconds) as a separate process would: exit code 0 after
        a good run; after a failed one, the server's exit code (3, or 128 + signal if it crashed)."""
        with self.lock:
            try:
                return self._request(stats, ins, outs)
            except BaseException:
                self.kill()
                raise

    def _request(self, stats, ins, outs):
        if id(self) in _live:
            _live.move_to_end(id(self))
        t0 = time.perf_counter()
        err_at = self.err.tell()
        out = []
        answer = None
        try:
            self.proc.stdin.write(("\t".join([stats, *ins, *outs]) + "\n").encode())
            self.proc.stdin.flush()
            for raw in self.proc.stdout:
                line = raw.decode(errors="replace")
                if line.startswith(DONE):
                    answer = line[len(DONE):].strip()
                    break
                out.append(line)
        except BrokenPipeError:
            pass
        text = "".join(out)
        if answer is not None:
            text = text[:-1] if text.endswith("\n") else text  # the newline serve() writes before its answer
        if answer == "ok":
            return 0, text, self._stderr(err_at), time.perf_counter() - t0
        code = self._finish()
        err = self._stderr(err_at)
        if answer is not None and answer.startswith("error "):
            err += "error: " + answer[len("error "):].replace("\x1f", "\n") + "\n"
        return code or 3, text, err, time.perf_counter() - t0

    def _stderr(self, at):
        self.err.seek(at)
        data = self.err.read().decode(errors="replace")
        self.err.seek(0, os.SEEK_END)
        return data

    def _finish(self):
        code = self.proc.wait()
        _live.pop(id(self), None)
        return 128 - code if code < 0 else code  # killed by a signal: 128 + its number, as the shell reports it

    def kill(self):
        """Stops the server now (it is in the middle of a request nobody will read)."""
        _live.pop(id(self), None)
        if self.pid == os.getpid() and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def close(self):
        _live.pop(id(self), None)
        if self.pid != os.getpid():  # a forked child's copy: the parent's server is not ours to stop
            return
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.err.close()


def server_for(owner, exe, env, cwd):
    """The live server of `owner` (a backend) for `exe`, started when there is none; closed with `owner`."""
    with _starting:
        s = getattr(owner, "_server", None)
        # Not in _live: evicted, failed, or started by the parent of this forked process (close() leaves that one).
        if s is None or id(s) not in _live or not s.alive() or s.settings != (_settings(), sorted(env.items())):
            if s is not None:
                s.close()
            s = HostServer(exe, env, cwd)
            owner._server = s
            weakref.finalize(owner, s.close)
        return s
