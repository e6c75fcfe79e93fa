"""Upstream TileLang's Python API beyond kernels: dtype aliases and T.dtype, T.Cast / astype, tilelang.math,
tilelang_tt.tvm, scalar parameters, DLPack inputs and the output kind rule, the profiler and the autotuner's
rules (skipped configs, bad configs, the cache) on "interpret". The autotuner on "tenstorrent" and upstream's
examples are tests/python/upstream."""
import ml_dtypes
import numpy as np
import pytest

import tilelang_tt as tilelang
import tilelang_tt.language as T
from tilelang_tt.autotuner import AutoTuner
from tilelang_tt.tvm import DataType, tirx


def test_dtype_aliases_and_dtype_annotations(rng):
    assert (T.int, T.uint, T.long, T.half, T.float, T.double) == ("int32", "uint32", "int64", "float16", "float32",
                                                                   "float64")
    assert T.dtype("fp16") == T.float16 and isinstance(T.float16, T.dtype) and T.bfloat16.bits == 16
    assert DataType("float8_e4m3").bits == 8 and DataType(T.int32).lanes == 1

    @tilelang.jit(out_idx=-1)
    def scale(n, dtype: T.dtype = T.half):
        @T.prim_func
        def main(A: T.Tensor((n,), dtype), B: T.Tensor((n,), T.float)):
            with T.Kernel(1) as bx:
                for i in T.Parallel(n):
                    B[i] = T.Cast(T.float, A[i]) * 2 + A[i].astype(T.float) + tirx.const(1, T.float)
        return main
    a = rng.standard_normal(16).astype(np.float16)
    np.testing.assert_array_equal(scale(16)(a), a.astype(np.float32) * 3 + 1)


def test_upstream_dtypes_the_language_lacks_are_named():
    with pytest.raises(tilelang.TileLangError, match=r"dtype 'T.int4' is not supported by TileLang-TT; its "
                                                     r"dtypes are bool, int8, uint8, int16, uint16"):
        T.int4
    with pytest.raises(tilelang.TileLangError, match="dtype 'T.float16x2' is not supported"):
        T.float16x2


def test_math_helpers():
    assert [tilelang.math.next_power_of_2(x) for x in (1, 2, 3, 17, 64)] == [1, 2, 4, 32, 64]
    assert tilelang.math.cdiv(10, 4) == 3 == tilelang.cdiv(10, 4)


def _add_scalar(n_blocks=4, block=8):
    @T.prim_func
    def main(A: T.Tensor((n_blocks * block,), T.float32), n: T.int32, alpha: T.float32,
             B: T.Tensor((n_blocks * block,), T.float32)):
        with T.Kernel(T.ceildiv(n, block)) as bx:
            for i in T.Parallel(block):
                B[bx * block + i] = A[bx * block + i] * alpha + n
    return main


def test_scalar_parameters(rng):
    k = tilelang.compile(_add_scalar(), out_idx=-1)
    a = rng.standard_normal(32).astype(np.float32)
    out = k(a, 16, 0.5)  # n = 16: the grid covers the first two blocks only
    np.testing.assert_array_equal(out[:16], a[:16] * np.float32(0.5) + 16)
    np.testing.assert_array_equal(out[16:], 0)
    np.testing.assert_array_equal(k(a, np.int32(32), 2)[16:], a[16:] * 2 + 32)
    with pytest.raises(tilelang.TileLangError, match=r"parameter 'n' is a scalar of dtype int32: expected a Python "
                                                     r"int, got float"):
        k(a, 1.5, 0.5)
    with pytest.raises(tilelang.TileLangError, match=r"parameter 'n': 4294967296 does not fit int32"):
        k(a, 2**32, 0.5)
    with pytest.raises(tilelang.TileLangError, match="names the scalar parameter 'n'"):
        tilelang.compile(_add_scalar(), out_idx=1)


