"""Where autotuning results are kept: in memory and on disk, per (kernel, arguments, target).

Contract: key(...) is a SHA-256 over the kernel function's source and closure values, the arguments it is tuned
for, the config list, the compile settings (target, out_idx, pass_configs), the checks that decide which configs
are valid (supply type, reference, tolerances) and the package version. load(key) / save(key, record) read and
write <cache root>/autotune/<key>.json (cache.root(), written atomically) and an in-memory table; with the cache
disabled (tilelang.disable_cache(), TILELANG_TT_DISABLE_CACHE=1) or upstream's TILELANG_AUTO_TUNING_DISABLE_CACHE=1
is set, neither is read or written. A record names the
best config by its index in the config list (the list is part of the key) and keeps every config's latency or error.
A change to a helper the kernel calls (not its own source) is not seen by the key: clear_cache() then.
"""
from __future__ import annotations

import enum
import hashlib
import inspect
import json
import os
import tempfile

import numpy as np

from .. import cache

_memory: dict = {}


def _norm(v):
    """A stable, JSON-able description of a value for the key."""
    if isinstance(v, enum.Enum):
        return f"{type(v).__name__}.{v.name}"
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return sorted(([_norm(k), _norm(x)] for k, x in v.items()), key=repr)
    if hasattr(v, "shape") and hasattr(v, "dtype"):
        return ["tensor", [int(s) for s in v.shape], str(v.dtype)]
    if isinstance(v, np.dtype) or isinstance(v, np.generic):
        return str(v)
    if callable(v):
        return f"{getattr(v, '__module__', '')}.{getattr(v, '__qualname__', type(v).__name__)}"
    return f"{type(v).__name__}:{v!r}"


def function_identity(fn):
    """The source and the closure values of fn (what decides the kernels it builds besides its arguments)."""
    try:
        src = inspect.getsource(fn)
    except (OSError, TypeError):
        src = fn.__code__.co_code.hex() if hasattr(fn, "__code__") else repr(fn)
    cells = getattr(fn, "__closure__", None) or ()
    names = getattr(getattr(fn, "__code__", None), "co_freevars", ())
    closure = [[n, _norm(c.cell_contents)] for n, c in zip(names, cells) if not callable(c.cell_contents)]
    return [_norm(fn), src, closure]


def key(*parts) -> str:
    from .. import __version__
    text = json.dumps([__version__, *[_norm(p) for p in parts]], sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def enabled() -> bool:
    return cache.is_cache_enabled() and not cache._truthy("TILELANG_AUTO_TUNING_DISABLE_CACHE")


def _path(k):
    return os.path.join(cache.root(), "autotune", k + ".json")


def load(k):
    if not enabled():
        return None
    if k in _memory:
        return _memory[k]
    try:
        with open(_path(k)) as f:
            record = json.load(f)
    except (OSError, ValueError):
        return None
    _memory[k] = record
    return record


def save(k, record):
    if not enabled():
        return
    _memory[k] = record
    d = os.path.dirname(_path(k))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp_")
    with os.fdopen(fd, "w") as f:
        json.dump(record, f)
    os.replace(tmp, _path(k))  # readers see the old record or the new one, never half of one
