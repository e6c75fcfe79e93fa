"""Shared test machinery.

Every PrimFunc traced during a test (classic or eager, compiled or not) is checked after the test:
print → parse → structurally equal to the original, with equal structural hashes and identical re-printed
text. This covers every kernel in the Python suite (DESIGN.md §3.5). Every Tenstorrent kernel of the session is
built as the SDK would at its end (tt/sdk_session.py).
"""
import os
import pathlib
import sys

import numpy as np
import pytest

# The conformance suite here checks the language's semantics on the reference interpreter: kernels compiled
# without an explicit target run there. The Tenstorrent tests (tests/python/tt) always name their target.
os.environ.setdefault("TILELANG_TT_DEFAULT_TARGET", "interpret")

import tilelang_tt._core as core
from tilelang_tt.frontend import trace

_traced = []
_orig_init = trace.PrimFunc.__init__


def _recording_init(self, *args, **kwargs):
    _orig_init(self, *args, **kwargs)
    _traced.append(self)


trace.PrimFunc.__init__ = _recording_init


def pytest_configure(config):
    # The SDK conformance check of every kernel the session generates (tests/python/tt/sdk_session.py): registered
    # here, in every process of the session including pytest-xdist's controller, which checks the workers' kernels.
    sys.path.insert(0, str(pathlib.Path(__file__).parent / "tt"))
    import sdk_session
    config.pluginmanager.register(sdk_session.SessionCheck(config), "tt_sdk_session")


@pytest.fixture(autouse=True)
def ir_roundtrip():
    start = len(_traced)
    yield
    funcs = _traced[start:]
    del _traced[start:]
    for f in funcs:
        text = core.print_func(f.core)
        parsed = core.parse_func(text)
        assert core.structural_equal(parsed, f.core), f"round trip changed the IR of {f.name}:\n{text}"
        assert core.structural_hash(parsed) == core.structural_hash(f.core)
        assert core.print_func(parsed) == text


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def assert_close(actual, expected, dtype):
    """Compare with a tolerance justified by dtype: a few ulps of the result's format relative to the
    magnitude, since every op rounds to that format (bf16: 8 significant bits, f16: 11, f32: 24)."""
    eps = {"float32": 2.0**-20, "float16": 2.0**-9, "bfloat16": 2.0**-7, "float8_e4m3": 2.0**-2,
           "float8_e5m2": 2.0**-1, "float64": 1e-12}.get(dtype)
    a = np.asarray(actual).astype(np.float64)
    e = np.asarray(expected).astype(np.float64)
    assert a.shape == e.shape, (a.shape, e.shape)
    if eps is None:
        np.testing.assert_array_equal(a, e)
    else:
        scale = max(1.0, float(np.abs(e).max()) if e.size else 1.0)
        np.testing.assert_allclose(a, e, rtol=eps, atol=eps * scale)
