"""Upstream TileLang's GEMM examples as tests, each kernel byte-identical to upstream's (tile-ai/tilelang, commit
a35008a42) with only the imports changed, compared with numpy references written from the examples' torch ones:
  * examples/quickstart.py — the eager-style GEMM + ReLU (`matmul`), its `matmul.compile(...)` call and profiler;
  * examples/gemm/example_gemm.py — the pipelined GEMM (`matmul`, here named `matmul_pipelined` next to the
    quickstart's `matmul`);
  * examples/gemm/example_gemm_autotune.py — copied whole as example_gemm_autotune.py: its AutoTuner run over its
    own 288 configs and its main(), on "interpret"; and, on "tenstorrent", @tilelang.autotune on its `matmul` over a
    small space, whose pick must be the config with the lowest modeled time in an exhaustive run.
Tolerances are upstream's (rtol = atol = 1e-2): float16/bfloat16 outputs of float32 accumulations are off by at most
half an ulp of the output (2^-9 relative), well inside them.
"""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
import example_gemm_autotune as ex


@tilelang.jit
def matmul(A, B, block_M: int, block_N: int, block_K: int):
    M, N, K = T.const("M, N, K")
    dtype = T.float16
    accum_dtype = T.float32
    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, N), dtype)

    # Initialize Kernel Context
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((block_M, block_K), dtype)
        B_shared = T.alloc_shared((block_K, block_N), dtype)
        C_local = T.alloc_fragment((block_M, block_N), accum_dtype)

        # Enable rasterization for better L2 cache locality (Optional)
        # T.use_swizzle(panel_size=10, enable=True)

        # Clear local accumulation
        T.clear(C_local)

        for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
            # Copy tile of A
            # This is a sugar syntax for parallelized copy
            T.copy(A[by * block_M, ko * block_K], A_shared)

            # Copy tile of B
            T.copy(B[ko * block_K, bx * block_N], B_shared)

            # Perform a tile-level GEMM on the shared buffers
            # Currently we dispatch to the cute/hip on Nvidia/AMD GPUs
            T.gemm(A_shared, B_shared, C_local)

        # relu
        for i, j in T.Parallel(block_M, block_N):
            C_local[i, j] = T.max(C_local[i, j], 0)

        # Copy result back to global memory
        T.copy(C_local, C[by * block_M, bx * block_N])

    return C



@tilelang.jit
def matmul_pipelined(A, B, block_M, block_N, block_K, dtype=T.float16, accum_dtype=T.float32):
    M, N, K = T.const("M, N, K")

    A: T.Tensor((M, K), dtype)
    B: T.Tensor((K, N), dtype)
    C = T.empty((M, N), dtype)

    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        A_shared = T.alloc_shared((block_M, block_K), dtype)
        B_shared = T.alloc_shared((block_K, block_N), dtype)
        C_local = T.alloc_fragment((block_M, block_N), accum_dtype)

        T.clear(C_local)
        for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
            T.copy(A[by * block_M, k * block_K], A_shared)
            T.copy(B[k * block_K, bx * block_N], B_shared)
            T.gemm(A_shared, B_shared, C_local)

        T.copy(C_local, C[by * block_M, bx * block_N])

    return C



def _f64(x):
    return np.asarray(x).astype(np.float64)


@pytest.mark.parametrize("M, N, K, block_M, block_N, block_K", [(256, 256, 128, 128, 128, 32),
                                                                (96, 160, 64, 64, 64, 32)])
def test_quickstart(rng, M, N, K, block_M, block_N, block_K):
    matmul_relu_kernel = matmul.compile(M=M, N=N, K=K, block_M=block_M, block_N=block_N, block_K=block_K)
    a = rng.standard_normal((M, K)).astype(np.float16)
    b = rng.standard_normal((K, N)).astype(np.float16)
    c = matmul_relu_kernel(a, b)
    assert c.dtype == np.float16 and c.shape == (M, N)
    ref_c = np.maximum(_f64(a) @ _f64(b), 0)  # torch.relu(a @ b)
    np.testing.assert_allclose(_f64(c), ref_c, rtol=1e-2, atol=1e-2)
    profiler = matmul_relu_kernel.get_profiler(tensor_supply_type=tilelang.TensorSupplyType.Normal)
    assert profiler.do_bench() > 0
    profiler.assert_allclose(lambda a, b: np.maximum(_f64(a) @ _f64(b), 0), atol=1e-2, rtol=1e-2)


