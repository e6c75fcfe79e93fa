"""Tenstorrent tests' session machinery: every function compiled for a Tenstorrent device during the session is
recorded (its core IR, written-back outputs, fidelity, device), so that test_tt_sdk_conformance.py's
test_every_kernel_of_the_session, which runs after every other test, can build all their kernels as the SDK would."""
import hashlib
import os

import pytest

from tilelang_tt.tenstorrent import backend

_recorded = {}
_orig_init = backend.TenstorrentBackend.__init__


def _recording_init(self, func, options=None, device="wormhole_b0"):
    _orig_init(self, func, options, device)
    fidelity = {"LoFi": 0, "HiFi2": 2, "HiFi3": 3, "HiFi4": 4}.get(
        (options or {}).get("pass_configs", {}).get("tt.math_fidelity", "HiFi4"), 4)
    configs = (options or {}).get("pass_configs") or {}
    numerics = tuple(bool(configs.get(k, False)) for k in ("tt.fp32_dest", "tt.fp32_exact", "tt.fp32_exact_broadcast"))
    _recorded.setdefault(self.files["plan.json"], (func.core, list(self.outputs), fidelity, device, numerics))


backend.TenstorrentBackend.__init__ = _recording_init


def pytest_configure(config):
    config.addinivalue_line("markers", "sdk_session: runs after every other test of the session")


def pytest_collection_modifyitems(session, config, items):
    last = [i for i in items if i.get_closest_marker("sdk_session")]
    items[:] = [i for i in items if not i.get_closest_marker("sdk_session")] + last


@pytest.fixture
def recorded_tt_functions():
    """The recorded functions in a fixed pseudo-random order (by the SHA-256 of their plan), so that a prefix of
    the list is a deterministic sample of the session's programs."""
    return [_recorded[k] for k in sorted(_recorded, key=lambda k: hashlib.sha256(k.encode()).hexdigest())]
