"""tilelang_tt.testing: the names of upstream's `tilelang.testing` that its test files use at import time.

requires_cuda marks a test as needing an NVIDIA GPU: CUDA is not a target here, so pytest skips such a test (as
upstream's marker does on a machine without one), saying why. main() runs the calling file's tests with pytest.
The copied upstream language tests (tests/python/upstream/language_*.py) import this; their kernels are run by
this project's own tests, on numpy arrays.
"""
from __future__ import annotations

import inspect


def requires_cuda(fn):
    import pytest
    return pytest.mark.skip(reason="needs CUDA, which is not a target of TileLang-TT")(fn)


def main():
    import pytest
    caller = inspect.stack()[1].filename
    raise SystemExit(pytest.main([caller]))