class _Producer:
    """A DLPack producer that is not numpy: an object with __dlpack__ / __dlpack_device__ only."""

    def __init__(self, a):
        self.a = a

    def __dlpack__(self, **kwargs):
        return self.a.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self.a.__dlpack_device__()


def _copy_kernel():
    @T.prim_func
    def main(A: T.Tensor((8,), T.float32), B: T.Tensor((8,), T.float32)):
        with T.Kernel(1) as bx:
            for i in T.Parallel(8):
                B[i] = A[i] + 1
    return main


def test_dlpack_inputs_and_output_kind(rng):
    a = rng.standard_normal(8).astype(np.float32)
    k = tilelang.compile(_copy_kernel(), out_idx=-1)
    out = k(_Producer(a))
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, a + 1)
    # in place (no out_idx): the kernel writes the producer's memory
    b = np.zeros(8, np.float32)
    tilelang.compile(_copy_kernel())(np.from_dlpack(_Producer(a)), _Producer(b))
    np.testing.assert_array_equal(b, a + 1)
    with pytest.raises(tilelang.TileLangError, match=r"parameter 'A': expected a numpy array, a torch tensor or an "
                                                     r"object with __dlpack__, got list"):
        k([0.0] * 8)


def test_profiler_on_interpret(rng):
    k = tilelang.compile(_copy_kernel(), out_idx=-1)
    p = k.get_profiler(tensor_supply_type=tilelang.TensorSupplyType.Integer)
    (a,) = p._get_inputs()
    assert a.dtype == np.float32 and set(np.unique(a)) <= {-2, -1, 0, 1, 2}
    assert 0 < p.do_bench(n_warmup=1, n_repeat=3) < 1e3  # wall milliseconds
    assert len(p.do_bench(n_repeat=5, quantiles=[0.2, 0.8])) == 2
    p.assert_allclose(lambda x: x + 1)
    with pytest.raises(AssertionError, match=r"output 0: 8 of 8 elements \(100.00%\) differ from the reference"):
        p.assert_allclose(lambda x: x + 2)
    p.assert_allclose(lambda x: np.where(np.arange(8) == 0, x, x + 1), max_mismatched_ratio=0.2)  # 1 of 8 differs
    ms = tilelang.profiler.do_bench(lambda: sum(range(1000)), _n_repeat=4)
    assert 0 < ms < 1e3
    with pytest.raises(tilelang.TileLangError, match="return_mode must be one of"):
        tilelang.profiler.do_bench(lambda: None, return_mode="avg")


def _scaled(block=None, factor=None):
    if block == 3:
        raise ValueError("block 3 is not allowed")

    @T.prim_func
    def main(A: T.Tensor((16,), T.float32), B: T.Tensor((16,), T.float32)):
        with T.Kernel(T.ceildiv(16, block)) as bx:
            for i in T.Parallel(block):
                B[bx * block + i] = A[bx * block + i] * factor
    return main


