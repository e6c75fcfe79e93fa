"""The autotuner's argument and result records, with upstream TileLang's names (tilelang.autotuner.param).

CompileArgs and ProfileArgs hold what set_compile_args / set_profile_args were given. AutotuneResult is what
AutoTuner.run() returns: the best config, its latency in milliseconds (modeled device time on the "tenstorrent"
targets, wall time on "interpret"), the reference's latency when a ref_prog was given, the best kernel, and —
beyond upstream — `results`, one ConfigResult per config tried: its latency, or the error that skipped it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..utils.tensor import TensorSupplyType


@dataclass(frozen=True)
class CompileArgs:
    out_idx: Any = None
    target: Any = None
    execution_backend: str = "auto"
    target_host: Any = None
    verbose: bool = False
    pass_configs: dict | None = None
    compile_flags: Any = None


@dataclass(frozen=True)
class ProfileArgs:
    warmup: int = 25
    rep: int = 100
    timeout: int = 30
    supply_type: TensorSupplyType = TensorSupplyType.Auto
    ref_prog: Callable | None = None
    supply_prog: Callable | None = None
    rtol: float = 1e-2
    atol: float = 1e-2
    max_mismatched_ratio: float = 0.01
    skip_check: bool = False
    manual_check_prog: Callable | None = None
    cache_input_tensors: bool = False
    backend: str = "event"


@dataclass
class ConfigResult:
    index: int
    config: dict
    latency: float | None = None  # milliseconds; None when the config was skipped
    error: str | None = None      # why it was skipped (compile error, wrong result, timeout)


@dataclass
class AutotuneResult:
    latency: float | None = None
    config: dict | None = None
    ref_latency: float | None = None
    libcode: Any = None
    func: Any = None
    kernel: Any = None
    results: list = field(default_factory=list)
