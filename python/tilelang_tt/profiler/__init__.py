"""The profiler (kernel.get_profiler()) and tilelang.profiler.do_bench, with upstream TileLang's names.

Contract: Profiler(kernel, supply_type) makes inputs for the kernel's parameters that are not outputs (out_idx),
with get_tensor_supply(supply_type) seeded with 0 (utils/tensor.py), and
  * do_bench(func=None, warmup=25, rep=100, n_warmup=0, n_repeat=0, input_tensors=None, backend="event",
    quantiles=None, return_mode="mean", dynamic_symbolic_constraints=None, device=None, early_stop_baseline=None)
    times func (default: the kernel) called with those inputs, in milliseconds (bench.py: the modeled device time
    on the "tenstorrent" targets, wall time on "interpret" and for host functions such as a reference);
  * assert_allclose(reference_program, input_tensors=None, atol=1e-2, rtol=1e-2, max_mismatched_ratio=0.01)
    runs the kernel and the reference on the same inputs and compares each output the kernel returns with the
    reference's (numpy arrays, torch tensors or anything with __dlpack__), element-wise |a - b| <= atol + rtol·|b|
    in float64; it passes when at most max_mismatched_ratio of the elements differ (NaN equals NaN) and otherwise
    raises AssertionError saying how many differ and where the worst one is;
  * manual_assert_close(reference_program, input_tensors=None, manual_check_prog=None), assert_consistent(repeat),
    run_once(func=None) as upstream.
"""
from __future__ import annotations

import numpy as np

from ..errors import fail
from ..utils.tensor import TensorSupplyType, get_tensor_supply
from .bench import do_bench

__all__ = ["Profiler", "do_bench", "TensorSupplyType"]


def _as_list(outs):
    if outs is None:
        return []
    return list(outs) if isinstance(outs, (list, tuple)) else [outs]


def _host_array(x, what):
    from ..kernel import _to_numpy
    return _to_numpy(x, what)[0]


def _compare(actual, expected, i, rtol, atol, max_mismatched_ratio):
    a = _host_array(actual, f"output {i}").astype(np.float64)
    b = _host_array(expected, f"reference output {i}").astype(np.float64)
    if a.shape != b.shape:
        raise AssertionError(f"output {i}: shape {a.shape} differs from the reference's {b.shape}")
    with np.errstate(invalid="ignore"):
        err = np.abs(a - b)
        bad = ~((err <= atol + rtol * np.abs(b)) | (np.isnan(a) & np.isnan(b)) | (a == b))
    n_bad = int(bad.sum())
    if n_bad > max_mismatched_ratio * a.size:
        worst = np.unravel_index(np.argmax(np.where(bad, np.nan_to_num(err, nan=np.inf), -1.0)), a.shape)
        raise AssertionError(
            f"output {i}: {n_bad} of {a.size} elements ({n_bad / max(a.size, 1):.2%}) differ from the reference "
            f"beyond atol={atol}, rtol={rtol} (allowed: {max_mismatched_ratio:.2%}); the worst at index "
            f"{tuple(int(j) for j in worst)}: {a[worst]!r} vs {b[worst]!r}")


class Profiler:
    def __init__(self, kernel, supply_type: TensorSupplyType = TensorSupplyType.Auto):
        self.kernel = kernel
        self.params = list(kernel.params)
        self.result_idx = list(kernel.out_idx)
        self.supply_type = supply_type
        self.supply = get_tensor_supply(supply_type, np.random.default_rng(0))

    def _get_params(self, with_output=False):
        return [p for i, p in enumerate(self.params) if with_output or i not in self.result_idx]

    def _get_inputs(self, with_output=False, dynamic_symbolic_constraints=None):
        return [self.supply(p, dynamic_symbolic_constraints) for p in self._get_params(with_output)]

    @property
    def func(self):
        return self.kernel

    def __call__(self, *args, **kwargs):
        return self.kernel(*args, **kwargs)

    def assert_allclose(self, reference_program, input_tensors=None, atol: float = 1e-2, rtol: float = 1e-2,
                        max_mismatched_ratio: float = 0.01):
        ins = self._get_inputs() if input_tensors is None else list(input_tensors)
        ref_outs = _as_list(reference_program(*ins))
        lib_outs = _as_list(self.kernel(*ins))
        if len(lib_outs) != len(ref_outs):
            raise AssertionError(f"the kernel returned {len(lib_outs)} outputs and the reference {len(ref_outs)}")
        for i, (lhs, rhs) in enumerate(zip(lib_outs, ref_outs)):
            if lhs is not None and rhs is not None:  # upstream: a None reference output is not compared
                _compare(lhs, rhs, i, rtol, atol, max_mismatched_ratio)

    def manual_assert_close(self, reference_program, input_tensors=None, manual_check_prog=None):
        if manual_check_prog is None:
            fail("profiler", "manual_assert_close needs manual_check_prog(kernel_outputs, reference_outputs)")
        ins = self._get_inputs() if input_tensors is None else list(input_tensors)
        ref_outs = _as_list(reference_program(*ins))
        lib_outs = _as_list(self.kernel(*ins))
        if len(lib_outs) != len(ref_outs):
            raise AssertionError(f"the kernel returned {len(lib_outs)} outputs and the reference {len(ref_outs)}")
        manual_check_prog(lib_outs, ref_outs)

    def assert_consistent(self, repeat: int = 10):
        """The kernel gives the same outputs, bit for bit, on `repeat` more runs of the same inputs."""
        ins = self._get_inputs()
        first = [np.array(_host_array(o, "output")) for o in _as_list(self.kernel(*ins))]
        for _ in range(repeat):
            for i, (a, b) in enumerate(zip(_as_list(self.kernel(*ins)), first)):
                if not np.array_equal(_host_array(a, "output"), b, equal_nan=b.dtype.kind == "f"):
                    raise AssertionError(f"output {i} differs between two runs of the same inputs")

    def run_once(self, func=None):
        return (func or self.kernel)(*self._get_inputs())

    def do_bench(self, func=None, warmup: float = 25, rep: float = 100, n_warmup: int = 0, n_repeat: int = 0,
                 input_tensors=None, backend: str = "event", quantiles=None, return_mode: str = "mean",
                 dynamic_symbolic_constraints=None, device=None, early_stop_baseline=None):
        if input_tensors is not None:
            ins = list(input_tensors)
        else:
            ins = self._get_inputs(dynamic_symbolic_constraints=dynamic_symbolic_constraints)
        target = self.kernel if func is None else func
        return do_bench(lambda: target(*ins), warmup=warmup, rep=rep, _n_warmup=n_warmup, _n_repeat=n_repeat,
                        quantiles=quantiles, backend=backend, return_mode=return_mode,
                        early_stop_baseline=early_stop_baseline)
