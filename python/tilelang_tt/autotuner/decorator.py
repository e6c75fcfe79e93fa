"""@tilelang.autotune(configs=..., warmup=25, rep=100, timeout=100, ...) on a @tilelang.jit function, as upstream.

Contract: autotune(configs=..., ...) returns a decorator taking a JITImpl (the result of @tilelang.jit; anything
else is a TileLangError). Calling the result with the kernel function's arguments:
  * when the call gives a tunable argument (a key of the first config) explicitly, no tuning happens: it is the
    @tilelang.jit call with those arguments;
  * otherwise the configs are tuned for those arguments (AutoTuner.run, see tuner.py) once per distinct arguments
    (do_not_specialize names arguments left out of that key), and the call returns what the @tilelang.jit call
    with the best config would: the kernel (factory style) or the outputs of running it (eager style, on the
    call's tensors). .compile(*args, **kwargs) returns the best kernel in both styles; .tune_result(...) the
    AutotuneResult of those arguments.
"""
from __future__ import annotations

import inspect

from ..errors import fail, user_api
from ..utils.tensor import TensorSupplyType
from . import store
from .tuner import RESERVED, AutoTuner


class AutoTuneImpl:
    def __init__(self, jit_impl, configs, warmup, rep, timeout, profile, do_not_specialize, early_stop,
                 early_stop_factor):
        self.jit_impl, self.configs = jit_impl, configs
        self.warmup, self.rep, self.timeout, self.profile = warmup, rep, timeout, profile
        self.do_not_specialize = set(do_not_specialize or ())
        self.early_stop, self.early_stop_factor = early_stop, early_stop_factor
        self.results = {}
        self.__name__ = jit_impl.__name__
        self.__doc__ = jit_impl.__doc__

    def _bind(self, args, kwargs):
        """The call's arguments bound to the kernel function's parameters, and (eager .compile(M=..., ...)) the
        keywords that are not parameters: T.const values."""
        params = inspect.signature(self.jit_impl.fn).parameters
        consts = {}
        if self.jit_impl.mode == "eager":
            consts = {k: v for k, v in kwargs.items() if k not in params}
            kwargs = {k: v for k, v in kwargs.items() if k in params}
        try:
            return inspect.signature(self.jit_impl.fn).bind_partial(*args, **kwargs), consts
        except TypeError as e:
            fail("autotune", f"{self.__name__}: {e}")

    def _explicit(self, args, kwargs):
        """The tunable arguments the call gives itself."""
        configs = self.configs(*args, **kwargs) if callable(self.configs) else self.configs
        if not configs or not isinstance(configs, (list, tuple)) or not isinstance(configs[0], dict):
            return set()  # AutoTuner reports the bad configs
        given = self._bind(args, kwargs)[0].arguments
        return {k for k in configs[0] if k not in RESERVED and k in given}

    @user_api
    def tune_result(self, *args, **kwargs):
        """The AutotuneResult for these arguments (tuned at the first call with them)."""
        bound, consts = self._bind(args, kwargs)
        bound.apply_defaults()
        k = store.key([(n, v) for n, v in bound.arguments.items() if n not in self.do_not_specialize],
                      sorted(consts.items()))
        if k not in self.results:
            tuner = AutoTuner(self.jit_impl, self.configs).set_kernel_parameters(args, kwargs)
            tuner.set_profile_args(warmup=self.warmup, rep=self.rep, timeout=self.timeout, **self.profile)
            self.results[k] = tuner.run(self.warmup, self.rep, self.timeout, early_stop=self.early_stop,
                                        early_stop_factor=self.early_stop_factor)
        return self.results[k]

    @user_api
    def compile(self, *args, **kwargs):
        if self._explicit(args, kwargs):
            return self.jit_impl.compile(*args, **kwargs)
        return self.tune_result(*args, **kwargs).kernel

    @user_api
    def __call__(self, *args, **kwargs):
        if self._explicit(args, kwargs):
            return self.jit_impl(*args, **kwargs)
        result = self.tune_result(*args, **kwargs)
        if self.jit_impl.mode != "eager":
            return result.kernel
        return self.jit_impl(*args, **kwargs, **{k: v for k, v in result.config.items() if k not in RESERVED})


def autotune(func=None, *, configs, warmup=25, rep=100, timeout=100, supply_type=TensorSupplyType.Auto,
             ref_prog=None, supply_prog=None, rtol=1e-2, atol=1e-2, max_mismatched_ratio=0.01, skip_check=False,
             manual_check_prog=None, cache_input_tensors=False, do_not_specialize=None, early_stop=False,
             early_stop_factor=2.0):
    """Decorator for a @tilelang.jit function: tunes `configs` (see the module docstring)."""
    from ..jit import JITImpl
    if func is not None:
        fail("autotune", "use @tilelang.autotune(configs=...) with its arguments, above @tilelang.jit")
    profile = dict(supply_type=supply_type, ref_prog=ref_prog, supply_prog=supply_prog, rtol=rtol, atol=atol,
                   max_mismatched_ratio=max_mismatched_ratio, skip_check=skip_check,
                   manual_check_prog=manual_check_prog, cache_input_tensors=cache_input_tensors)

    def decorator(impl):
        if not isinstance(impl, JITImpl) or impl.mode == "prim_func":
            fail("autotune", "@tilelang.autotune applies to a @tilelang.jit function of the kernel's parameters "
                             "(put @tilelang.jit below it)")
        return AutoTuneImpl(impl, configs, warmup, rep, timeout, profile, do_not_specialize, early_stop,
                            early_stop_factor)

    return decorator
