"""The torch path (issue 12): torch CPU tensors in, torch tensors of the first tensor argument's kind out, results
written in place into torch tensors, on both targets — the same kernel calls the DLPack tests make with numpy
arrays (test_upstream_api.py). Optional: PyPI's torch pulls several GB of CUDA libraries, so CI (scripts/test.sh)
does not install it and this file runs only where torch is installed (checked by hand: torch 2.15 from PyPI)."""
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T

torch = pytest.importorskip("torch")

TARGETS = ["interpret", "tenstorrent"]


def scaled_add(M, N, dtype):
    @T.prim_func
    def scaled_add(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32), threads=128) as (bx, by):
            for i, j in T.Parallel(32, 32):
                C[by * 32 + i, bx * 32 + j] = A[by * 32 + i, bx * 32 + j] * 2 + B[by * 32 + i, bx * 32 + j]

    return scaled_add


def small_ints(shape, dtype, seed):
    # Small integers: every sum and product here is exact in bfloat16 and float32 on both targets.
    g = torch.Generator().manual_seed(seed)
    return torch.randint(-8, 9, shape, generator=g).to(dtype)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("tdtype, dtype", [(torch.float32, "float32"), (torch.bfloat16, "bfloat16")])
def test_torch_tensors_in_and_out(target, tdtype, dtype):
    a, b = small_ints((64, 96), tdtype, 0), small_ints((64, 96), tdtype, 1)
    kernel = tilelang.compile(scaled_add(64, 96, dtype), out_idx=-1, target=target)
    c = kernel(a, b)
    assert isinstance(c, torch.Tensor) and c.dtype == tdtype and tuple(c.shape) == (64, 96)
    assert torch.equal(c, a * 2 + b)


@pytest.mark.parametrize("target", TARGETS)
def test_torch_output_written_in_place(target):
    a, b = small_ints((64, 64), torch.float32, 2), small_ints((64, 64), torch.float32, 3)
    c = torch.full((64, 64), 99.0)
    kernel = tilelang.compile(scaled_add(64, 64, "float32"), target=target)
    kernel(a, b, c)
    assert torch.equal(c, a * 2 + b)


@pytest.mark.parametrize("target", TARGETS)
def test_numpy_first_argument_gives_numpy(target):
    # The first tensor argument's kind decides the result's (docs/language.md): numpy in, numpy out.
    a = small_ints((64, 64), torch.float32, 4)
    b = small_ints((64, 64), torch.float32, 5)
    kernel = tilelang.compile(scaled_add(64, 64, "float32"), out_idx=-1, target=target)
    c = kernel(a.numpy(), b)
    assert isinstance(c, np.ndarray)
    np.testing.assert_array_equal(c, (a * 2 + b).numpy())
