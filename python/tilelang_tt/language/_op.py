"""The `op` decorator for language functions: argument count/name mistakes become TileLangErrors naming the op,
and TileLangErrors leave the function without internal frames (errors.user_api)."""
from __future__ import annotations

import functools
import inspect

from ..errors import fail, user_api


def op(name: str):
    def deco(fn):
        sig = inspect.signature(fn)

        @user_api
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                sig.bind(*args, **kwargs)
            except TypeError as e:
                fail(name, str(e))
            return fn(*args, **kwargs)

        return wrapper

    return deco
