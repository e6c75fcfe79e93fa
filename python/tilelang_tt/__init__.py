"""TileLang-TT: TileLang kernels compiled to Tenstorrent TT-Metalium programs."""
from . import _core  # noqa: F401
