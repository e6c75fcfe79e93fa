"""TileLang-TT: TileLang kernels compiled to Tenstorrent TT-Metalium programs (and run on a reference
interpreter). Use as `import tilelang_tt as tilelang; import tilelang_tt.language as T`."""
from . import _core
from .errors import InternalError, TileLangError

_core.set_exception_types(TileLangError, InternalError)

from . import language  # noqa: E402
from .jit import JITImpl, compile, jit  # noqa: E402
from .kernel import JITKernel, register_backend  # noqa: E402
from .pass_config import PassConfigKey  # noqa: E402
from .frontend.trace import PrimFunc  # noqa: E402
from . import layout  # noqa: E402
from .cache import clear_cache, disable_cache, enable_cache, is_cache_enabled  # noqa: E402
from . import tenstorrent  # noqa: E402

for _name, _device in tenstorrent.DEVICES.items():
    register_backend(_name, tenstorrent.factory(_device))
from .language.math import ceildiv as cdiv  # noqa: E402
from .utils.tensor import TensorSupplyType  # noqa: E402
from . import profiler  # noqa: E402
from . import autotuner  # noqa: E402
from .autotuner import autotune  # noqa: E402
from . import math  # noqa: E402
from . import tvm  # noqa: E402

__version__ = "0.1.0"
__all__ = ["compile", "jit", "JITImpl", "JITKernel", "PrimFunc", "TileLangError", "InternalError", "language",
           "register_backend", "cdiv", "clear_cache", "disable_cache", "enable_cache", "is_cache_enabled",
           "PassConfigKey", "TensorSupplyType", "profiler", "autotuner", "autotune", "math", "tvm"]
