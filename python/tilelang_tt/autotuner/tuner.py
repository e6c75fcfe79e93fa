"""The autotuner: AutoTuner (from_kernel(...).set_compile_args(...).set_profile_args(...).run()) and
@tilelang.autotune(configs=..., ...) stacked on @tilelang.jit, with upstream TileLang's names and arguments.

Contract of run(warmup=25, rep=100, timeout=180, ...):
  * configs: a list of dicts of the kernel function's keyword arguments (plus an optional "pass_configs" dict,
    merged over the compile settings' pass_configs), or a function of the kernel's arguments returning one; a key
    that is not a parameter of the function is a TileLangError.
  * Compiles every config in parallel (a thread pool as wide as the machine: tracing is serialized, the TT lowering's
    g++ builds run side by side). A config whose compilation fails, or takes more than `timeout` seconds, is
    skipped with its error recorded (result.results); so is one whose outputs do not match ref_prog (profile args:
    rtol, atol, max_mismatched_ratio; or manual_check_prog), or whose benchmark exceeds the timeout (measured after
    the fact: a running call is not interrupted). No config left is a TileLangError listing the errors.
  * Benchmarks the compiled configs one at a time with the profiler's do_bench(n_warmup=warmup, n_repeat=rep):
    on the "tenstorrent" targets the emulator's modeled device time (deterministic: one run each), on "interpret"
    wall time. The best is the lowest latency, the first config in list order among equals.
  * Shows a tqdm progress bar of configs compiled, then of configs benchmarked with the best so far (when progress
    is shown: tilelang_tt/progress.py, TILELANG_TT_VERBOSE).
  * The result is cached per (kernel, arguments, target) in memory and on disk (store.py), unless the cache is
    disabled: a second run compiles the best config only.
early_stop / early_stop_factor are honoured (a config whose first call already takes more than factor × the best
so far is not measured further); use_pipeline, grouped compilation and multi-GPU benchmarking are GPU-specific and
accepted without effect.
"""
from __future__ import annotations

import concurrent.futures
import inspect
import os
import threading
import time

from .. import progress
from ..errors import TileLangError, fail, user_api
from ..kernel import JITKernel
from ..utils.tensor import TensorSupplyType
from . import store
from .param import AutotuneResult, CompileArgs, ConfigResult, ProfileArgs

_TRACE_LOCK = threading.Lock()  # the tracer's builder stack is global: one trace at a time
RESERVED = ("pass_configs",)


def _message(e):
    return e.message if isinstance(e, TileLangError) and e.message else f"{type(e).__name__}: {e}"


