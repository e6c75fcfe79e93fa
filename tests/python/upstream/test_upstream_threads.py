"""Upstream's thread-level kernels (examples/gemv, copied unchanged in example_gemv.py) on "interpret": the three
GEMV forms — per-thread (naive_gemv, and the split-K forms that combine threads with T.atomic_add on shared
memory), split-K with a thread all-reduce (splitk_gemv_vectorized_tvm: T.tvm_thread_allreduce) and the
alloc_reducer form — each at two shapes with more than one block, against numpy, with the example's own
tolerance (its check_correctness_and_bench: assert_allclose(x @ y.T, atol=1e-2, rtol=1e-2)).

On "tenstorrent" thread-level code stops at the T.get_thread_binding line with a located error."""
import numpy as np
import pytest

from tilelang_tt.errors import TileLangError
from upstream_check import load

F16 = np.float16


def gemv_inputs(rng, N, K):
    return rng.standard_normal(K).astype(F16), rng.standard_normal((N, K)).astype(F16)


def check(c, a, b):
    # ref_program: A @ B.T (torch, fp16 inputs); the kernels accumulate in float32 and store fp16
    expected = b.astype(np.float64) @ a.astype(np.float64)
    assert c.shape == expected.shape and c.dtype == F16
    np.testing.assert_allclose(c.astype(np.float64), expected, rtol=1e-2, atol=1e-2)


# (kernel, its tile arguments): main()'s list, with tiles small enough for interpret at these shapes
KERNELS = {
    "naive_gemv": dict(BLOCK_N=128, BLOCK_K=32),          # threads=128 (the default): one thread per row
    "naive_splitk_gemv": dict(BLOCK_N=8, BLOCK_K=16),     # threads=(8, 16): atomics into shared
    "splitk_gemv": dict(BLOCK_N=8, BLOCK_K=32, reduce_threads=8),
    "splitk_gemv_vectorized": dict(BLOCK_N=4, reduce_threads=8),       # TILE_K = 8 (T.vectorized)
    "splitk_gemv_vectorized_tvm": dict(BLOCK_N=4, reduce_threads=8),   # T.tvm_thread_allreduce over tk
}


@pytest.mark.parametrize("name", sorted(KERNELS))
@pytest.mark.parametrize("N,K", [(256, 192), (384, 100)])
def test_gemv_thread_level(rng, name, N, K):
    mod = load("example_gemv")
    kernel = getattr(mod, name).compile(N=N, K=K, **KERNELS[name])
    a, b = gemv_inputs(rng, N, K)
    check(kernel(a, b), a, b)


@pytest.mark.parametrize("N,K", [(256, 192), (96, 320)])
def test_gemv_alloc_reducer(rng, N, K):
    mod = load("example_gemv")
    kernel = mod.gemv_alloc_reducer.compile(M=N, N=K, block_M=32, block_N=64, num_stages=2, threads=128)
    x = rng.standard_normal(K).astype(F16)
    a = rng.standard_normal((N, K)).astype(F16)
    check(kernel(a, x), x, a)  # o = a @ x


def test_gemv_upstream_check():
    """The example's own check (check_correctness_and_bench without the benchmark: the profiler's inputs and
    assert_allclose with its tolerance) for a per-thread and the all-reduce form."""
    mod = load("example_gemv")
    mod.check_correctness_and_bench(mod.naive_splitk_gemv.compile(N=64, K=64, BLOCK_N=8, BLOCK_K=8), 64, 64,
                                    do_bench=False)
    mod.check_correctness_and_bench(mod.splitk_gemv_vectorized_tvm.compile(N=64, K=128, BLOCK_N=2,
                                                                          reduce_threads=8), 64, 128,
                                    do_bench=False)


def test_gemv_thread_level_on_tenstorrent_is_located_error(monkeypatch):
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")
    mod = load("example_gemv")
    with pytest.raises(TileLangError) as e:
        mod.naive_gemv.compile(N=256, K=64, BLOCK_N=128, BLOCK_K=32)
    err = e.value
    assert err.op == "T.get_thread_binding"
    assert err.file.endswith("example_gemv.py")
    line = open(err.file).read().splitlines()[err.line - 1]
    assert "tn = T.get_thread_binding(0)" in line and line[err.col - 1:].startswith("T.get_thread_binding")
    assert "thread-level code" in str(err) and "no Tenstorrent form yet" in str(err)
