"""Upstream helper names the copied examples import: tilelang.utils.tensor.torch_assert_close (a closeness check
with a budget of mismatched elements) and tilelang.language.fp8.determine_fp8_type."""
import numpy as np
import pytest

import tilelang_tt.language as T
from tilelang_tt import TileLangError
from tilelang_tt.language.fp8 import determine_fp8_type
from tilelang_tt.utils.tensor import torch_assert_close


def test_mismatch_budget():
    ref = np.linspace(-1, 1, 1000)
    got = ref.copy()
    got[:1] += 1.0  # one element of 1000 off: within the default budget of 0.1 %
    torch_assert_close(got, ref, rtol=1e-2, atol=1e-3)
    got[:2] += 1.0  # two: beyond it
    with pytest.raises(AssertionError, match="2 of 1000 elements"):
        torch_assert_close(got, ref, rtol=1e-2, atol=1e-3)
    torch_assert_close(got, ref, rtol=1e-2, atol=1e-3, max_mismatched_ratio=0.002)


def test_tolerances_and_shapes():
    with pytest.raises(AssertionError, match="not close"):
        torch_assert_close(np.array([1.02]), np.array([1.0]), rtol=1e-2, atol=0.0, max_mismatched_ratio=0)
    torch_assert_close(np.array([1.009]), np.array([1.0]), rtol=1e-2, atol=0.0, max_mismatched_ratio=0)
    with pytest.raises(AssertionError, match="shape"):
        torch_assert_close(np.zeros(3), np.zeros(4))


def test_fp8_types():
    assert determine_fp8_type() == T.float8_e4m3fn
    assert determine_fp8_type("e5m2") == T.float8_e5m2
    with pytest.raises(TileLangError, match="unsupported FP8 format"):
        determine_fp8_type("e3m4")
