"""tilelang.profiler.do_bench: the run time of a function in milliseconds, with upstream's signature.

Contract: do_bench(fn, warmup=25, rep=100, _n_warmup=0, _n_repeat=0, quantiles=None, fast_flush=True,
backend="event", return_mode="mean", device=None, cache_size=256, early_stop_baseline=None).
  * Device time where there is a device: when fn runs kernels of a modeled device (the "tenstorrent" targets, see
    clock.py), the result is the device time the emulator models for those runs — what the card would take, not
    how long the emulator took. It is deterministic (the same inputs and program give the same modeled time), so
    fn is called once and no statistics are taken: every return_mode and quantile is that time.
  * Wall time otherwise ("interpret" kernels, host code such as a numpy reference): like upstream, one call
    estimates the time, then warmup / rep (milliseconds of warm-up and of measurement) give the numbers of calls
    unless _n_warmup / _n_repeat (> 0) fix them; the result is the return_mode ("mean", "median", "min", "max")
    of the measured calls, or the quantiles of them when quantiles is given. With early_stop_baseline (ms), the
    measurement stops after the estimate when that already exceeds the baseline (the autotuner's early stop).
  * fast_flush, cache_size, backend and device tune GPU timing upstream; they are accepted and ignored (a CPU
    has no L2 flush to make here, and the modeled device's time does not depend on its caches' state).
"""
from __future__ import annotations

import time

import numpy as np

from ..errors import fail
from . import clock

RETURN_MODES = ("min", "max", "mean", "median")


def _aggregate(times_ms, quantiles, return_mode):
    t = np.asarray(times_ms, dtype=np.float64)
    if quantiles is not None:
        q = np.quantile(t, quantiles).tolist()
        return q[0] if len(q) == 1 else q
    return float(getattr(np, return_mode)(t))


def _timed(fn):
    """(wall ms, modeled device ms or None) of one call."""
    with clock.measure() as m:
        t0 = time.perf_counter()
        fn()
        wall = (time.perf_counter() - t0) * 1e3
    return wall, None if m.device_seconds is None else m.device_seconds * 1e3


def do_bench(fn, warmup: float = 25, rep: float = 100, _n_warmup: int = 0, _n_repeat: int = 0, quantiles=None,
             fast_flush: bool = True, backend: str = "event", return_mode: str = "mean", device=None,
             cache_size: int = 256, early_stop_baseline: float | None = None):
    """Milliseconds per call of fn (see the module docstring): modeled device time, else wall time."""
    if return_mode not in RETURN_MODES:
        fail("do_bench", f"return_mode must be one of {', '.join(map(repr, RETURN_MODES))}, got {return_mode!r}")
    if backend not in ("event", "cupti", "cudagraph"):
        fail("do_bench", f"backend must be 'event', 'cupti' or 'cudagraph', got {backend!r}")
    if not callable(fn):
        fail("do_bench", f"expected a function to time, got {type(fn).__name__}")
    wall, modeled = _timed(fn)
    if modeled is not None:
        return _aggregate([modeled], quantiles, return_mode)
    estimate = max(wall, 1e-6)
    if early_stop_baseline is not None and estimate > early_stop_baseline:
        return _aggregate([estimate], quantiles, return_mode)
    n_warmup = _n_warmup if _n_warmup > 0 else max(1, int(warmup / estimate))
    n_repeat = _n_repeat if _n_repeat > 0 else max(1, int(rep / estimate))
    for _ in range(n_warmup):
        fn()
    times = []
    for _ in range(n_repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return _aggregate(times, quantiles, return_mode)
