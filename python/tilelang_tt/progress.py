"""Progress on stderr for the waits a user sees: host program builds, emulator runs (which build a new kernel's
kernels at its first call), autotuning and the fuzzer (docs/tenstorrent.md, "Progress").

TILELANG_TT_VERBOSE=1 shows it, =0 hides it; unset, it is shown when stderr is a terminal (quiet in tests, CI and
pipes). step(): one line when a wait has lasted a second — "tilelang-tt: <what> ..." — completed with its duration
when it ends; nothing for a shorter one. bar(): a tqdm bar, disabled when progress is hidden.
"""
from __future__ import annotations

import os
import sys
import threading
import time

THRESHOLD_S = 1.0


def enabled():
    value = os.environ.get("TILELANG_TT_VERBOSE", "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return sys.stderr.isatty()


class step:
    """`with step("building the host program of gemm"):` — see the module docstring."""

    def __init__(self, what):
        self.what, self.shown, self.timer = what, False, None

    def _show(self):
        self.shown = True
        sys.stderr.write(f"tilelang-tt: {self.what} ... ")
        sys.stderr.flush()

    def __enter__(self):
        self.t0 = time.perf_counter()
        if enabled():
            self.timer = threading.Timer(THRESHOLD_S, self._show)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, kind, value, tb):
        if self.timer is not None:
            self.timer.cancel()
            self.timer.join()
        if self.shown:
            sys.stderr.write(f"{'failed after' if kind else 'done in'} {time.perf_counter() - self.t0:.1f} s\n")
            sys.stderr.flush()
        return False


def bar(total, desc):
    """A tqdm progress bar on stderr (shown only when progress is)."""
    from tqdm.auto import tqdm
    return tqdm(total=total, desc=desc, disable=not enabled(), file=sys.stderr)