def test_autotuner_skips_failing_and_wrong_configs(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TILELANG_TT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("TILELANG_TT_VERBOSE", "1")  # progress is shown (not only on a terminal)
    configs = [dict(block=4, factor=2.0), dict(block=3, factor=2.0), dict(block=8, factor=3.0), dict(block=8, factor=2.0)]
    tuner = AutoTuner.from_kernel(kernel=_scaled, configs=configs).set_compile_args(out_idx=-1).set_profile_args(
        ref_prog=lambda a: a * 2)
    r = tuner.run(warmup=1, rep=2)
    errors = [x.error for x in r.results]
    assert errors[0] is None and errors[3] is None
    assert errors[1] == "compile: ValueError: block 3 is not allowed"
    assert errors[2].startswith("benchmark: AssertionError: output 0: 16 of 16 elements (100.00%) differ")
    assert r.config in (configs[0], configs[3]) and r.latency == min(r.results[0].latency, r.results[3].latency)
    # the progress bars: configs compiled (4 of 4, one failed), then configs benchmarked with the best so far
    bars = capsys.readouterr().err
    assert "Compiling _scaled configs" in bars and "4/4" in bars
    assert "Benchmarking _scaled configs" in bars and "3/3" in bars and "best_ms=" in bars
    # cached on disk: a new tuner with the same kernel, configs and settings compiles the best config only
    again = AutoTuner.from_kernel(kernel=_scaled, configs=configs).set_compile_args(out_idx=-1).set_profile_args(
        ref_prog=lambda a: a * 2).run(warmup=1, rep=2)
    assert again.config == r.config and [x.latency for x in again.results] == [x.latency for x in r.results]
    assert len(list((tmp_path / "autotune").iterdir())) == 1
    with pytest.raises(tilelang.TileLangError, match=r"'blocks' is not a parameter of '_scaled' \(parameters: "
                                                     r"block, factor\)"):
        AutoTuner.from_kernel(kernel=_scaled, configs=[dict(blocks=4)]).run()
    with pytest.raises(tilelang.TileLangError, match=r"no config of '_scaled' compiled and ran correctly:\n  config 0 "
                                                     r"\{'block': 3, 'factor': 1.0\}: compile: ValueError"):
        AutoTuner.from_kernel(kernel=_scaled, configs=[dict(block=3, factor=1.0)]).set_compile_args(out_idx=-1).run()


def test_autotune_decorator_eager_and_explicit_config(rng, monkeypatch):
    monkeypatch.setenv("TILELANG_AUTO_TUNING_DISABLE_CACHE", "1")

    @tilelang.autotune(configs=[dict(block=4), dict(block=8)], warmup=1, rep=2)
    @tilelang.jit
    def add_one(A, block=None):
        n = T.const("n")
        A: T.Tensor((n,), T.float32)
        B = T.empty((n,), T.float32)
        with T.Kernel(T.ceildiv(n, block)) as bx:
            for i in T.Parallel(block):
                B[bx * block + i] = A[bx * block + i] + 1
        return B

    a = rng.standard_normal(16).astype(np.float32)
    np.testing.assert_array_equal(add_one(a), a + 1)  # tunes, then runs the best config
    result = add_one.tune_result(a)
    assert result.config in ([dict(block=4), dict(block=8)]) and all(x.error is None for x in result.results)
    assert add_one.compile(a).config == result.config
    np.testing.assert_array_equal(add_one(a, block=4), a + 1)  # explicit: no tuning
    with pytest.raises(tilelang.TileLangError, match="use @tilelang.autotune\\(configs=...\\) with its arguments"):
        tilelang.autotune(lambda: None, configs=[{}])


def test_autotune_compile_with_const_values(rng, monkeypatch):
    """.compile(n=..., ...) of an autotuned eager kernel (upstream's gemv main(): get_autotuned_kernel.compile(N=N,
    K=K)): keywords that are not parameters are T.const values, for the tuned call and for an explicit config."""
    monkeypatch.setenv("TILELANG_AUTO_TUNING_DISABLE_CACHE", "1")

    @tilelang.autotune(configs=[dict(block=4), dict(block=8)], warmup=1, rep=2)
    @tilelang.jit
    def add_two(A, block=None):
        n = T.const("n")
        A: T.Tensor((n,), T.float32)
        B = T.empty((n,), T.float32)
        with T.Kernel(T.ceildiv(n, block)) as bx:
            for i in T.Parallel(block):
                B[bx * block + i] = A[bx * block + i] + 2
        return B

    a = rng.standard_normal(24).astype(np.float32)
    tuned = add_two.compile(n=24)
    assert tuned.config in (dict(block=4), dict(block=8))
    np.testing.assert_array_equal(tuned(a), a + 2)
    explicit = add_two.compile(n=24, block=8)
    assert explicit.config is None
    np.testing.assert_array_equal(explicit(a), a + 2)
