"""A pytest plugin (`-p tt_inventory`) that runs test files "dry": every kernel a test compiles is lowered for
tenstorrent and not run, and the errors that stop the lowering are written to $TT_INVENTORY_OUT (JSON) at the end
of the session. test_tt_unsupported_inventory.py runs the suite under it in a subprocess.

Dry means:
  * a kernel compiled for "interpret" is also lowered for tenstorrent (the same TenstorrentBackend the target
    uses, without building its host program; a kernel with T.dynamic dims at the sizes of each of its calls); a kernel compiled for tenstorrent is lowered as usual and, when
    the lowering fails, recorded only if the same function compiles for "interpret" (an error on both targets is
    a bad program, not a tenstorrent limit);
  * no kernel runs on either target: outputs keep the values they were allocated with, and numpy's assertions
    are no-ops, so that a test goes on to the kernels it compiles after a check (test outcomes are not looked at).
"""
import json
import os

import numpy as np

from tilelang_tt import kernel as _kernel
from tilelang_tt.errors import TileLangError
from tilelang_tt.tenstorrent import backend as _backend

_records = []  # {"test", "kernel", "target", "op", "message", "file", "line"} or {"ok": ...} per lowered kernel
_current = {"test": ""}


def _lower(func, options, arrays=None):
    """The tenstorrent lowering of func (at the sizes of a call on `arrays` when func has T.dynamic dims, which are
    lowered per call): None, or the TileLangError that stopped it."""
    try:
        b = _backend.TenstorrentBackend(func, options)
        if arrays is not None:
            b._use_sizes(b._sizes_of(arrays))
    except TileLangError as e:
        return e
    return None


def _dry_interpret_run(self, arrays):
    """A call of an "interpret" kernel with T.dynamic dims: its tenstorrent lowering at the call's sizes."""
    options = getattr(self, "tt_options", None)
    if options is not None:
        _record(self.func, "interpret", _lower(self.func, options, arrays))


def _dry_tenstorrent_run(self, arrays):
    """A call of a tenstorrent kernel with T.dynamic dims: lowered at the call's sizes (as the real run does)."""
    if self.func.shape_vars:
        try:
            self._use_sizes(self._sizes_of(arrays))
        except TileLangError as e:
            _record(self.func, "tenstorrent", e)
            raise


def _record(func, target, err):
    rec = {"test": _current["test"], "kernel": func.name, "target": target}
    if err is not None:
        rec.update(op=err.op, message=err.message or str(err), file=os.path.basename(err.file or ""), line=err.line)
    _records.append(rec)


def _dry_init(orig):
    def init(self, func, out_idx=None, target=None, ret_idx=None, pass_configs=None, compile_flags=None):
        name = target or _kernel.default_target()
        try:
            orig(self, func, out_idx, target, ret_idx, pass_configs, compile_flags)
        except TileLangError as e:
            if name.startswith("tenstorrent") and e.op != "compile":
                try:  # a tenstorrent limit only if the function compiles for the reference target
                    orig(_kernel.JITKernel.__new__(_kernel.JITKernel), func, out_idx, "interpret", ret_idx,
                         pass_configs, compile_flags)
                except TileLangError:
                    raise e
                _record(func, name, e)
            raise
        if name == "interpret" and func.shape_vars:
            self.backend.tt_options = self.options  # lowered at each call's sizes (_dry_interpret_run)
        elif name == "interpret":
            _record(func, name, _lower(func, self.options))
        elif name.startswith("tenstorrent"):
            _record(func, name, None)
    return init


def pytest_configure(config):
    _kernel.JITKernel.__init__ = _dry_init(_kernel.JITKernel.__init__)
    _kernel.InterpretBackend.run = _dry_interpret_run
    _backend.TenstorrentBackend._build = lambda self: (None, True, 0.0)
    _backend.TenstorrentBackend.run = _dry_tenstorrent_run
    for name in ("assert_allclose", "assert_array_equal", "assert_equal", "assert_array_almost_equal",
                 "assert_array_less"):
        setattr(np.testing, name, lambda *a, **k: None)


def pytest_runtest_setup(item):
    _current["test"] = item.nodeid


def pytest_sessionfinish(session, exitstatus):
    with open(os.environ["TT_INVENTORY_OUT"], "w") as f:
        json.dump(_records, f)