@pytest.mark.parametrize("M, N, K", [(256, 256, 256), (128, 192, 96)])
def test_pipelined_gemm(rng, M, N, K):
    kernel = matmul_pipelined.compile(M=M, N=N, K=K, block_M=128, block_N=128, block_K=32)
    a = rng.standard_normal((M, K)).astype(np.float16)
    b = rng.standard_normal((K, N)).astype(np.float16)
    np.testing.assert_allclose(_f64(kernel(a, b)), _f64(a) @ _f64(b), rtol=1e-2, atol=1e-2)
    c = matmul_pipelined(a, b, 64, 64, 32)  # the eager call: compiles for these shapes and runs
    np.testing.assert_allclose(_f64(c), _f64(a) @ _f64(b), rtol=1e-2, atol=1e-2)


@pytest.mark.parametrize("M, N, K", [(64, 64, 64), (48, 96, 32)])
def test_gemm_autotune_example(rng, monkeypatch, tmp_path, capsys, M, N, K):
    """The example's main(use_autotune=True) — tuning its 288 configs with its reference check, then benchmarking
    and checking the best kernel — and get_best_config() again, answered from the autotune cache."""
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path))  # a fresh autotune cache: the first run tunes
    ex.main(M, N, K, use_autotune=True)
    out = capsys.readouterr().out
    assert "TileLang latency:" in out and "Ref latency:" in out
    result = ex.get_best_config(M, N, K)  # cached: compiles the best config only
    configs = ex.get_configs(M, N, K)
    assert len(result.results) == len(configs) == 288
    assert all(r.error is None and r.latency > 0 for r in result.results)  # every config is valid on interpret
    latencies = [r.latency for r in result.results]
    assert result.latency == min(latencies) and result.config == configs[int(np.argmin(latencies))]
    assert result.config is result.kernel.config and result.kernel.latency == result.latency
    a = rng.uniform(-1, 1, (M, K)).astype(ml_dtypes.bfloat16)
    b = rng.uniform(-1, 1, (N, K)).astype(ml_dtypes.bfloat16)
    np.testing.assert_allclose(_f64(result.kernel(a, b)), _f64(a) @ _f64(b).T, rtol=1e-2, atol=1e-2)


def test_autotune_picks_lowest_modeled_time_on_tenstorrent(rng, monkeypatch):
    """@tilelang.autotune over the example's `matmul` on tenstorrent picks the config an exhaustive run finds
    fastest in modeled device time; do_bench is the emulator's modeled time of a run; a config given explicitly
    is compiled without tuning."""
    monkeypatch.setenv("TILELANG_TT_DEFAULT_TARGET", "tenstorrent")
    monkeypatch.setenv("TILELANG_AUTO_TUNING_DISABLE_CACHE", "1")
    M, N, K = 128, 128, 128
    configs = [dict(block_M=bm, block_N=64, block_K=bk, num_stages=2, thread_num=128, enable_rasteration=True)
               for bm in (32, 64) for bk in (32, 64)]
    tuned = tilelang.autotune(configs=configs, warmup=1, rep=2)(ex.matmul)
    kernel = tuned(M, N, K)
    assert kernel.target == "tenstorrent"
    modeled = []
    for config in configs:
        k = ex.matmul(M, N, K, **config)
        profiler = k.get_profiler()
        t = profiler.do_bench()
        programs = k.backend.last_run["programs"]
        assert t == pytest.approx(sum(p["modeled_seconds"] for p in programs) * 1e3, rel=1e-12)
        modeled.append(t)
    assert len(set(modeled)) > 1  # the space has a real choice
    assert kernel.latency == min(modeled)
    assert modeled[configs.index(kernel.config)] == min(modeled)
    result = tuned.tune_result(M, N, K)
    assert [r.latency for r in result.results] == modeled
    explicit = tuned(M, N, K, **configs[0])  # no tuning: the @tilelang.jit kernel of that config
    assert explicit.config is None and explicit.target == "tenstorrent"
    a = rng.uniform(-1, 1, (M, K)).astype(np.float16)
    b = rng.uniform(-1, 1, (N, K)).astype(np.float16)
    np.testing.assert_allclose(_f64(kernel(a, b)), _f64(a) @ _f64(b).T, rtol=1e-2, atol=1e-2)
