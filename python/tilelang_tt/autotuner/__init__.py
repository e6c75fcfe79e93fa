"""tilelang.autotuner: AutoTuner and autotune (tuner.py, decorator.py), as upstream names them."""
from .decorator import AutoTuneImpl, autotune
from .param import AutotuneResult, CompileArgs, ConfigResult, ProfileArgs
from .tuner import AutoTuner

__all__ = ["AutoTuner", "AutoTuneImpl", "autotune", "AutotuneResult", "CompileArgs", "ConfigResult", "ProfileArgs"]
