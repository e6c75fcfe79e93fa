"""The `op` decorator for language functions: argument count/name mistakes become TileLangErrors naming the op."""
from __future__ import annotations

import functools
import inspect

from ..errors import fail


def op(name: str):
    def deco(fn):
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                sig.bind(*args, **kwargs)
            except TypeError as e:
                fail(name, str(e))
            return fn(*args, **kwargs)

        return wrapper

    return deco