class AutoTuner:
    def __init__(self, fn, configs):
        from ..jit import JITImpl
        self.jit = fn if isinstance(fn, JITImpl) else None
        self.fn = fn.fn if self.jit is not None else fn
        self.configs = configs
        self.compile_args = CompileArgs()
        self.profile_args = ProfileArgs()
        if self.jit is not None:
            self.set_compile_args(out_idx=self.jit.out_idx, target=self.jit.target,
                                  pass_configs=self.jit.options["pass_configs"])
        self.args, self.kwargs = (), {}  # the kernel function's arguments besides the config (autotune)

    @classmethod
    def from_kernel(cls, kernel, configs):
        return cls(kernel, configs)

    def set_compile_args(self, out_idx=None, target=None, execution_backend=None, target_host=None, verbose=None,
                         pass_configs=None):
        from .. import pass_config
        self.compile_args = CompileArgs(out_idx=out_idx, target=target, execution_backend=execution_backend or "auto",
                                        target_host=target_host, verbose=bool(verbose),
                                        pass_configs=pass_config.check(pass_configs, "set_compile_args"),
                                        compile_flags=self.jit.options["compile_flags"] if self.jit else None)
        return self

    def set_profile_args(self, warmup=25, rep=100, timeout=30, supply_type=TensorSupplyType.Auto, ref_prog=None,
                         supply_prog=None, rtol=1e-2, atol=1e-2, max_mismatched_ratio=0.01, skip_check=False,
                         manual_check_prog=None, cache_input_tensors=False, backend="event"):
        if not isinstance(supply_type, TensorSupplyType):
            fail("set_profile_args", f"supply_type must be a tilelang.TensorSupplyType, got {supply_type!r}")
        self.profile_args = ProfileArgs(warmup, rep, timeout, supply_type, ref_prog, supply_prog, rtol, atol,
                                        max_mismatched_ratio, skip_check, manual_check_prog, cache_input_tensors,
                                        backend)
        return self

    def set_kernel_parameters(self, args, kwargs):
        self.args, self.kwargs = tuple(args), dict(kwargs)
        return self

    # ------------------------------------------------------------------ configs and compilation
    def _config_list(self):
        configs = self.configs(*self.args, **self.kwargs) if callable(self.configs) else self.configs
        if not isinstance(configs, (list, tuple)) or not configs or not all(isinstance(c, dict) for c in configs):
            fail("autotune", f"configs must be a non-empty list of dicts of the kernel's arguments, got {configs!r}")
        params = inspect.signature(self.fn).parameters
        takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
        for c in configs:
            unknown = [k for k in c if k not in params and k not in RESERVED and not takes_kwargs]
            if unknown:
                fail("autotune", f"config {c!r}: '{unknown[0]}' is not a parameter of '{self.fn.__name__}' "
                                 f"(parameters: {', '.join(params)})")
        return list(configs)

    def _target(self):
        from ..kernel import default_target
        t = self.compile_args.target
        return default_target() if t in (None, "auto") else t

    def _compile(self, config):
        """The kernel of one config (run in a worker thread)."""
        kwargs = {k: v for k, v in config.items() if k not in RESERVED}
        pass_configs = dict(self.compile_args.pass_configs or {})
        pass_configs.update(config.get("pass_configs") or {})
        with _TRACE_LOCK:
            if self.jit is not None:
                func, out_idx, ret_idx = self.jit.elaborate(*self.args, **{**self.kwargs, **kwargs})
            else:
                func, out_idx, ret_idx = self.fn(*self.args, **{**self.kwargs, **kwargs}), \
                    self.compile_args.out_idx, None
        return JITKernel(func, out_idx, self._target(), ret_idx, pass_configs=pass_configs,
                         compile_flags=self.compile_args.compile_flags)

    def _compile_all(self, configs, timeout, results):
        """{index: kernel} of the configs that compiled within the timeout; errors go to results."""
        started = {}

        def task(i):
            started[i] = time.monotonic()
            return self._compile(configs[i])

        kernels = {}
        workers = max(1, min(len(configs), os.cpu_count() or 1))
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tl-autotune")
        pending = {pool.submit(task, i): i for i in range(len(configs))}
        bar = progress.bar(len(configs), f"Compiling {self.fn.__name__} configs")
        try:
            while pending:
                done, _ = concurrent.futures.wait(pending, timeout=0.5, return_when=concurrent.futures.FIRST_COMPLETED)
                for fut in done:
                    i = pending.pop(fut)
                    try:
                        kernels[i] = fut.result()
                    except Exception as e:  # noqa: BLE001 (a failing config is skipped, its error kept)
                        results[i].error = f"compile: {_message(e)}"
                    bar.update(1)
                now = time.monotonic()
                for fut, i in list(pending.items()):
                    if i in started and now - started[i] > timeout:
                        results[i].error = f"compile: took more than the timeout of {timeout} s"
                        del pending[fut]
                        bar.update(1)
        finally:
            bar.close()
            pool.shutdown(wait=False, cancel_futures=True)
        return kernels

    # ------------------------------------------------------------------ benchmarking
    def _inputs(self, profiler, cached):
        pa = self.profile_args
        if pa.cache_input_tensors and cached:
            return cached[0]
        ins = pa.supply_prog(profiler._get_params()) if pa.supply_prog else profiler._get_inputs()
        if pa.cache_input_tensors:
            cached.append(ins)
        return ins

    def _bench(self, kernel, warmup, rep, timeout, cached, baseline):
        """Latency in ms of one kernel; raises when its outputs are wrong or it is too slow."""
        pa = self.profile_args
        profiler = kernel.get_profiler(tensor_supply_type=pa.supply_type)
        ins = self._inputs(profiler, cached)
        if pa.ref_prog is not None and not pa.skip_check:
            if pa.manual_check_prog is not None:
                profiler.manual_assert_close(pa.ref_prog, input_tensors=ins, manual_check_prog=pa.manual_check_prog)
            else:
                profiler.assert_allclose(pa.ref_prog, input_tensors=ins, rtol=pa.rtol, atol=pa.atol,
                                         max_mismatched_ratio=pa.max_mismatched_ratio)
        t0 = time.monotonic()
        latency = profiler.do_bench(n_warmup=warmup, n_repeat=rep, input_tensors=ins, backend=pa.backend,
                                    early_stop_baseline=baseline)
        if time.monotonic() - t0 > timeout:
            raise TimeoutError(f"the benchmark took more than the timeout of {timeout} s")
        return latency, profiler, ins

    def _bench_all(self, kernels, configs, warmup, rep, timeout, results, early_stop_factor):
        best, cached, ref_latency = None, [], None
        bar = progress.bar(len(kernels), f"Benchmarking {self.fn.__name__} configs")
        try:
            for i in sorted(kernels):
                baseline = None if best is None or early_stop_factor is None else results[best].latency * \
                    early_stop_factor
                try:
                    latency, profiler, ins = self._bench(kernels[i], warmup, rep, timeout, cached, baseline)
                except Exception as e:  # noqa: BLE001 (wrong results, timeouts, run failures: skipped)
                    results[i].error = f"benchmark: {_message(e)}"
                else:
                    results[i].latency = latency
                    if best is None or latency < results[best].latency:
                        best = i
                    if ref_latency is None and self.profile_args.ref_prog is not None:
                        ref_latency = profiler.do_bench(self.profile_args.ref_prog, n_warmup=warmup, n_repeat=rep,
                                                        input_tensors=ins)
                bar.update(1)
                if best is not None:
                    bar.set_postfix(best_ms=f"{results[best].latency:.4g}", best=configs[best])
        finally:
            bar.close()
        return best, ref_latency

    # ------------------------------------------------------------------ the run
    def _key(self, configs):
        ca, pa = self.compile_args, self.profile_args
        return store.key(store.function_identity(self.fn), self.args, sorted(self.kwargs.items()), configs,
                         self._target(), ca.out_idx, ca.pass_configs, ca.compile_flags, pa.supply_type, pa.ref_prog,
                         pa.supply_prog, pa.skip_check, pa.rtol, pa.atol, pa.max_mismatched_ratio, pa.manual_check_prog)

    def _result(self, configs, best, kernel, latency, ref_latency, results):
        kernel.update_tuner_result(latency=latency, config=configs[best], ref_latency=ref_latency)
        return AutotuneResult(latency=latency, config=configs[best], ref_latency=ref_latency,
                              libcode=kernel.get_kernel_source(), func=kernel.prim_func, kernel=kernel, results=results)

    @user_api
    def run(self, warmup=25, rep=100, timeout=180, use_pipeline=False, enable_grouped_compile=False,
            group_compile_size=2, benchmark_devices=None, benchmark_multi_gpu=False, early_stop=False,
            early_stop_factor=2.0):
        if early_stop and early_stop_factor < 1.0:
            fail("autotune", f"early_stop_factor must be >= 1.0, got {early_stop_factor}")
        configs = self._config_list()
        k = self._key(configs)
        record = store.load(k)
        if record is not None and 0 <= record.get("best", -1) < len(configs):
            results = [ConfigResult(i, configs[i], lat, err) for i, lat, err in record["results"]]
            kernel = self._compile(configs[record["best"]])
            return self._result(configs, record["best"], kernel, record["latency"], record["ref_latency"], results)
        results = [ConfigResult(i, c) for i, c in enumerate(configs)]
        kernels = self._compile_all(configs, timeout, results)
        best, ref_latency = self._bench_all(kernels, configs, warmup, rep, timeout, results,
                                            early_stop_factor if early_stop else None)
        if best is None:
            errors = "\n".join(f"  config {r.index} {r.config}: {r.error}" for r in results)
            fail("autotune", f"no config of '{self.fn.__name__}' compiled and ran correctly:\n{errors}")
        store.save(k, {"best": best, "latency": results[best].latency, "ref_latency": ref_latency,
                       "results": [[r.index, r.latency, r.error] for r in results]})
        return self._result(configs, best, kernels[best], results[best].latency, ref_latency, results)

    def __call__(self):
        return self.run()
