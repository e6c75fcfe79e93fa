"""The device clock that do_bench reads: targets with a modeled device report each run's device time here.

Contract: report(seconds) is called by a backend after a run on a modeled device (the "tenstorrent" targets report
the emulator's modeled device time of the run's programs, summed). `with measure() as m:` collects the reports of
the runs made inside it in this thread; m.device_seconds is their sum, or None when no run reported (the code ran
on the host only: "interpret" kernels, numpy). Measurements nest: an outer one sees the inner ones' reports.
"""
from __future__ import annotations

import threading

_local = threading.local()


def report(seconds: float):
    for m in getattr(_local, "open", ()):
        m.device_seconds = (m.device_seconds or 0.0) + float(seconds)


class measure:
    def __init__(self):
        self.device_seconds = None

    def __enter__(self):
        if not hasattr(_local, "open"):
            _local.open = []
        _local.open.append(self)
        return self

    def __exit__(self, *exc):
        _local.open.remove(self)
        return False
